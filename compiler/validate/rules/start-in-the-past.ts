import type { Rule, RuleMeta } from "../rule.ts";
import { now } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE6007",
  name: "start-in-the-past",
  kind: "lint",
  severity: "warning",
  summary: "A schedule starts more than a day before today: activation is blocked (or backfills).",
  explanation: [
    "Data Pipeline creates every missed run of a schedule that starts in the past, and blocks",
    "activation when the first scheduled start is more than one day ago. This is the one check that",
    "depends on the date: it compares with the current date, or with `PIPEC_NOW`",
    "(`2026-01-01T00:00:00Z`) when that is set, so that builds can be reproduced. Use",
    "`startAt = FIRST_ACTIVATION_DATE_TIME` for pipelines that start when activated.",
    "",
    "```",
    "Schedule Daily { period = 1 day  startDateTime = 2020-01-01T00:00:00 }   // PIPE6007",
    "```",
  ].join("\n"),
};

const DAY_MS = 24 * 60 * 60 * 1000;

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const today = ctx.now ?? now();
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.type !== "Schedule") return;
        const f = o.effective.get("startDateTime")?.field; // own, or inherited through parent
        const v = f?.values[0];
        if (v?.kind !== "literal" || v.literal.type !== "datetime") return;
        const start = Date.parse(`${v.literal.value}Z`);
        if (!Number.isFinite(start) || today - start <= DAY_MS) return;
        ctx.report({
          span: v.span,
          message: `the schedule \`${o.id}\` starts on ${v.literal.value}, more than a day before today (${new Date(today).toISOString().slice(0, 10)})`,
          hint: "activation is blocked when the first run is more than a day in the past; move the start, or use startAt = FIRST_ACTIVATION_DATE_TIME",
        });
      },
    };
  },
};
