/**
 * An evaluator of Data Pipeline expressions with Joda-Time semantics: what the service computes
 * for `#<...>` on one run. Used to preview runs and as the reference the Step Functions (JSONata)
 * translation is tested against.
 *
 * Semantics (from the Data Pipeline developer guide, with Joda-Time for dates):
 * - DateTime values are instants with a zone (UTC unless `inTimeZone` changed it). Hour and minute
 *   arithmetic adds exact durations; day, week, month and year arithmetic works on the local
 *   date and keeps the local time of day; months clamp the day to the month's length.
 * - `+` concatenates when either side is a string; `/` on two integers truncates toward zero;
 *   `^` always gives a double.
 * - A DateTime inserted into text prints as `yyyy-MM-dd'T'HH:mm:ss` in its zone; a double prints
 *   like Java's `Double.toString` (`4.0`, `0.5`).
 */
import type { ExprIR, TemplateIR, ValueIR } from "../ir/ir.ts";
import { DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS, daysFromCivil, daysInMonth, fieldsOf, isKnownZone, localToInstant, msOfDay, plusMonthsLocal, zoneOffset } from "./calendar.ts";
import { parseJoda, printJoda, type JodaToken } from "./joda.ts";
import { resolveRef, type ExprScope } from "./scope.ts";

export type Value =
  | { readonly t: "datetime"; readonly ms: number; readonly zone: string }
  | { readonly t: "int"; readonly v: number }
  | { readonly t: "double"; readonly v: number }
  | { readonly t: "string"; readonly v: string };

export interface EvalEnv {
  /** `@scheduledStartTime` of the run (epoch milliseconds, UTC). */
  readonly scheduledStartTime: number;
  readonly scheduledEndTime?: number;
  /** `@actualStartTime` of the object being evaluated, when known. */
  readonly actualStartTime?: number;
  /** Parameter values (`values` merged over defaults). */
  readonly params: ReadonlyMap<string, string | readonly string[]>;
  /** Parameter types, for numeric parameters. */
  readonly paramTypes?: ReadonlyMap<string, string>;
  /** Values of other run-time slots (`pipelineId`, `errorMessage`), keys without `@`. */
  readonly runtime?: ReadonlyMap<string, string>;
}

export type EvalResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

class EvalError extends Error {}

function fail(message: string): never {
  throw new EvalError(message);
}

export const ISO_PATTERN = "yyyy-MM-dd'T'HH:mm:ss";
const ISO_TOKENS: readonly JodaToken[] = (() => {
  const parsed = parseJoda(ISO_PATTERN);
  return parsed.ok ? parsed.tokens : [];
})();

/** Evaluates one expression. `scope` gives the object it is evaluated on (for fields and refs). */
export function evaluate(expr: ExprIR, env: EvalEnv, scope?: ExprScope): EvalResult<Value> {
  try {
    return { ok: true, value: evalExpr(expr, env, scope, 0) };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, message: e.message };
    if (e instanceof RangeError) return { ok: false, message: `evaluation failed: ${e.message}` };
    throw e;
  }
}

/** Evaluates a field value to the text Data Pipeline would use. */
export function evaluateValue(value: ValueIR, env: EvalEnv, scope?: ExprScope): EvalResult<string> {
  try {
    return { ok: true, value: valueText(value, env, scope, 0) };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, message: e.message };
    throw e;
  }
}

export function evaluateTemplate(template: TemplateIR, env: EvalEnv, scope?: ExprScope): EvalResult<string> {
  return evaluateValue(template, env, scope);
}

function valueText(value: ValueIR, env: EvalEnv, scope: ExprScope | undefined, depth: number): string {
  if (value.kind === "literal") return value.text;
  if (value.kind === "ref") return value.id;
  let out = "";
  for (const p of value.parts) out += p.kind === "text" ? p.text : toText(evalExpr(p.expr, env, scope, depth + 1));
  return out;
}

export function toText(v: Value): string {
  switch (v.t) {
    case "string":
      return v.v;
    case "int":
      return String(v.v);
    case "double":
      return javaDouble(v.v);
    case "datetime": {
      const off = zoneOffset(v.zone, v.ms);
      return printJoda(ISO_TOKENS, v.ms + off, v.zone, off) as string;
    }
  }
}

/** Java's `Double.toString` for the usual range: integral values keep `.0`. */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e7)) {
    const [m, e] = x.toExponential().split("e") as [string, string];
    return `${m.includes(".") ? m : `${m}.0`}E${Number(e)}`;
  }
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

function parseDateTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z)?$/.exec(text.trim());
  if (!m) return undefined;
  return daysFromCivil(+m[1]!, +m[2]!, +m[3]!) * DAY_MS + +m[4]! * HOUR_MS + +m[5]! * MINUTE_MS + +m[6]! * 1000 + (m[7] ? +m[7].padEnd(3, "0") : 0);
}

