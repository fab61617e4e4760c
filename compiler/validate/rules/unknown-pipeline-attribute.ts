import { suggest } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2014",
  name: "unknown-pipeline-attribute",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "A field directly in a pipeline block other than `description` and `tags`.",
  explanation: [
    "A pipeline block holds `description`, `tags = { key: \"value\" }`, parameters, one `default`",
    "block and objects. Fields that objects share belong in `default { ... }`.",
    "",
    "```",
    "pipeline etl {",
    "  role = \"DataPipelineDefaultRole\"   // PIPE2014: move it into default { ... }",
    "}",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const f of p.otherAttributes ?? []) {
        const s = suggest(f.key, ["description", "tags"]);
        ctx.report({
          span: f.keySpan,
          message: f.key === "tags" ? "`tags` takes a map: tags = { key: \"value\" }" : `\`${f.key}\` is not a pipeline attribute`,
          hint: f.key === "tags" ? undefined : s ? `did you mean \`${s}\`?` : "fields shared by all objects belong in the `default { ... }` block",
        });
      }
    }
  },
};
