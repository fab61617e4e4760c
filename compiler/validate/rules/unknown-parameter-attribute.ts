import { parameterAttribute, parameterAttributeNames, suggest } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2015",
  name: "unknown-parameter-attribute",
  kind: "validation",
  severity: "warning",
  summary: "A parameter attribute that Data Pipeline does not document.",
  explanation: [
    "Parameter bodies accept `description`, `optional`, `allowedValues`, `default`, `isArray`,",
    "`watermark`, `helpText` and `helpLink`. Other attributes are ignored or rejected.",
    "",
    "```",
    "param myBucket: String { descripton = \"where output goes\" }   // PIPE2015",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const prm of p.parameters) {
        for (const a of prm.attributes) {
          if (a.key === "type" || a.key === "default" || a.key === "id" || /^my[A-Z_]/.test(a.key)) continue;
          if (parameterAttribute(a.key)) continue;
          const s = suggest(a.key, parameterAttributeNames());
          ctx.report({ span: a.span, message: `\`${a.key}\` is not a parameter attribute`, hint: s ? `did you mean \`${s}\`?` : undefined });
        }
      }
    }
  },
};
