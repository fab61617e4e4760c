import type { ParameterIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2002",
  name: "duplicate-parameter",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-custom-templates.html",
  summary: "A parameter is declared twice (or once plain and once encrypted).",
  explanation: [
    "Parameter ids are unique. `param myKey` and `param *myKey` name the same value and cannot both exist.",
    "",
    "```",
    "param myBucket: String",
    "param myBucket: String = \"s3://b\"   // PIPE2002",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      const seen = new Map<string, ParameterIR>();
      for (const prm of p.parameters) {
        const bare = prm.id.replace(/^\*/, "");
        const prev = seen.get(bare);
        if (!prev) {
          seen.set(bare, prm);
          continue;
        }
        ctx.report({
          span: prm.idSpan,
          message: `the parameter \`${bare}\` is already declared`,
          related: [{ message: "first declared here", file: p.file, span: prev.idSpan }],
        });
      }
    }
  },
};
