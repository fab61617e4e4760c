import { suggest } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2003",
  name: "unknown-reference",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "A reference names no object of the pipeline.",
  implements: ["ref-resolves"],
  explanation: [
    "A reference (a bare word in a reference field such as `runsOn`, `input`, `schedule`,",
    "`dependsOn`, or in a user field `myX`) must name an object declared in the same pipeline.",
    "Ids are case-sensitive. In an on-demand pipeline, where `schedule` is ignored, a dangling",
    "`schedule` reference is only a warning.",
    "",
    "```",
    "Ec2Resource Worker { ... }",
    "ShellCommandActivity Copy { runsOn = Wroker }   // PIPE2003: did you mean `Worker`?",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    let ids: string[] | undefined; // the candidates for a suggestion, listed at the first unknown reference
    return {
      object(o) {
        for (const f of o.fields) {
          for (const v of f.values) {
            if (v.kind !== "ref" || p.byId.has(v.id)) continue;
            ids ??= [...p.byId.keys()];
            const s = suggest(v.id, ids);
            // On-demand pipelines ignore `schedule`; AWS accepts a dangling one there.
            const ignored = f.key === "schedule" && p.scheduleType === "ondemand";
            ctx.report({
              severity: ignored ? "warning" : undefined,
              span: v.span,
              message: `\`${f.key}\` refers to \`${v.id}\`, which is not declared in this pipeline`,
              hint: s ? `did you mean \`${s}\`?` : "declare the object, or fix the id (ids are case-sensitive)",
              fix: s ? { description: `replace with ${s}`, edits: [{ span: v.span, text: s }] } : undefined,
            });
          }
        }
      },
    };
  },
};
