/**
 * Data Pipeline schedules to EventBridge Scheduler. Cron-style runs start at the scheduled time;
 * timeseries runs at the end of their interval (the schedule starts one period later and the state
 * machine subtracts the period). Minutes, hours and days become `rate()`, weeks `rate(7N days)`,
 * months and years `cron()` anchored on the start date. `StartDate` is the first run and `EndDate`
 * falls just after the last run Data Pipeline makes. On-demand pipelines get no schedule.
 */
import type { LiteralIR, ObjectIR, PipelineIR } from "../../ir/ir.ts";
import type { Span } from "../../source/source.ts";
import { DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS, fieldsOf, plusMonthsLocal } from "../../expr-eval/calendar.ts";
import type { AslCode } from "./codes.ts";

export type PeriodUnit = "minute" | "hour" | "day" | "week" | "month" | "year";

/** EventBridge Scheduler settings, in the API's terms (camelCase). */
export interface AslSchedule {
  readonly scheduleExpression: string;
  readonly scheduleExpressionTimezone: "UTC";
  /** ISO-8601 UTC; absent when the pipeline starts on activation. */
  readonly startDate?: string;
  readonly endDate?: string;
  readonly flexibleTimeWindow: { readonly mode: "OFF" };
  /** The target input: JSON text with `<aws.scheduler.scheduled-time>`. */
  readonly input: string;
  /** The period as a fixed duration (minutes to weeks), or in months (months and years). */
  readonly periodMillis?: number;
  readonly periodMonths?: number;
  /** The Schedule object's id. */
  readonly source: string;
}

