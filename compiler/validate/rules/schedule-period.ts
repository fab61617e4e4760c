import { LIMITS, parsePeriod, periodCompare } from "../../model/index.ts";
import type { Period } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { periodOf } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE3008",
  name: "schedule-period",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html",
  summary: "A schedule period shorter than 15 minutes or longer than 3 years.",
  implements: ["period-range"],
  explanation: [
    "`Schedule.period` is `<count> <unit>` (minutes, hours, days, weeks, months or years) between",
    "15 minutes and 3 years. `ONDEMAND_PERIOD` is accepted only in on-demand pipelines.",
    "",
    "```",
    "Schedule Often { period = 5 minutes  startAt = FIRST_ACTIVATION_DATE_TIME }   // PIPE3008",
    "```",
  ].join("\n"),
};

const MIN = parsePeriod(LIMITS.minimumSchedulingInterval.value) as Period;
const MAX = parsePeriod(LIMITS.maximumSchedulePeriod.value) as Period;

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.type !== "Schedule") return;
        const f = o.effective.get("period")?.field; // own, or inherited through parent
        const v = f?.values[0];
        if (v?.kind === "literal" && v.text === "ONDEMAND_PERIOD" && p.scheduleType !== "ondemand") {
          ctx.report({ span: v.span, message: "`ONDEMAND_PERIOD` is only for on-demand pipelines (scheduleType = ondemand)" });
          return;
        }
        const period = periodOf(v);
        if (!v || !period) return;
        if (period.count <= 0) {
          ctx.report({ span: v.span, message: "a schedule period must be at least 1 unit long" });
        } else if (periodCompare(period, MIN) < 0) {
          ctx.report({ span: v.span, message: `the schedule period \`${v.kind === "literal" ? v.text : ""}\` is shorter than the minimum of ${LIMITS.minimumSchedulingInterval.value}` });
        } else if (periodCompare(period, MAX) > 0) {
          ctx.report({ span: v.span, message: `the schedule period \`${v.kind === "literal" ? v.text : ""}\` is longer than the maximum of ${LIMITS.maximumSchedulePeriod.value}` });
        }
      },
    };
  },
};
