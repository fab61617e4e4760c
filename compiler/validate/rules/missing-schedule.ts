import type { Rule, RuleMeta } from "../rule.ts";
import { isRunnable } from "../util.ts";
import { fieldSpec } from "../../model/index.ts";

export const meta: RuleMeta = {
  code: "PIPE3012",
  name: "missing-schedule",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-concepts-schedules.html",
  summary: "A scheduled pipeline has an activity, data node or resource without a schedule.",
  implements: ["schedule-present"],
  explanation: [
    "Unless the pipeline is on-demand, every activity, data node and resource needs a `schedule`,",
    "usually inherited from the `default` block.",
    "",
    "```",
    "default { scheduleType = cron }        // no schedule here",
    "ShellCommandActivity Copy { ... }      // PIPE3012",
    "```",
    "",
    "A resource (Ec2Resource, EmrCluster) without a schedule is a warning: AWS's own examples of",
    "these objects leave it out, and the resource runs for the activities that use it.",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    if (p.scheduleType === "ondemand") return undefined;
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (!isRunnable(o) || o.effective.has("schedule") || !o.type || !fieldSpec(o.type, "schedule")) return;
        ctx.report({
          ...(o.category === "resource" ? { severity: "warning" as const } : {}),
          span: o.idSpan,
          message: `\`${o.id}\` has no \`schedule\` (the pipeline is ${p.scheduleType === "cron" ? "a cron" : "a time-series"} pipeline)`,
          hint: "set `schedule = <Schedule id>` in the default block, or `scheduleType = ondemand`",
        });
      },
    };
  },
};
