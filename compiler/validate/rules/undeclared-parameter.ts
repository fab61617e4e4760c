import { suggest } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { forEachExprOfKind } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE2010",
  name: "undeclared-parameter",
  kind: "validation",
  severity: "warning",
  summary: "An expression uses a parameter `myX` that the pipeline does not declare.",
  implements: ["param-declared"],
  explanation: [
    "`#<myX>` reads the value of the parameter `myX`. Without a `param myX` declaration the value",
    "must be supplied at activation, and a typo goes unnoticed. AWS's own templates sometimes",
    "supply values for undeclared ids, so this is a warning.",
    "",
    "```",
    "param myBucket: String",
    "S3DataNode Out { directoryPath = \"#<myBuckett>/out\" }   // PIPE2010: did you mean `myBucket`?",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      const ids = new Set(p.parameters.map((x) => x.id));
      forEachExprOfKind(p, "param", (e) => {
        if (ids.has(e.id) || ids.has(`*${e.id}`) || ids.has(e.id.replace(/^\*/, ""))) return;
        const s = suggest(e.id, ids);
        ctx.report({
          span: e.span,
          message: `the parameter \`${e.id}\` is not declared`,
          hint: s ? `did you mean \`${s}\`?` : `declare it: param ${e.id}: String`,
          fix: s ? { description: `replace with ${s}`, edits: [{ span: e.span, text: s }] } : undefined,
        });
      });
    }
  },
};