const MAX_DEPTH = 32;

function evalExpr(e: ExprIR, env: EvalEnv, scope: ExprScope | undefined, depth: number): Value {
  if (depth > MAX_DEPTH) fail("expressions refer to each other in a cycle");
  switch (e.kind) {
    case "number":
      return Number.isInteger(e.value) && !/[.eE]/.test(e.raw) ? { t: "int", v: e.value } : { t: "double", v: e.value };
    case "string":
      return { t: "string", v: e.value };
    case "param": {
      const v = env.params.get(e.id);
      if (v === undefined) fail(`parameter '${e.id}' has no value`);
      if (typeof v !== "string") fail(`parameter '${e.id}' is a list; list values in expressions are not supported`);
      const type = env.paramTypes?.get(e.id) ?? (e.type === "Integer" || e.type === "Double" ? e.type : "String");
      if (type === "Integer") {
        const n = Number(v);
        if (!Number.isInteger(n)) fail(`parameter '${e.id}' is not an integer: '${v}'`);
        return { t: "int", v: n };
      }
      if (type === "Double") {
        const n = Number(v);
        if (Number.isNaN(n)) fail(`parameter '${e.id}' is not a number: '${v}'`);
        return { t: "double", v: n };
      }
      return { t: "string", v };
    }
    case "runtime":
    case "field":
    case "node":
    case "member":
      return evalRef(e, env, scope, depth);
    case "negate": {
      const v = evalExpr(e.operand, env, scope, depth + 1);
      if (v.t === "int" || v.t === "double") return { t: v.t, v: -v.v };
      return fail("'-' applied to a value that is not a number");
    }
    case "binary":
      return binary(e.op, evalExpr(e.left, env, scope, depth + 1), evalExpr(e.right, env, scope, depth + 1));
    case "call":
      return call(e.fn, e.args.map((a) => evalExpr(a, env, scope, depth + 1)));
  }
}

function evalRef(e: ExprIR, env: EvalEnv, scope: ExprScope | undefined, depth: number): Value {
  if (e.kind === "runtime") return runtimeSlot(e.name, env);
  if (!scope) fail("a field reference needs the object it is evaluated on");
  const r = resolveRef(e, scope)!;
  switch (r.kind) {
    case "error":
      return fail(r.message);
    case "text":
      return { t: "string", v: r.text };
    case "object":
      return { t: "string", v: r.scope.object.id };
    case "runtime":
      return runtimeSlot(r.name, env);
    case "value": {
      const text = valueText(r.value, env, r.scope, depth + 1);
      const kind = r.field.kind;
      if (kind === "int" && /^-?\d+$/.test(text)) return { t: "int", v: Number(text) };
      if (kind === "double" && text.trim() !== "" && !Number.isNaN(Number(text))) return { t: "double", v: Number(text) };
      if (kind === "datetime") {
        const ms = parseDateTime(text);
        if (ms !== undefined) return { t: "datetime", ms, zone: "UTC" };
      }
      return { t: "string", v: text };
    }
  }
}

function runtimeSlot(raw: string, env: EvalEnv): Value {
  const name = raw.startsWith("@") ? raw.slice(1) : raw;
  switch (name) {
    case "scheduledStartTime":
      return { t: "datetime", ms: env.scheduledStartTime, zone: "UTC" };
    case "scheduledEndTime":
      if (env.scheduledEndTime === undefined) fail("@scheduledEndTime is not known for this run");
      return { t: "datetime", ms: env.scheduledEndTime, zone: "UTC" };
    case "actualStartTime":
      if (env.actualStartTime === undefined) fail("@actualStartTime is not known before the run starts");
      return { t: "datetime", ms: env.actualStartTime, zone: "UTC" };
    default: {
      const v = env.runtime?.get(name);
      if (v !== undefined) return { t: "string", v };
      return fail(`the runtime slot '@${name}' has no value at evaluation time`);
    }
  }
}

function num(v: Value, what: string): number {
  if (v.t === "int" || v.t === "double") return v.v;
  return fail(`${what} needs a number, got ${describe(v)}`);
}

function int(v: Value, what: string): number {
  if (v.t === "int") return v.v;
  return fail(`${what} needs an integer, got ${describe(v)}`);
}

function dt(v: Value, what: string): { ms: number; zone: string } {
  if (v.t === "datetime") return v;
  return fail(`${what} needs a DateTime, got ${describe(v)}`);
}

function describe(v: Value): string {
  return v.t === "string" ? `the string '${v.v}'` : v.t === "datetime" ? "a DateTime" : `the number ${toText(v)}`;
}

