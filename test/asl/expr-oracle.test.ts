/**
 * The DateTime functions and `format` patterns of Data Pipeline expressions against an oracle that
 * shares no code with pipec: Luxon (a date library with its own calendar arithmetic and its own
 * formatter). Both pipec's evaluator (compiler/expr-eval) and the JSONata translation that the Step
 * Functions machines run are compared with it, on random UTC instants, and with values taken
 * verbatim from the Data Pipeline guide's examples ("Date and Time Functions", where myDateTime is
 * May 24, 2011 @ 5:10 pm GMT).
 *
 * Joda-Time (Data Pipeline's library) and Luxon name pattern letters differently. The pairs below
 * are written out by hand:
 *   Joda `YYYY` (year of era) and `yyyy` (year)   -> Luxon `yyyy`; `YY`/`yy` -> `yy`
 *   Joda `MM` `M` `MMM` `MMMM`, `dd` `d`           -> the same in Luxon (English month names)
 *   Joda `HH` `H` `hh` `h` `mm` `m` `ss` `s` `a`   -> the same in Luxon
 *   Joda `SSS` (fraction, 3 digits)                -> Luxon `SSS` (milliseconds); Joda `S` (tenths) has no Luxon letter
 *   Joda `EEE` / `EEEE` (day name)                 -> Luxon `EEE` / `EEEE`; Luxon `E` is the day number, Joda `e`
 *   Joda `D` / `DDD` (day of year)                 -> Luxon `o` / `ooo`
 *   Joda `w` / `ww` (ISO week), `xxxx` (week year) -> Luxon `W` / `WW`, `kkkk`
 *   Joda `Z` (+0000), `ZZ` (+00:00)                -> Luxon `ZZZ`, `ZZ`
 *   Joda `z` (UTC)                                 -> Luxon `z` (the zone's name: UTC)
 *   quoted text ('T')                              -> the same quoting in Luxon; Joda's '' (a quote) has no
 *                                                     Luxon form: the oracle appends that text itself
 * Calendar arithmetic: Joda's plusMonths/plusYears keep the day of month and clamp it to the last day
 * of a shorter month (Jan 31 + 1 month = Feb 28/29); Luxon's `plus({ months })` does the same.
 * Hours and minutes are exact durations in both (UTC has no DST).
 */
import fc from "fast-check";
import jsonata from "jsonata";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import type { ExprIR } from "../../compiler/ir/ir.ts";
import { evaluate, toText } from "../../compiler/expr-eval/evaluate.ts";
import { translateExprText } from "../../compiler/emit/asl/jsonata.ts";
import { fcSeed } from "../helpers/fc.ts";
import { call, num, param, start, str } from "./expr-builders.ts";

const RUNS = Number(process.env.PIPEC_EXPR_RUNS ?? 2_000);
const MIN = Date.UTC(1970, 0, 1);
const MAX = Date.UTC(2099, 11, 31);
const paramTypes = new Map([["n", "Integer"]]);
const t = start();
const n = param("n", "Integer");

/** pipec's text of a DateTime (Joda's ISO print without zone): 2011-05-24T17:10:00. */
const ISO = "yyyy-MM-dd'T'HH:mm:ss";
const utc = (ms: number) => DateTime.fromMillis(ms, { zone: "utc" });

interface OracleCase {
  readonly name: string;
  readonly expr: ExprIR;
  /** The value by Luxon, as pipec prints it. */
  readonly oracle: (d: DateTime, n: number) => string;
  readonly nRange?: readonly [number, number];
}

/** Joda pattern -> the Luxon pattern that prints the same text. */
const PATTERNS: readonly (readonly [string, string])[] = [
  ["YYYY-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss"],
  ["yyyy/MM/dd/HH", "yyyy/MM/dd/HH"],
  ["YYYY-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"],
  ["YY-M-d H:m:s.SSS", "yy-M-d H:m:s.SSS"],
  ["EEE EEEE, dd MMM MMMM yyyy", "EEE EEEE, dd MMM MMMM yyyy"],
  ["hh:mm a, h a", "hh:mm a, h a"],
  ["D DDD", "o ooo"],
  ["e", "E"],
  ["w ww xxxx", "W WW kkkk"],
  ["Z ZZ", "ZZZ ZZ"],
  ["HH:mm z", "HH:mm z"],
];

