/**
 * The JSONata translation of every expression form agrees with the Joda-semantics evaluator,
 * run by the jsonata library (the engine Step Functions uses), on 10,000 random instants each.
 * The evaluator shares calendar and pattern code with the translation; expr-oracle.test.ts checks
 * both against an independent library.
 */
import { describe, expect, it } from "vitest";
import { fcSeed } from "../helpers/fc.ts";
import fc from "fast-check";
import jsonata from "jsonata";
import type { ExprIR } from "../../compiler/ir/ir.ts";
import { evaluate, toText } from "../../compiler/expr-eval/evaluate.ts";
import { translateExprText } from "../../compiler/emit/asl/jsonata.ts";
import { bin, call, neg, num, param, start, str } from "./expr-builders.ts";

const RUNS = Number(process.env.PIPEC_EXPR_RUNS ?? 10_000);
const MIN = Date.UTC(1970, 0, 1);
const MAX = Date.UTC(2099, 11, 31);
const paramTypes = new Map([
  ["n", "Integer"],
  ["k", "Integer"],
  ["x", "Double"],
  ["s", "String"],
]);

const t = start();
const n = param("n", "Integer");
const k = param("k", "Integer");

interface Form {
  readonly name: string;
  readonly expr: ExprIR;
  /** Range of the integer parameter n (default -500..500). */
  readonly nRange?: readonly [number, number];
}

const PATTERNS = [
  "YYYY-MM-dd HH:mm",
  "yyyy/MM/dd/HH",
  "YY-M-d H:m:s.SSS",
  "EEE EEEE MMM MMMM a hh h k K",
  "D DDD e w ww xxxx xx",
  "C G z zzzz Z ZZ ZZZ 'T' 'it''s' '' [x]",
  "S SS SSSS yyy yyyyy",
  "yyyy-MM-dd'T'HH:mm:ss",
];

const FORMS: Form[] = [
  ...PATTERNS.map((p) => ({ name: `format '${p}'`, expr: call("format", t, str(p)) })),
  ...["Minutes", "Hours", "Days", "Weeks", "Months", "Years"].flatMap((u) =>
    ["plus", "minus"].map((s) => ({
      name: `${s}${u}`,
      expr: call(`${s}${u}`, t, n),
      nRange: (u === "Years" ? [-60, 60] : u === "Months" ? [-700, 700] : [-5000, 5000]) as [number, number],
    })),
  ),
  ...["day", "dayOfYear", "hour", "minute", "month", "year"].map((f) => ({ name: f, expr: call(f, t) })),
  ...["midnight", "firstOfMonth", "sunday", "yesterday"].map((f) => ({ name: f, expr: call(f, t) })),
  { name: "makeDate", expr: call("makeDate", call("year", t), call("month", t), call("day", t)) },
  { name: "makeDateTime", expr: call("makeDateTime", call("year", t), call("month", t), call("day", t), call("hour", t), call("minute", t)) },
  { name: "inTimeZone DST format", expr: call("format", call("inTimeZone", t, str("America/New_York")), str("yyyy-MM-dd HH:mm:ss Z ZZ ZZZ EEE a")) },
  { name: "inTimeZone half-hour DST", expr: call("format", call("inTimeZone", t, str("Australia/Lord_Howe")), str("yyyy-MM-dd HH:mm ZZ")) },
  { name: "inTimeZone fields", expr: bin("+", bin("+", str(""), call("hour", call("inTimeZone", t, str("Europe/London")))), call("day", call("inTimeZone", t, str("Europe/London")))) },
  { name: "inTimeZone fixed zone arithmetic", expr: call("format", call("plusMonths", call("midnight", call("inTimeZone", t, str("Asia/Kolkata"))), n), str("yyyy-MM-dd HH:mm ZZ")), nRange: [-100, 100] },
  { name: "inTimeZone hours arithmetic", expr: call("plusHours", call("inTimeZone", t, str("America/Los_Angeles")), n) },
  { name: "nested month arithmetic", expr: call("format", call("minusMonths", call("firstOfMonth", call("plusDays", t, n)), k), str("yyyy-MM-dd HH:mm:ss.SSS")) },
  { name: "integer arithmetic", expr: bin("+", bin("/", bin("*", n, k), bin("-", k, num(1000))), neg(bin("-", call("day", t), n))) },
  { name: "double arithmetic", expr: bin("+", str("r="), bin("/", bin("*", call("hour", t), num(1.5, "1.5")), num(4))) },
  { name: "power", expr: bin("+", str("p="), bin("^", call("month", t), num(2))) },
  { name: "concatenation with DateTime", expr: bin("+", bin("+", str("s3://bucket/"), call("plusHours", t, n)), str("/part")) },
];

