import type { Rule, RuleMeta } from "../rule.ts";
import { wholeParameter } from "../substitute.ts";

export const meta: RuleMeta = {
  code: "PIPE3009",
  name: "schedule-dates",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-object-schedule.html",
  summary: "A schedule's start or end is not a literal date-time, or it ends before it starts.",
  implements: ["datetime-literal"],
  explanation: [
    "`startDateTime` and `endDateTime` must be literal UTC date-times (`2026-01-01T00:00:00`); AWS",
    "answers `INVALID_FIELD_VALUE: 'startDateTime' value must be a literal datetime value.` for an",
    "expression. `endDateTime` must be later than `startDateTime`.",
    "",
    "```",
    "Schedule Daily {",
    "  period = 1 day",
    "  startDateTime = \"#<makeDate(2026, 1, 1)>\"   // PIPE3009",
    "}",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.type !== "Schedule") return;
        for (const key of ["startDateTime", "endDateTime"]) {
          const v = o.effective.get(key)?.field.values[0];
          // `#<myStart>` alone is substituted before the service validates it (PIPE3028 checks it).
          if (v?.kind === "template" && wholeParameter(v) === undefined) ctx.report({ span: v.span, message: `\`${key}\` must be a literal date-time; expressions are not allowed here`, hint: "write e.g. 2026-01-01T00:00:00 (UTC)" });
        }
        const start = o.effective.get("startDateTime")?.field.values[0];
        const end = o.effective.get("endDateTime")?.field.values[0];
        if (start?.kind === "literal" && end?.kind === "literal" && start.literal.type === "datetime" && end.literal.type === "datetime" && end.text <= start.text) {
          ctx.report({ span: end.span, message: `\`endDateTime\` ${end.text} is not after \`startDateTime\` ${start.text}` });
        }
      },
    };
  },
};