const UNITS = [
  ["Minutes", "minutes", 100_000],
  ["Hours", "hours", 50_000],
  ["Days", "days", 5_000],
  ["Weeks", "weeks", 700],
  ["Months", "months", 700],
  ["Years", "years", 60],
] as const;

const CASES: OracleCase[] = [
  ...PATTERNS.map(([joda, luxon]) => ({ name: `format '${joda}'`, expr: call("format", t, str(joda)), oracle: (d: DateTime) => d.toFormat(luxon, { locale: "en-US" }) })),
  { name: "format ''at' HH 'o''clock''", expr: call("format", t, str("'at' HH 'o''clock'")), oracle: (d) => `${d.toFormat("'at' HH 'o'", { locale: "en-US" })}'clock` },
  ...UNITS.flatMap(([unit, luxon, max]) => [
    { name: `plus${unit}`, expr: call(`plus${unit}`, t, n), oracle: (d: DateTime, k: number) => d.plus({ [luxon]: k }).toFormat(ISO), nRange: [-max, max] as const },
    { name: `minus${unit}`, expr: call(`minus${unit}`, t, n), oracle: (d: DateTime, k: number) => d.minus({ [luxon]: k }).toFormat(ISO), nRange: [-max, max] as const },
  ]),
  { name: "day", expr: call("day", t), oracle: (d) => String(d.day) },
  { name: "dayOfYear", expr: call("dayOfYear", t), oracle: (d) => String(d.ordinal) },
  { name: "hour", expr: call("hour", t), oracle: (d) => String(d.hour) },
  { name: "minute", expr: call("minute", t), oracle: (d) => String(d.minute) },
  { name: "month", expr: call("month", t), oracle: (d) => String(d.month) },
  { name: "year", expr: call("year", t), oracle: (d) => String(d.year) },
  { name: "midnight", expr: call("midnight", t), oracle: (d) => d.startOf("day").toFormat(ISO) },
  { name: "firstOfMonth", expr: call("firstOfMonth", t), oracle: (d) => d.set({ day: 1 }).toFormat(ISO) },
  // The Sunday on or before the day, at the same time (the guide: Tuesday 2011-05-24 -> 2011-05-22).
  { name: "sunday", expr: call("sunday", t), oracle: (d) => d.minus({ days: d.weekday % 7 }).toFormat(ISO) },
  { name: "yesterday", expr: call("yesterday", t), oracle: (d) => d.minus({ days: 1 }).toFormat(ISO) },
  { name: "makeDate", expr: call("makeDate", call("year", t), call("month", t), call("day", t)), oracle: (d) => DateTime.utc(d.year, d.month, d.day).toFormat(ISO) },
  {
    name: "makeDateTime",
    expr: call("makeDateTime", call("year", t), call("month", t), call("day", t), call("hour", t), call("minute", t)),
    oracle: (d) => DateTime.utc(d.year, d.month, d.day, d.hour, d.minute).toFormat(ISO),
  },
  {
    name: "month-end clamping: plusMonths of a firstOfMonth minus a day",
    expr: call("plusMonths", call("minusDays", call("firstOfMonth", t), num(1)), n),
    oracle: (d, k) => d.set({ day: 1 }).minus({ days: 1 }).plus({ months: k }).toFormat(ISO),
    nRange: [-50, 50],
  },
];

const compared = new Map<string, number>();

async function both(expr: ExprIR, ms: number, nv: number): Promise<{ evaluator: string; jsonata: string }> {
  const env = { scheduledStartTime: ms, params: new Map([["n", String(nv)]]), paramTypes };
  const r = evaluate(expr, env);
  // An evaluator error is a failure here: every case has a value.
  if (!r.ok) throw new Error(`the evaluator failed at ${new Date(ms).toISOString()} n=${nv}: ${r.message}`);
  const zoneTables = new Map<string, unknown>();
  const tr = translateExprText(expr, undefined, { paramTypes, zoneTables });
  if (!tr.ok) throw new Error(`no JSONata translation: ${tr.message}`);
  const out = await jsonata(tr.value).evaluate({}, { scheduledStartTime: new Date(ms).toISOString(), params: { n: String(nv) }, ...Object.fromEntries(zoneTables) });
  return { evaluator: toText(r.value), jsonata: String(out) };
}