export function periodMillis(count: number, unit: PeriodUnit): number {
  switch (unit) {
    case "minute":
      return count * MINUTE_MS;
    case "hour":
      return count * HOUR_MS;
    case "day":
      return count * DAY_MS;
    case "week":
      return count * WEEK_MS;
    case "month":
      return count * 30 * DAY_MS;
    case "year":
      return count * 365 * DAY_MS;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

function lit(o: ObjectIR, key: string): LiteralIR | undefined {
  const v = o.effective.get(key)?.field.values[0];
  return v?.kind === "literal" ? v : undefined;
}

function parseIsoLocal(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z?$/.exec(text.trim());
  if (!m) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/**
 * How many intervals start before `end`: the k with start + k periods < end (periods counted
 * from the anchor, as Joda's plusMonths does).
 */
function intervalsBefore(start: number, end: number, fixed: number | undefined, months: number | undefined, shift: (t: number, n: number) => number): number {
  if (end <= start) return 0;
  if (fixed !== undefined) return Math.ceil((end - start) / fixed);
  // Months: estimate from the calendar, then correct (at most a step either way).
  const a = fieldsOf(start);
  const b = fieldsOf(end);
  let k = Math.max(0, Math.floor(((b.year - a.year) * 12 + (b.month - a.month)) / months!));
  while (k > 0 && shift(start, k - 1) >= end) k--;
  while (shift(start, k) < end) k++;
  return k;
}

export function buildSchedule(p: PipelineIR, report: (code: AslCode, span: Span, message: string) => void): AslSchedule | undefined {
  if (p.scheduleType === "ondemand") return undefined;
  const ids = new Map<string, Span>();
  for (const o of [p.defaults, ...p.objects]) {
    const v = o.effective.get("schedule")?.field;
    const ref = v?.values[0];
    if (ref?.kind === "ref" && (o === p.defaults || o.category === "activity")) ids.set(ref.id, v!.span);
  }
  if (ids.size === 0) return undefined;
  if (ids.size > 1) {
    const [, span] = [...ids][1]!;
    report("PIPE5205", span, `the pipeline uses ${ids.size} schedules (${[...ids.keys()].join(", ")}); one state machine runs on one schedule. Give every activity the same schedule`);
    return undefined;
  }
  const [id, refSpan] = [...ids][0]!;
  const s = p.byId.get(id);
  if (!s || s.type !== "Schedule") return undefined;
  const period = lit(s, "period");
  if (!period || period.literal.type !== "period") {
    report("PIPE5205", s.idSpan, `schedule '${s.id}' has no period the compiler can read`);
    return undefined;
  }
  const { count, unit } = period.literal;
  const startText = lit(s, "startDateTime")?.text;
  const start = startText ? parseIsoLocal(startText) : undefined;
  if (startText && start === undefined) report("PIPE5205", s.idSpan, `schedule '${s.id}' has a startDateTime that is not an ISO date-time: '${startText}'`);
  const timeseries = p.scheduleType === "timeseries";
  const months = unit === "month" ? count : unit === "year" ? count * 12 : undefined;
  const fixed = months === undefined ? periodMillis(count, unit) : undefined;
  const shift = (t: number, n: number) => (fixed !== undefined ? t + n * fixed : plusMonthsLocal(t, n * months!));
  const first = start === undefined ? undefined : timeseries ? shift(start, 1) : start;

  let expression: string;
  if (unit === "minute" || unit === "hour" || unit === "day") expression = `rate(${count} ${unit}${count === 1 ? "" : "s"})`;
  else if (unit === "week") expression = `rate(${count * 7} days)`;
  else {
    if (start === undefined) {
      report("PIPE5205", s.idSpan, `schedule '${s.id}' repeats every ${count} ${unit}${count === 1 ? "" : "s"} but has no startDateTime to anchor the calendar schedule on`);
      return undefined;
    }
    // Data Pipeline counts calendar periods from the anchor (startDateTime), for either style.
    const f = fieldsOf(start);
    if (f.day > 28) {
      report("PIPE5205", s.idSpan, `schedule '${s.id}' starts on day ${f.day} and repeats monthly; Data Pipeline moves to the last day of shorter months, which an EventBridge cron expression cannot express. Start on day 1-28`);
      return undefined;
    }
    if (months! % 12 !== 0 && 12 % months! !== 0) {
      report("PIPE5205", s.idSpan, `schedule '${s.id}' repeats every ${count} months, which do not divide a year; an EventBridge cron expression repeats the same months every year. Use a period of 1, 2, 3, 4, 6 or 12 months, or whole years`);
      return undefined;
    }
    if (f.second !== 0) report("PIPE5205", s.idSpan, `schedule '${s.id}' starts at second ${f.second}; EventBridge schedules run on whole minutes`);
    // The months (or years) of the runs: every one congruent to the anchor's; StartDate cuts off the earlier ones.
    const monthField = months! >= 12 ? String(f.month) : months === 1 ? "*" : `${((f.month - 1) % months!) + 1}/${months}`;
    const years = months! / 12;
    const yearField = months! < 12 || years === 1 ? "*" : `${fieldsOf(first!).year}/${years}`;
    expression = `cron(${f.minute} ${f.hour} ${f.day} ${monthField} ? ${yearField})`;
  }
  // Runs: the interval [start + k periods, start + (k + 1) periods) runs at its start (cron) or its
  // end (timeseries) while it starts before endDateTime, for at most `occurrences` intervals.
  // EventBridge invokes only before EndDate, so EndDate is one minute after the last run (periods
  // are at least 15 minutes): the last run is in, the next one out, whichever way EndDate is read.
  const runOf = (k: number) => shift(first!, k);
  let lastRun: number | undefined;
  let end: number | undefined;
  const endText = lit(s, "endDateTime")?.text;
  const endAt = endText ? parseIsoLocal(endText) : undefined;
  if (endAt !== undefined && start !== undefined) {
    const intervals = intervalsBefore(start, endAt, fixed, months, shift);
    if (intervals > 0) lastRun = runOf(intervals - 1);
    else end = endAt;
  } else if (endAt !== undefined) {
    // Started on activation: the runs are not known in advance; a timeseries run comes one period
    // after its interval starts.
    end = timeseries ? shift(endAt, 1) : endAt;
  }
  const occ = lit(s, "occurrences");
  if (occ && first === undefined && Number(occ.text) === 1) {
    // Runs once when activated: no recurring schedule; the deployment starts one execution.
    report("PIPE5211", refSpan, `schedule '${s.id}' runs once on activation; no EventBridge schedule is created: start one execution after deploying`);
    return undefined;
  }
  if (occ && first !== undefined) {
    const n = Number(occ.text);
    if (Number.isInteger(n) && n > 0) {
      const last = runOf(n - 1);
      if (lastRun === undefined || last < lastRun) lastRun = last;
    }
  } else if (occ) report("PIPE5205", refSpan, `schedule '${s.id}' limits occurrences but starts on activation; EventBridge Scheduler needs a start date to count runs`);
  if (lastRun !== undefined) end = lastRun + MINUTE_MS;
  const out: { -readonly [K in keyof AslSchedule]: AslSchedule[K] } = {
    scheduleExpression: expression,
    scheduleExpressionTimezone: "UTC",
    flexibleTimeWindow: { mode: "OFF" },
    input: JSON.stringify({ scheduledTime: "<aws.scheduler.scheduled-time>", scheduleArn: "<aws.scheduler.schedule-arn>" }),
    source: s.id,
  };
  if (first !== undefined) out.startDate = iso(first);
  if (end !== undefined) out.endDate = iso(end);
  if (fixed !== undefined) out.periodMillis = fixed;
  else out.periodMonths = months;
  return out;
}
