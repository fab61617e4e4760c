import { suggest } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2010",
  name: "undeclared-parameter",
  kind: "validation",
  severity: "warning",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-custom-templates.html",
  summary: "An expression uses a parameter `myX` that the pipeline does not declare.",
  implements: ["param-declared"],
  explanation: [
    "`#<myX>` reads the value of the parameter `myX`. Without a `param myX` declaration the value",
    "must be supplied at activation, and a typo goes unnoticed. AWS's own templates sometimes",
    "supply values for undeclared ids, so this is a warning.",
    "",
    "An encrypted parameter is named with its `*` everywhere (`#<*myPassword>`, `\"*myPassword\"` in a",
    "values file, `--param *myPassword=...`); using `myPassword` for `*myPassword` (or the reverse) is",
    "reported with a did-you-mean. It stays a warning: an AWS sample (LoadTsvFilesInS3ToRedshift)",
    "reads `#{myRedshiftPassword}` for `*myRedshiftPassword`.",
    "",
    "```",
    "param myBucket: String",
    "S3DataNode Out { directoryPath = \"#<myBuckett>/out\" }   // PIPE2010: did you mean `myBucket`?",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const ids = new Set(p.parameters.map((x) => x.id));
    return {
      expr(e) {
        if (e.kind !== "param") return;
        if (ids.has(e.id)) return;
        // One naming rule everywhere: an encrypted parameter's id carries its `*` (`#<*myPassword>`,
        // `"*myPassword"` in a values file, `--param *myPassword=...`), a plain one does not.
        const other = e.id.startsWith("*") ? e.id.slice(1) : `*${e.id}`;
        if (ids.has(other)) {
          ctx.report({
            span: e.span,
            message: `the parameter is declared as \`${other}\`, not \`${e.id}\`: an encrypted parameter is named with its \`*\` everywhere`,
            hint: `did you mean \`${other}\`?`,
            fix: { description: `replace with ${other}`, edits: [{ span: e.span, text: other }] },
          });
          return;
        }
        const s = suggest(e.id, ids);
        ctx.report({
          span: e.span,
          message: `the parameter \`${e.id}\` is not declared`,
          hint: s ? `did you mean \`${s}\`?` : `declare it: param ${e.id}: String`,
          fix: s ? { description: `replace with ${s}`, edits: [{ span: e.span, text: s }] } : undefined,
        });
      },
    };
  },
};