describe("DateTime functions and format patterns against Luxon", () => {
  for (const c of CASES) {
    it(`${c.name} on ${RUNS} random instants`, async () => {
      const [lo, hi] = c.nRange ?? [0, 0];
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: MIN, max: MAX }), fc.integer({ min: lo, max: hi }), async (ms, nv) => {
          const want = c.oracle(utc(ms), nv);
          const got = await both(c.expr, ms, nv);
          const at = `${c.name} at ${new Date(ms).toISOString()} n=${nv}`;
          expect(got.evaluator, `evaluator: ${at}`).toBe(want);
          expect(got.jsonata, `JSONata: ${at}`).toBe(want);
          compared.set(c.name, (compared.get(c.name) ?? 0) + 1);
        }),
        { numRuns: RUNS, seed: fcSeed(2011) },
      );
      expect(compared.get(c.name)).toBe(RUNS);
    });
  }

  afterAll(() => {
    // Every case was compared on every instant (a failing case stops early and fails on its own).
    const total = [...compared.values()].reduce((a, b) => a + b, 0);
    if (compared.size === CASES.length) expect(total).toBe(CASES.length * RUNS);
  });
});

describe("values from the Data Pipeline guide's examples", () => {
  // myDateTime: May 24, 2011 @ 5:10 pm GMT.
  const MY = Date.UTC(2011, 4, 24, 17, 10);
  /** The guide writes DateTime results loosely ("2011-05-24T0:00:00z"): the same instant, pipec's text. */
  const normal = (doc: string) => doc.replace(/z$/, "").replace(/T(\d):/, "T0$1:");
  const GUIDE: readonly (readonly [string, ExprIR, string, number?])[] = [
    ["#{day(myDateTime)}", call("day", t), "24"],
    ["#{dayOfYear(myDateTime)}", call("dayOfYear", t), "144"],
    ["#{firstOfMonth(myDateTime)}", call("firstOfMonth", t), '"2011-05-01T17:10:00z"'],
    ["#{hour(myDateTime)}", call("hour", t), "17"],
    ["#{makeDate(2011,5,24)}", call("makeDate", num(2011), num(5), num(24)), '"2011-05-24T0:00:00z"'],
    ["#{makeDateTime(2011,5,24,14,21)}", call("makeDateTime", num(2011), num(5), num(24), num(14), num(21)), '"2011-05-24T14:21:00z"'],
    // The guide's example for midnight uses myDateTime = 2011-05-25T17:10:00z.
    ["#{midnight(myDateTime)}", call("midnight", t), '"2011-05-25T0:00:00z"', Date.UTC(2011, 4, 25, 17, 10)],
  ];

  let checked = 0;
  for (const [example, expr, result, at] of GUIDE) {
    it(`${example} = ${result}`, async () => {
      const want = normal(JSON.parse(result.startsWith('"') ? result : JSON.stringify(result)) as string);
      const got = await both(expr, at ?? MY, 0);
      expect(got).toEqual({ evaluator: want, jsonata: want });
      // Luxon agrees with the guide too, where it has the function.
      const c = CASES.find((x) => x.name === (expr.kind === "call" ? expr.fn : ""));
      if (c && expr.kind === "call" && expr.args.length === 1) expect(c.oracle(utc(at ?? MY), 0)).toBe(want);
      checked++;
    });
  }

  it("the guide's format example: 'YYYY-MM-dd HH:mm:ss z' (the guide prints a 'T' the pattern does not have)", async () => {
    // The guide's result is "2011-05-24T17:10:00 UTC"; the pattern has a space, which Joda prints.
    const got = await both(call("format", t, str("YYYY-MM-dd HH:mm:ss z")), MY, 0);
    expect(got).toEqual({ evaluator: "2011-05-24 17:10:00 UTC", jsonata: "2011-05-24 17:10:00 UTC" });
    expect(utc(MY).toFormat("yyyy-MM-dd HH:mm:ss z")).toBe("2011-05-24 17:10:00 UTC");
    checked++;
  });

  it("compared every example", () => expect(checked).toBe(GUIDE.length + 1));
});
