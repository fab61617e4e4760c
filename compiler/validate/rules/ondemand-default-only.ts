import type { Rule, RuleMeta } from "../rule.ts";
import { firstFieldsWithKey } from "../index-cache.ts";
import { literalText } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE3010",
  name: "ondemand-default-only",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-concepts-schedules.html",
  summary: "`scheduleType = ondemand` set on an object other than the default, or mixed with other schedule types.",
  implements: ["ondemand-default-only"],
  explanation: [
    "An on-demand pipeline runs once per activation. `scheduleType = ondemand` belongs in the",
    "`default` block, and no object may then declare another `scheduleType`.",
    "",
    "```",
    "default { scheduleType = ondemand }",
    "ShellCommandActivity Copy { scheduleType = cron ... }   // PIPE3010",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      const pipelineOnDemand = p.scheduleType === "ondemand";
      for (const { object: o, field: f } of firstFieldsWithKey(p, "scheduleType")) {
        if (o === p.defaults) continue;
        const t = literalText(f)?.toLowerCase();
        if (t === undefined) continue;
        if (t === "ondemand" && o.id !== "Default") {
          ctx.report({ span: f.span, message: "`scheduleType = ondemand` must be set in the `default` block, not on an object", hint: "move it into default { ... }" });
        } else if (pipelineOnDemand && t !== "ondemand") {
          ctx.report({ span: f.span, message: `the pipeline is on-demand, so \`${o.id}\` cannot use \`scheduleType = ${t}\`` });
        }
      }
    }
  },
};