function envFor(ms: number, nv: number, kv: number) {
  return {
    scheduledStartTime: ms,
    params: new Map<string, string>([
      ["n", String(nv)],
      ["k", String(kv)],
      ["x", "2.5"],
      ["s", "text"],
    ]),
    paramTypes,
  };
}

describe("JSONata translation agrees with the evaluator", () => {
  it("translates every form", () => {
    for (const f of FORMS) expect(translateExprText(f.expr, undefined, { paramTypes }), f.name).toMatchObject({ ok: true });
  });

  for (const f of FORMS) {
    it(`${f.name} on ${RUNS} random instants`, async () => {
      const zoneTables = new Map<string, unknown>();
      const tr = translateExprText(f.expr, undefined, { paramTypes, zoneTables });
      if (!tr.ok) throw new Error(tr.message);
      const compiled = jsonata(tr.value);
      const [lo, hi] = f.nRange ?? [-500, 500];
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: MIN, max: MAX }), fc.integer({ min: lo, max: hi }), fc.integer({ min: -500, max: 500 }), async (ms, nv, kv) => {
          const env = envFor(ms, nv, kv);
          const expected = evaluate(f.expr, env);
          const actual = await compiled.evaluate({}, {
            scheduledStartTime: new Date(ms).toISOString(),
            params: Object.fromEntries(env.params),
            ...Object.fromEntries(zoneTables),
          });
          // No form errors on these ranges (k - 1000 is never 0): an evaluator error fails the case.
          if (!expected.ok) throw new Error(`the evaluator failed: ${f.name} at ${new Date(ms).toISOString()} n=${nv} k=${kv}: ${expected.message}`);
          const want = toText(expected.value);
          if (actual !== want) expect(actual, `${f.name} at ${new Date(ms).toISOString()} n=${nv} k=${kv}`).toBe(want);
          compared++;
        }),
        { numRuns: RUNS, seed: fcSeed(42) },
      );
      expect(compared, "cases compared").toBe(RUNS);
    });
  }

  it("spot values from the Data Pipeline guide (2011-05-24T17:10:00Z)", () => {
    const env = envFor(Date.UTC(2011, 4, 24, 17, 10), 1, 1);
    const text = (e: ExprIR) => {
      const r = evaluate(e, env);
      return r.ok ? toText(r.value) : r.message;
    };
    expect(text(call("day", t))).toBe("24");
    expect(text(call("dayOfYear", t))).toBe("144");
    expect(text(call("firstOfMonth", t))).toBe("2011-05-01T17:10:00");
    expect(text(call("sunday", t))).toBe("2011-05-22T17:10:00");
    expect(text(call("yesterday", t))).toBe("2011-05-23T17:10:00");
    expect(text(call("midnight", t))).toBe("2011-05-24T00:00:00");
    expect(text(call("makeDateTime", num(2011), num(5), num(24), num(14), num(21)))).toBe("2011-05-24T14:21:00");
    expect(text(call("format", t, str("YYYY-MM-dd HH:mm:ss z")))).toBe("2011-05-24 17:10:00 UTC");
    expect(text(bin("/", num(1), num(2)))).toBe("0");
    expect(text(bin("/", num(1.0, "1.0"), num(2)))).toBe("0.5");
    expect(text(bin("^", num(2), num(2)))).toBe("4.0");
    expect(text(bin("+", str("hel"), str("lo")))).toBe("hello");
  });

  it("clamps month arithmetic to the end of the month", () => {
    const at = (iso: string) => envFor(Date.parse(iso), 1, 1);
    const text = (e: ExprIR, iso: string) => {
      const r = evaluate(e, at(iso));
      return r.ok ? toText(r.value) : r.message;
    };
    expect(text(call("plusMonths", t, num(1)), "2024-01-31T10:00:00Z")).toBe("2024-02-29T10:00:00");
    expect(text(call("minusMonths", t, num(1)), "2023-03-31T00:00:00Z")).toBe("2023-02-28T00:00:00");
    expect(text(call("plusYears", t, num(1)), "2024-02-29T00:00:00Z")).toBe("2025-02-28T00:00:00");
  });

  it("reports what has no exact translation instead of guessing", () => {
    const r = translateExprText(call("plusDays", call("inTimeZone", t, str("America/New_York")), num(1)), undefined);
    expect(r).toMatchObject({ ok: false });
    expect((r as { message: string }).message).toContain("daylight saving");
    expect(translateExprText(call("format", t, str("yyyy-QQ")), undefined)).toMatchObject({ ok: false });
    expect(translateExprText(call("format", t, param("s")), undefined)).toMatchObject({ ok: false });
    expect(translateExprText(call("inTimeZone", t, str("Mars/Olympus")), undefined)).toMatchObject({ ok: false });
  });
});

