/**
 * The EventBridge Scheduler schedule makes exactly the runs Data Pipeline makes.
 *
 * Both sides are computed here independently of compiler/emit/asl/schedule.ts:
 * - Data Pipeline: the intervals [start + k periods, start + (k + 1) periods) whose start is before
 *   `endDateTime` (at most `occurrences` of them), with the period arithmetic of the expression
 *   evaluator (Joda `plusHours`, `plusMonths`, ...). A cron-style run happens at the start of its
 *   interval, a timeseries run at its end.
 * - EventBridge Scheduler: the occurrences of the `rate()` or `cron()` expression from `StartDate`
 *   (inclusive: a rate schedule's first occurrence is its StartDate) to `EndDate` (exclusive: the
 *   schedule invokes its target only before EndDate). An occurrence exactly at EndDate may or may
 *   not run, so a schedule that has one is wrong whatever it means.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { buildSchedule, type AslSchedule } from "../../compiler/emit/asl/schedule.ts";
import { evaluate } from "../../compiler/expr-eval/evaluate.ts";
import { call, num, start } from "./expr-builders.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;

interface Built {
  readonly schedule: AslSchedule | undefined;
  readonly codes: readonly string[];
  readonly messages: readonly string[];
}

function build(scheduleType: "cron" | "timeseries", schedule: string): Built {
  const text = `pipeline t {
  default { scheduleType = ${scheduleType}  schedule = S  role = "R"  resourceRole = "RR" }
  Schedule S { ${schedule} }
  Ec2Resource Box { terminateAfter = 1 hour }
  ShellCommandActivity A { runsOn = Box  command = "echo run" }
}
`;
  const r = compile("t.pipe", text);
  const p = r.ir.pipelines[0]!;
  const codes: string[] = [];
  const messages: string[] = [];
  const out = buildSchedule(p, (code, _span, message) => {
    codes.push(code);
    messages.push(message);
  });
  return { schedule: out, codes, messages };
}

// ---- Data Pipeline, through the expression evaluator ---------------------------------------------

type Unit = "Minutes" | "Hours" | "Days" | "Weeks" | "Months" | "Years";

/** `plus<Unit>(@scheduledStartTime, n)` evaluated with @scheduledStartTime = anchor. */
function plus(anchor: number, unit: Unit, n: number): number {
  const r = evaluate(call(`plus${unit}`, start(), num(n)), { scheduledStartTime: anchor, params: new Map() });
  if (!r.ok || r.value.t !== "datetime") throw new Error(`evaluation failed: ${r.ok ? r.value.t : r.message}`);
  return r.value.ms;
}

interface DpSchedule {
  readonly style: "cron" | "timeseries";
  readonly start: string;
  readonly every: number;
  readonly unit: Unit;
  readonly end?: string;
  readonly occurrences?: number;
}

function dataPipelineRuns(s: DpSchedule): string[] {
  const anchor = Date.parse(`${s.start}Z`);
  const end = s.end === undefined ? Infinity : Date.parse(`${s.end}Z`);
  const runs: string[] = [];
  for (let k = 0; k < (s.occurrences ?? Infinity); k++) {
    const intervalStart = plus(anchor, s.unit, k * s.every);
    if (intervalStart >= end) break;
    const intervalEnd = plus(anchor, s.unit, (k + 1) * s.every);
    runs.push(iso(s.style === "cron" ? intervalStart : intervalEnd));
    if (runs.length > 10_000) throw new Error("unbounded schedule");
  }
  return runs;
}

// ---- EventBridge Scheduler ------------------------------------------------------------------------

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

/** Does a cron field (`*`, `?`, `n`, `a-b`, `a/b`, `*\/b`, lists) match a value? */
function fieldMatches(field: string, value: number, min: number, max: number): boolean {
  return field.split(",").some((part) => {
    if (part === "*" || part === "?") return true;
    const [range, stepText] = part.split("/") as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo: number;
    let hi: number;
    if (range === "*") [lo, hi] = [min, max];
    else if (range.includes("-")) [lo, hi] = range.split("-").map(Number) as [number, number];
    else [lo, hi] = [Number(range), stepText === undefined ? Number(range) : max];
    return value >= lo && value <= hi && (value - lo) % step === 0;
  });
}