function binary(op: string, l: Value, r: Value): Value {
  if (op === "+" && (l.t === "string" || r.t === "string")) return { t: "string", v: toText(l) + toText(r) };
  const a = num(l, `'${op}'`);
  const b = num(r, `'${op}'`);
  const ints = l.t === "int" && r.t === "int";
  switch (op) {
    case "+":
      return ints ? { t: "int", v: a + b } : { t: "double", v: a + b };
    case "-":
      return ints ? { t: "int", v: a - b } : { t: "double", v: a - b };
    case "*":
      return ints ? { t: "int", v: a * b } : { t: "double", v: a * b };
    case "/":
      if (ints) {
        if (b === 0) fail("division by zero");
        return { t: "int", v: Math.trunc(a / b) };
      }
      return { t: "double", v: a / b };
    case "^":
      return { t: "double", v: Math.pow(a, b) };
    default:
      return fail(`unknown operator '${op}'`);
  }
}

/** Local-time operation on a DateTime: the zone's wall clock is changed, then mapped back to an instant. */
function local(d: { ms: number; zone: string }, f: (local: number) => number): Value {
  const l = d.ms + zoneOffset(d.zone, d.ms);
  return { t: "datetime", ms: localToInstant(d.zone, f(l)), zone: d.zone };
}

function field(d: { ms: number; zone: string }) {
  return fieldsOf(d.ms + zoneOffset(d.zone, d.ms));
}

const EXACT: Record<string, number> = { Minutes: MINUTE_MS, Hours: HOUR_MS };
const DAYS: Record<string, number> = { Days: DAY_MS, Weeks: WEEK_MS };

function call(fn: string, args: Value[]): Value {
  const arity = (n: number): void => {
    if (args.length !== n) fail(`${fn}() takes ${n} argument${n === 1 ? "" : "s"}, got ${args.length}`);
  };
  const shift = /^(plus|minus)(Minutes|Hours|Days|Weeks|Months|Years)$/.exec(fn);
  if (shift) {
    arity(2);
    const d = dt(args[0]!, `${fn}()`);
    const n = int(args[1]!, `${fn}()`) * (shift[1] === "minus" ? -1 : 1);
    const unit = shift[2]!;
    if (EXACT[unit]) return { t: "datetime", ms: d.ms + n * EXACT[unit], zone: d.zone };
    if (DAYS[unit]) return local(d, (l) => l + n * DAYS[unit]!);
    return local(d, (l) => plusMonthsLocal(l, unit === "Years" ? n * 12 : n));
  }
  switch (fn) {
    case "format": {
      arity(2);
      const d = dt(args[0]!, "format()");
      const p = args[1]!;
      if (p.t !== "string") fail("format() needs a pattern string");
      const parsed = parseJoda(p.v);
      if (!parsed.ok) fail(parsed.message);
      const off = zoneOffset(d.zone, d.ms);
      const out = printJoda(parsed.tokens, d.ms + off, d.zone, off);
      if (typeof out !== "string") fail(out.error);
      return { t: "string", v: out };
    }
    case "day":
    case "dayOfYear":
    case "hour":
    case "minute":
    case "month":
    case "year": {
      arity(1);
      const f = field(dt(args[0]!, `${fn}()`));
      const v = fn === "day" ? f.day : fn === "dayOfYear" ? f.dayOfYear : fn === "hour" ? f.hour : fn === "minute" ? f.minute : fn === "month" ? f.month : f.year;
      return { t: "int", v };
    }
    case "midnight":
      arity(1);
      return local(dt(args[0]!, "midnight()"), (l) => l - msOfDay(l));
    case "firstOfMonth":
      arity(1);
      return local(dt(args[0]!, "firstOfMonth()"), (l) => l - (fieldsOf(l).day - 1) * DAY_MS);
    case "sunday":
      arity(1);
      return local(dt(args[0]!, "sunday()"), (l) => l - (fieldsOf(l).dayOfWeek % 7) * DAY_MS);
    case "yesterday":
      arity(1);
      return local(dt(args[0]!, "yesterday()"), (l) => l - DAY_MS);
    case "makeDate":
    case "makeDateTime": {
      arity(fn === "makeDate" ? 3 : 5);
      const [y, m, d, h = 0, min = 0] = args.map((a) => int(a, `${fn}()`)) as number[];
      if (m! < 1 || m! > 12 || d! < 1 || d! > daysInMonth(y!, m!) || h < 0 || h > 23 || min < 0 || min > 59) fail(`${fn}(${args.map(toText).join(", ")}) is not a valid date`);
      return { t: "datetime", ms: daysFromCivil(y!, m!, d!) * DAY_MS + h * HOUR_MS + min * MINUTE_MS, zone: "UTC" };
    }
    case "inTimeZone": {
      arity(2);
      const d = dt(args[0]!, "inTimeZone()");
      const z = args[1]!;
      if (z.t !== "string") fail("inTimeZone() needs a zone id string");
      if (!isKnownZone(z.v)) fail(`unknown time zone '${z.v}'`);
      return { t: "datetime", ms: d.ms, zone: z.v };
    }
    default:
      return fail(`unknown function '${fn}'`);
  }
}
