import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4012",
  name: "missing-log-uri",
  kind: "validation",
  severity: "warning",
  summary: "The pipeline has no `pipelineLogUri`, so its logs are not kept.",
  implements: ["missing-log-uri"],
  explanation: [
    "Without `pipelineLogUri` (usually in the default block) Data Pipeline keeps no task logs and",
    "answers with a validation warning.",
    "",
    "```",
    "default { pipelineLogUri = \"s3://my-logs/pipelines/\" }",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      if (p.defaults.effective.has("pipelineLogUri") || p.objects.some((o) => o.effective.has("pipelineLogUri"))) continue;
      ctx.report({ span: p.nameSpan, message: `pipeline \`${p.name}\` has no \`pipelineLogUri\`; its logs will not be kept`, hint: "add pipelineLogUri = \"s3://...\" to the default block" });
    }
  },
};
