import type { Rule, RuleMeta } from "../rule.ts";
import { literalText } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE4008",
  name: "staging-output-directory",
  kind: "validation",
  severity: "warning",
  summary: "An activity stages its output (`stage = true`) into an S3DataNode that has no `directoryPath`.",
  implements: ["staging-output-dir"],
  explanation: [
    "With `stage = true`, the activity's output directory `${OUTPUT1_STAGING_DIR}` is uploaded to the",
    "output data node's `directoryPath`; a node with only a `filePath` receives nothing.",
    "",
    "```",
    "S3DataNode Out { filePath = \"s3://b/out.csv\" }",
    "ShellCommandActivity Copy { stage = true  output = Out ... }   // PIPE4008",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.category !== "activity" || literalText(o.effective.get("stage"))?.toLowerCase() !== "true") return;
        for (const v of o.effective.get("output")?.field.values ?? []) {
          if (v.kind !== "ref") continue;
          const t = p.byId.get(v.id);
          if (t?.type !== "S3DataNode" || t.effective.has("directoryPath")) continue;
          ctx.report({ span: v.span, message: `\`${o.id}\` stages its output, but \`${t.id}\` has no \`directoryPath\` to receive it` });
        }
      },
    };
  },
};