describe("time zones at daylight-saving transitions, against Intl", () => {
  const INSTANTS: Record<string, string[]> = {
    "America/New_York": [
      "2024-03-10T06:59:00Z", "2024-03-10T06:59:59Z", "2024-03-10T07:00:00Z", "2024-03-10T07:30:00Z", "2024-03-10T07:59:59Z", "2024-03-10T08:00:00Z",
      "2024-11-03T04:59:59Z", "2024-11-03T05:00:00Z", "2024-11-03T05:59:00Z", "2024-11-03T05:59:59Z", "2024-11-03T06:00:00Z", "2024-11-03T06:30:00Z", "2024-11-03T07:00:00Z",
    ],
    "Europe/Berlin": [
      "2024-03-31T00:59:59Z", "2024-03-31T01:00:00Z", "2024-03-31T01:30:00Z", "2024-03-31T02:00:00Z",
      "2024-10-27T00:00:00Z", "2024-10-27T00:59:59Z", "2024-10-27T01:00:00Z", "2024-10-27T01:59:59Z", "2024-10-27T02:00:00Z",
    ],
  };

  /** `yyyy-MM-dd HH:mm:ss ZZ` of an instant in a zone, by Intl. */
  function intlText(ms: number, zone: string): string {
    const parts: Record<string, string> = {};
    const f = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "longOffset" });
    for (const p of f.formatToParts(new Date(ms))) parts[p.type] = p.value;
    const offset = parts.timeZoneName === "GMT" ? "+00:00" : parts.timeZoneName!.replace(/^GMT/, "");
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${offset}`;
  }

  const forms = (zone: string): { name: string; expr: ExprIR; expected: (ms: number) => string }[] => {
    const local = call("inTimeZone", t, str(zone));
    return [
      { name: "format", expr: call("format", local, str("yyyy-MM-dd HH:mm:ss ZZ")), expected: (ms) => intlText(ms, zone) },
      { name: "hour", expr: call("hour", local), expected: (ms) => String(Number(intlText(ms, zone).slice(11, 13))) },
      { name: "day", expr: call("day", local), expected: (ms) => String(Number(intlText(ms, zone).slice(8, 10))) },
      { name: "plusHours(1)", expr: call("format", call("plusHours", local, num(1)), str("yyyy-MM-dd HH:mm:ss ZZ")), expected: (ms) => intlText(ms + 3_600_000, zone) },
    ];
  };

  for (const [zone, instants] of Object.entries(INSTANTS)) {
    for (const f of forms(zone)) {
      it(`${zone}: ${f.name}, by the evaluator and by the JSONata translation`, async () => {
        const zoneTables = new Map<string, unknown>();
        const tr = translateExprText(f.expr, undefined, { paramTypes, zoneTables });
        if (!tr.ok) throw new Error(tr.message);
        const compiled = jsonata(tr.value);
        for (const iso of instants) {
          const ms = Date.parse(iso);
          const want = f.expected(ms);
          const evaluated = evaluate(f.expr, envFor(ms, 0, 0));
          expect(evaluated.ok && toText(evaluated.value), `evaluator at ${iso}`).toBe(want);
          const actual = await compiled.evaluate({}, { scheduledStartTime: new Date(ms).toISOString(), params: {}, ...Object.fromEntries(zoneTables) });
          expect(actual, `JSONata at ${iso}`).toBe(want);
        }
      });
    }
  }

  it("the oracle itself: the documented offsets on each side of the transitions", () => {
    expect(intlText(Date.parse("2024-03-10T06:59:00Z"), "America/New_York")).toBe("2024-03-10 01:59:00 -05:00");
    expect(intlText(Date.parse("2024-03-10T07:00:00Z"), "America/New_York")).toBe("2024-03-10 03:00:00 -04:00");
    expect(intlText(Date.parse("2024-11-03T05:59:00Z"), "America/New_York")).toBe("2024-11-03 01:59:00 -04:00");
    expect(intlText(Date.parse("2024-11-03T06:00:00Z"), "America/New_York")).toBe("2024-11-03 01:00:00 -05:00");
    expect(intlText(Date.parse("2024-03-31T01:00:00Z"), "Europe/Berlin")).toBe("2024-03-31 03:00:00 +02:00");
    expect(intlText(Date.parse("2024-10-27T01:00:00Z"), "Europe/Berlin")).toBe("2024-10-27 02:00:00 +01:00");
  });
});