/** The occurrences of the schedule from StartDate up to and including EndDate. */
function eventBridgeOccurrences(s: AslSchedule): number[] {
  expect(s.startDate, "a test schedule has a StartDate").toBeDefined();
  expect(s.endDate, "a test schedule has an EndDate").toBeDefined();
  const from = Date.parse(s.startDate!);
  const to = Date.parse(s.endDate!);
  const out: number[] = [];
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(s.scheduleExpression);
  if (rate) {
    const step = Number(rate[1]) * (rate[2]!.startsWith("minute") ? MINUTE : rate[2]!.startsWith("hour") ? 60 * MINUTE : DAY);
    for (let t = from; t <= to; t += step) out.push(t);
    return out;
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(s.scheduleExpression);
  if (!cron) throw new Error(`not a rate or cron expression: ${s.scheduleExpression}`);
  const [, minute, hour, dom, month, dow, year] = cron as unknown as [string, string, string, string, string, string, string];
  expect(dow).toBe("?");
  for (let day = Math.floor(from / DAY) * DAY; day <= to; day += DAY) {
    const d = new Date(day);
    if (!fieldMatches(dom, d.getUTCDate(), 1, 31) || !fieldMatches(month, d.getUTCMonth() + 1, 1, 12) || !fieldMatches(year, d.getUTCFullYear(), 1970, 2199)) continue;
    for (let h = 0; h < 24; h++) {
      if (!fieldMatches(hour, h, 0, 23)) continue;
      for (let m = 0; m < 60; m++) {
        if (!fieldMatches(minute, m, 0, 59)) continue;
        const t = day + h * 60 * MINUTE + m * MINUTE;
        if (t >= from && t <= to) out.push(t);
      }
    }
  }
  return out;
}

function eventBridgeRuns(s: AslSchedule): string[] {
  const occ = eventBridgeOccurrences(s);
  const to = Date.parse(s.endDate!);
  expect(occ.includes(to), `an occurrence falls exactly on EndDate ${s.endDate}, which may or may not run`).toBe(false);
  return occ.filter((t) => t < to).map(iso);
}

function pipeField(s: DpSchedule): string {
  const unit = s.unit.toLowerCase().replace(/s$/, "");
  const parts = [`period = ${s.every} ${unit}${s.every === 1 ? "" : "s"}`, `startDateTime = ${s.start}`];
  if (s.end !== undefined) parts.push(`endDateTime = ${s.end}`);
  if (s.occurrences !== undefined) parts.push(`occurrences = ${s.occurrences}`);
  return parts.join("  ");
}

function expectSameRuns(s: DpSchedule): { schedule: AslSchedule; runs: string[] } {
  const b = build(s.style, pipeField(s));
  expect(b.codes).toEqual([]);
  expect(b.schedule).toBeDefined();
  const expected = dataPipelineRuns(s);
  expect(expected.length).toBeGreaterThan(1);
  const runs = eventBridgeRuns(b.schedule!);
  expect(runs).toEqual(expected);
  return { schedule: b.schedule!, runs };
}

describe("EventBridge schedule runs = Data Pipeline runs", () => {
  it("daily cron with start and end: the run at endDateTime is not Data Pipeline's", () => {
    const { runs } = expectSameRuns({ style: "cron", start: "2026-01-01T02:00:00", every: 1, unit: "Days", end: "2026-01-08T02:00:00" });
    expect(runs).toHaveLength(7);
    expect(runs.at(-1)).toBe("2026-01-07T02:00:00Z");
  });

  it("daily cron with an end between runs", () => {
    const { runs } = expectSameRuns({ style: "cron", start: "2026-01-01T02:00:00", every: 1, unit: "Days", end: "2026-01-04T12:00:00" });
    expect(runs.at(-1)).toBe("2026-01-04T02:00:00Z");
  });

  it("hourly timeseries with end: the last interval's run, at endDateTime, is kept", () => {
    const { schedule, runs } = expectSameRuns({ style: "timeseries", start: "2026-01-01T00:00:00", every: 1, unit: "Hours", end: "2026-01-01T06:00:00" });
    expect(schedule.scheduleExpression).toBe("rate(1 hour)");
    expect(runs).toEqual(["01", "02", "03", "04", "05", "06"].map((h) => `2026-01-01T${h}:00:00Z`));
  });

  it("hourly timeseries with an end inside an interval", () => {
    expectSameRuns({ style: "timeseries", start: "2026-01-01T00:00:00", every: 1, unit: "Hours", end: "2026-01-01T03:30:00" });
  });

  it("every 15 minutes, timeseries, with end", () => {
    expectSameRuns({ style: "timeseries", start: "2026-01-01T00:00:00", every: 15, unit: "Minutes", end: "2026-01-01T02:00:00" });
  });

  it("monthly cron on day 15 with end", () => {
    const { schedule, runs } = expectSameRuns({ style: "cron", start: "2026-01-15T03:30:00", every: 1, unit: "Months", end: "2026-07-15T03:30:00" });
    expect(schedule.scheduleExpression).toBe("cron(30 3 15 * ? *)");
    expect(runs).toHaveLength(6);
  });

  it("monthly timeseries on day 15 with end", () => {
    const { runs } = expectSameRuns({ style: "timeseries", start: "2026-01-15T03:30:00", every: 1, unit: "Months", end: "2026-07-15T03:30:00" });
    expect(runs[0]).toBe("2026-02-15T03:30:00Z");
    expect(runs.at(-1)).toBe("2026-07-15T03:30:00Z");
  });

  it("every 2 months from November crosses the year", () => {
    const { runs } = expectSameRuns({ style: "cron", start: "2026-11-10T00:00:00", every: 2, unit: "Months", end: "2027-07-10T00:00:00" });
    expect(runs).toEqual(["2026-11-10T00:00:00Z", "2027-01-10T00:00:00Z", "2027-03-10T00:00:00Z", "2027-05-10T00:00:00Z"]);
  });

  it("every 3 months, timeseries", () => {
    expectSameRuns({ style: "timeseries", start: "2026-08-01T06:00:00", every: 3, unit: "Months", end: "2028-02-01T06:00:00" });
  });

  it("every 2 years with occurrences", () => {
    const { runs } = expectSameRuns({ style: "cron", start: "2026-03-01T00:00:00", every: 2, unit: "Years", occurrences: 3 });
    expect(runs).toEqual(["2026-03-01T00:00:00Z", "2028-03-01T00:00:00Z", "2030-03-01T00:00:00Z"]);
  });

  it("weekly cron with end", () => {
    const { schedule } = expectSameRuns({ style: "cron", start: "2026-01-05T08:00:00", every: 1, unit: "Weeks", end: "2026-02-02T08:00:00" });
    expect(schedule.scheduleExpression).toBe("rate(7 days)");
  });

  it("weekly timeseries with end", () => {
    const { runs } = expectSameRuns({ style: "timeseries", start: "2026-01-05T08:00:00", every: 1, unit: "Weeks", end: "2026-02-02T08:00:00" });
    expect(runs).toEqual(["2026-01-12T08:00:00Z", "2026-01-19T08:00:00Z", "2026-01-26T08:00:00Z", "2026-02-02T08:00:00Z"]);
  });

  it("occurrences, cron and timeseries", () => {
    expect(expectSameRuns({ style: "cron", start: "2014-04-25T22:00:00", every: 1, unit: "Hours", occurrences: 3 }).runs).toEqual(["2014-04-25T22:00:00Z", "2014-04-25T23:00:00Z", "2014-04-26T00:00:00Z"]);
    expect(expectSameRuns({ style: "timeseries", start: "2014-04-25T22:00:00", every: 1, unit: "Hours", occurrences: 3 }).runs).toEqual(["2014-04-25T23:00:00Z", "2014-04-26T00:00:00Z", "2014-04-26T01:00:00Z"]);
    expectSameRuns({ style: "timeseries", start: "2026-01-10T00:00:00", every: 1, unit: "Months", occurrences: 4 });
  });
});

describe("schedules EventBridge cannot follow", () => {
  for (const style of ["cron", "timeseries"] as const) {
    it(`monthly ${style} anchored on day 31 is refused (Data Pipeline clamps to shorter months)`, () => {
      const b = build(style, "period = 1 month  startDateTime = 2026-01-31T00:00:00  endDateTime = 2026-12-31T00:00:00");
      expect(b.schedule).toBeUndefined();
      expect(b.codes).toEqual(["PIPE5205"]);
      expect(b.messages[0]).toContain("day 31");
      // What the refusal protects: Data Pipeline's runs are not on one day of the month.
      const days = new Set(dataPipelineRuns({ style, start: "2026-01-31T00:00:00", every: 1, unit: "Months", end: "2026-12-31T00:00:00" }).map((r) => r.slice(8, 10)));
      expect(days.size).toBeGreaterThan(1);
    });

    it(`yearly ${style} anchored on February 29 is refused`, () => {
      const b = build(style, "period = 1 year  startDateTime = 2028-02-29T00:00:00");
      expect(b.codes).toEqual(["PIPE5205"]);
    });
  }

  it("monthly timeseries anchored on day 28 is accepted and keeps day 28", () => {
    expectSameRuns({ style: "timeseries", start: "2026-01-28T00:00:00", every: 1, unit: "Months", end: "2027-01-28T00:00:00" });
  });

  it("a period of 5 months is refused: a cron expression repeats the same months every year", () => {
    const b = build("cron", "period = 5 months  startDateTime = 2026-01-10T00:00:00");
    expect(b.schedule).toBeUndefined();
    expect(b.codes).toEqual(["PIPE5205"]);
  });
});

describe("N-month periods run in the start month's residue class", () => {
  const cases: [string, number, string][] = [
    ["cron", 2, "2026-02-10T00:00:00"],
    ["cron", 3, "2026-05-01T06:00:00"],
    ["cron", 4, "2026-06-20T12:15:00"],
    ["cron", 6, "2026-04-03T00:00:00"],
    ["timeseries", 2, "2026-12-05T00:00:00"],
    ["timeseries", 6, "2026-09-01T00:00:00"],
  ];
  for (const [style, every, start] of cases) {
    it(`every ${every} months from ${start.slice(0, 10)}, ${style}`, () => {
      const end = `${Number(start.slice(0, 4)) + 3}${start.slice(4)}`;
      const { runs } = expectSameRuns({ style: style as "cron" | "timeseries", start, every, unit: "Months", end });
      const startMonth = Number(start.slice(5, 7));
      for (const r of runs) expect((Number(r.slice(5, 7)) - startMonth + 12) % every).toBe(0);
    });
  }
});
