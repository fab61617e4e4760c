import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3007",
  name: "empty-value",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_PutPipelineDefinition.html",
  summary: "An empty string or empty list as a field or parameter attribute value.",
  implements: ["empty-value"],
  explanation: [
    "Data Pipeline refuses to save a definition with an empty value (a FATAL error, nothing is",
    "stored), and an empty parameter attribute crashes the service call. Leave the field out",
    "instead. An empty list (`\"configuration\": []`, `\"default\": []`) is different: the file form",
    "sends one value per element, so it sends nothing, which the service accepts; it is reported",
    "as information only, and kept as written.",
    "",
    "```",
    "Ec2Resource Worker { workerGroup = \"\" }   // PIPE3007",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        for (const f of o.fields) {
          if (f.values.length === 0) {
            // `[]` is how the file form says "no value": the CLI sends nothing for it.
            if (f.list) ctx.report({ span: f.span, message: `\`${f.key}\` is an empty list, which sends no value`, hint: "remove the field", severity: "info" });
            else ctx.report({ span: f.span, message: `\`${f.key}\` has no value`, hint: "remove the field, or give it a value" });
            continue;
          }
          for (const v of f.values) {
            const empty = (v.kind === "literal" && v.text === "") || (v.kind === "template" && v.parts.length === 0);
            if (empty) ctx.report({ span: v.span, message: `\`${f.key}\` is empty; Data Pipeline rejects empty values`, hint: "remove the field, or give it a value" });
          }
        }
      },
      end() {
        for (const prm of p.parameters) {
          for (const a of prm.attributes) {
            if (a.values.length === 0) {
              ctx.report({ span: a.span, message: `the parameter attribute \`${a.key}\` of \`${prm.id}\` is an empty list, which sends no value`, hint: "remove the attribute", severity: "info" });
              continue;
            }
            if (!a.values.includes("")) continue;
            ctx.report({ span: a.span, message: `the parameter attribute \`${a.key}\` of \`${prm.id}\` is empty`, hint: "empty parameter attributes make the service call fail; remove it" });
          }
        }
      },
    };
  },
};
