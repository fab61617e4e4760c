import type { Rule, RuleMeta } from "../rule.ts";
import { literalText } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE3011",
  name: "ondemand-schedule",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-concepts-schedules.html",
  summary: "An on-demand pipeline uses a Schedule object.",
  implements: ["ondemand-no-schedule"],
  explanation: [
    "On-demand pipelines run when activated and take no schedule. The only accepted Schedule is",
    "the explicit on-demand one: `period = ONDEMAND_PERIOD` with `startAt = ONDEMAND_ACTIVATION_TIME`.",
    "",
    "```",
    "default { scheduleType = ondemand  schedule = Daily }",
    "Schedule Daily { period = 1 day  startAt = FIRST_ACTIVATION_DATE_TIME }   // PIPE3011",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    if (p.scheduleType !== "ondemand") return undefined;
    const setting = p.defaults.fields.find((f) => f.key === "scheduleType");
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.type !== "Schedule") return;
        const period = literalText(o.effective.get("period"));
        const startAt = literalText(o.effective.get("startAt"));
        if (period === "ONDEMAND_PERIOD" && startAt === "ONDEMAND_ACTIVATION_TIME") return;
        ctx.report({
          span: o.idSpan,
          message: `the pipeline is on-demand (scheduleType = ondemand), so it cannot use the schedule \`${o.id}\``,
          hint: "remove the schedule, or make the pipeline scheduled (cron or timeseries)",
          related: setting ? [{ message: "the pipeline is made on-demand here", file: p.file, span: setting.span }] : undefined,
        });
      },
    };
  },
};
