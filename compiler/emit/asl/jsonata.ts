/**
 * Data Pipeline expressions (ExprIR) to JSONata 2.0.6, the query language of Step Functions.
 *
 * A DateTime is carried as epoch milliseconds (a JSONata number) with its zone known at compile
 * time. The execution's times come from variables assigned by the state machine's first state:
 * `$scheduledStartTime` and `$scheduledEndTime` (ISO-8601 text) and `$params` (parameter values
 * merged over their defaults). Every result agrees with the evaluator in compiler/expr-eval/.
 *
 * Time zones: a zone with daylight saving time is formatted through an inlined table of offset
 * transitions built from the runtime's IANA data (JSONata only accepts fixed `±HHMM` offsets; an
 * IANA name silently yields `NaN`). Day-based arithmetic on such a DateTime has no exact JSONata
 * form and is reported instead.
 */
import type { ExprIR, TemplateIR, ValueIR } from "../../ir/ir.ts";
import { DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS, daysFromCivil, daysInMonth, isKnownZone, zoneOffset, zoneTransitions } from "../../expr-eval/calendar.ts";
import { parseJoda, type JodaToken } from "../../expr-eval/joda.ts";
import { resolveRef, type ExprScope } from "../../expr-eval/scope.ts";

export type JType = "datetime" | "int" | "double" | "string";

export interface JExpr {
  readonly code: string;
  readonly type: JType;
  /** For DateTime values: the zone (`UTC` unless `inTimeZone` set it). */
  readonly zone?: string;
}

export interface JsonataOptions {
  /** Years covered by inlined zone tables (default 1970-2100). */
  readonly zoneYears?: readonly [number, number];
  /** Parameter types by id, for numeric parameters. */
  readonly paramTypes?: ReadonlyMap<string, string>;
  /**
   * Filled with the offset tables of the zones used: variable name (without `$`) to its JSON
   * value. The state machine assigns them once, in its first state.
   */
  readonly zoneTables?: Map<string, unknown>;
  /**
   * JSONata for run-time slots that depend on where the expression is used, e.g. `errorMessage`
   * in an onFail alarm (`$states.input.Cause`). Keys without `@`.
   */
  readonly runtimeSlots?: ReadonlyMap<string, JExpr>;
}

/** The variable that holds a zone's offset table. */
export function zoneVariable(zone: string): string {
  return `tz_${zone.replace(/[^A-Za-z0-9]/g, "_")}`;
}

export type Translation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

class TranslateError extends Error {}

function fail(message: string): never {
  throw new TranslateError(message);
}

/** A JSONata string literal. `'` and `%` are written as `\u` escapes (safe inside `{% %}`). */
export function jstr(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\u0027";
    else if (ch === "%") out += "\\u0025";
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}'`;
}

/** Translates one expression. */
export function translateExpr(expr: ExprIR, scope: ExprScope | undefined, options: JsonataOptions = {}): Translation<JExpr> {
  try {
    return { ok: true, value: new Translator(options).expr(expr, scope, 0) };
  } catch (e) {
    if (e instanceof TranslateError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Translates an expression to JSONata that yields the text Data Pipeline would insert. */
export function translateExprText(expr: ExprIR, scope: ExprScope | undefined, options: JsonataOptions = {}): Translation<string> {
  try {
    const t = new Translator(options);
    return { ok: true, value: t.text(t.expr(expr, scope, 0)) };
  } catch (e) {
    if (e instanceof TranslateError) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * Translates a field value: a literal gives its text (no JSONata), a template gives a JSONata
 * string expression (without the `{% %}` delimiters).
 */
export function translateValue(value: ValueIR, scope: ExprScope | undefined, options: JsonataOptions = {}): Translation<{ readonly literal: string } | { readonly jsonata: string }> {
  if (value.kind === "literal") return { ok: true, value: { literal: value.text } };
  if (value.kind === "ref") return { ok: true, value: { literal: value.id } };
  try {
    return { ok: true, value: { jsonata: new Translator(options).template(value, scope, 0) } };
  } catch (e) {
    if (e instanceof TranslateError) return { ok: false, message: e.message };
    throw e;
  }
}

const MAX_DEPTH = 32;
const ISO_PICTURE = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01]";

class Translator {
  private readonly options: JsonataOptions;
  private n = 0;
  constructor(options: JsonataOptions) {
    this.options = options;
  }

  /** A fresh variable name (blocks nest, so names never clash). */
  private v(base: string): string {
    return `$${base}${this.n++}`;
  }

  template(t: TemplateIR, scope: ExprScope | undefined, depth: number): string {
    const parts: string[] = [];
    for (const p of t.parts) {
      if (p.kind === "text") {
        if (p.text) parts.push(jstr(p.text));
      } else parts.push(this.text(this.expr(p.expr, scope, depth + 1)));
    }
    if (parts.length === 0) return "''";
    return parts.length === 1 && t.parts.length === 1 && t.parts[0]!.kind === "expr" ? `(${parts[0]})` : parts.join(" & ");
  }

  /** JSONata yielding the text of a value, as Data Pipeline prints it. */
  text(e: JExpr): string {
    switch (e.type) {
      case "string":
        return e.code;
      case "int":
        return `$string(${e.code})`;
      case "double": {
        const x = this.v("x");
        return `(${x} := ${e.code}; ${x} = $floor(${x}) ? $string(${x}) & '.0' : $string(${x}))`;
      }
      case "datetime":
        return this.format(e, [{ kind: "field", letter: "y", count: 4 }, { kind: "literal", text: "-" }, { kind: "field", letter: "M", count: 2 }, { kind: "literal", text: "-" }, { kind: "field", letter: "d", count: 2 }, { kind: "literal", text: "T" }, { kind: "field", letter: "H", count: 2 }, { kind: "literal", text: ":" }, { kind: "field", letter: "m", count: 2 }, { kind: "literal", text: ":" }, { kind: "field", letter: "s", count: 2 }]);
    }
  }

  expr(e: ExprIR, scope: ExprScope | undefined, depth: number): JExpr {
    if (depth > MAX_DEPTH) fail("expressions refer to each other in a cycle");
    switch (e.kind) {
      case "number":
        return Number.isInteger(e.value) && !/[.eE]/.test(e.raw) ? { code: String(e.value), type: "int" } : { code: numberLiteral(e.value), type: "double" };
      case "string":
        return { code: jstr(e.value), type: "string" };
      case "param": {
        const type = this.options.paramTypes?.get(e.id) ?? (e.type === "Integer" || e.type === "Double" ? e.type : "String");
        const raw = `$lookup($params, ${jstr(e.id)})`;
        if (type === "Integer") return { code: `$number(${raw})`, type: "int" };
        if (type === "Double") return { code: `$number(${raw})`, type: "double" };
        return { code: raw, type: "string" };
      }
      case "runtime":
        return this.runtime(e.name);
      case "field":
      case "node":
      case "member": {
        if (!scope) fail("a field reference needs the object it is evaluated on");
        const r = resolveRef(e, scope)!;
        switch (r.kind) {
          case "error":
            return fail(r.message);
          case "text":
            return { code: jstr(r.text), type: "string" };
          case "object":
            return { code: jstr(r.scope.object.id), type: "string" };
          case "runtime":
            return this.runtime(r.name);
          case "value": {
            const kind = r.field.kind;
            if (r.value.kind === "literal") {
              const lit = r.value.literal;
              if (lit.type === "number") return Number.isInteger(lit.value) && kind !== "double" ? { code: String(lit.value), type: "int" } : { code: numberLiteral(lit.value), type: "double" };
              if (lit.type === "datetime" || kind === "datetime") {
                const ms = parseDateTime(r.value.text);
                if (ms !== undefined) return { code: String(ms), type: "datetime", zone: "UTC" };
              }
              if (kind === "int" && /^-?\d+$/.test(r.value.text)) return { code: r.value.text, type: "int" };
              return { code: jstr(r.value.text), type: "string" };
            }
            if (r.value.kind === "ref") return { code: jstr(r.value.id), type: "string" };
            const code = this.template(r.value, r.scope, depth + 1);
            if (kind === "int") return { code: `$number(${code})`, type: "int" };
            if (kind === "double") return { code: `$number(${code})`, type: "double" };
            return { code, type: "string" };
          }
        }
        return fail("unresolvable reference");
      }
      case "negate": {
        const o = this.expr(e.operand, scope, depth + 1);
        if (o.type !== "int" && o.type !== "double") fail("'-' applied to a value that is not a number");
        return { code: `-(${o.code})`, type: o.type };
      }
      case "binary":
        return this.binary(e.op, this.expr(e.left, scope, depth + 1), this.expr(e.right, scope, depth + 1));
      case "call":
        return this.call(e.fn, e.args.map((a) => this.expr(a, scope, depth + 1)), e.args);
    }
  }

  private runtime(raw: string): JExpr {
    const name = raw.startsWith("@") ? raw.slice(1) : raw;
    const slot = this.options.runtimeSlots?.get(name);
    if (slot) return slot;
    switch (name) {
      case "scheduledStartTime":
        return { code: "$toMillis($scheduledStartTime)", type: "datetime", zone: "UTC" };
      case "scheduledEndTime":
        return { code: "$toMillis($scheduledEndTime)", type: "datetime", zone: "UTC" };
      case "actualStartTime":
        return { code: "$toMillis($states.context.State.EnteredTime)", type: "datetime", zone: "UTC" };
      case "pipelineId":
        // The pipeline's identity in Step Functions: the state machine's ARN.
        return { code: "$states.context.StateMachine.Id", type: "string" };
      default:
        return fail(`the runtime slot '@${name}' has no equivalent in a Step Functions execution`);
    }
  }

  private binary(op: string, l: JExpr, r: JExpr): JExpr {
    if (op === "+" && (l.type === "string" || r.type === "string")) return { code: `(${this.text(l)} & ${this.text(r)})`, type: "string" };
    for (const s of [l, r]) if (s.type !== "int" && s.type !== "double") fail(`'${op}' needs numbers, got a ${s.type === "datetime" ? "DateTime" : s.type}`);
    const ints = l.type === "int" && r.type === "int";
    const t: JType = ints ? "int" : "double";
    switch (op) {
      case "+":
      case "-":
      case "*":
        return { code: `(${l.code} ${op} ${r.code})`, type: t };
      case "/": {
        if (!ints) return { code: `(${l.code} / ${r.code})`, type: "double" };
        const q = this.v("q");
        return { code: `(${q} := ${l.code} / ${r.code}; ${q} < 0 ? $ceil(${q}) : $floor(${q}))`, type: "int" };
      }
      case "^":
        return { code: `$power(${l.code}, ${r.code})`, type: "double" };
      default:
        return fail(`unknown operator '${op}'`);
    }
  }

  private dt(e: JExpr | undefined, fn: string): JExpr & { zone: string } {
    if (!e || e.type !== "datetime") fail(`${fn}() needs a DateTime${e ? `, got a ${e.type}` : ""}`);
    return e as JExpr & { zone: string };
  }

  private int(e: JExpr | undefined, fn: string): string {
    if (!e || e.type !== "int") fail(`${fn}() needs an integer${e ? `, got a ${e.type}` : ""}`);
    return e.code;
  }

  /** The offset of a zone as JSONata: a literal for fixed zones, a table lookup otherwise. `t` must be a variable. */
  private offset(zone: string, t: string): { code: string; fixed: number | undefined } {
    if (zone === "UTC") return { code: "'+0000'", fixed: 0 };
    const [from, to] = this.options.zoneYears ?? [1970, 2100];
    const tr = zoneTransitions(zone, from, to);
    if (tr.length === 1) return { code: jstr(tr[0]!.offset), fixed: zoneOffset(zone, tr[0]!.instant) };
    // One entry per UTC year: [offset at the year's start, instant1, offset1, instant2, offset2, ...].
    const years: (string | number)[][] = [];
    let k = 0;
    for (let y = from; y <= to; y++) {
      const y0 = daysFromCivil(y, 1, 1) * DAY_MS;
      const y1 = daysFromCivil(y + 1, 1, 1) * DAY_MS;
      let current = tr[0]!.offset;
      const entry: (string | number)[] = [];
      for (const x of tr) {
        if (x.instant <= y0) current = x.offset;
        else if (x.instant < y1) entry.push(x.instant, x.offset);
      }
      years.push([current, ...entry]);
      k = Math.max(k, entry.length / 2);
    }
    const name = zoneVariable(zone);
    this.options.zoneTables?.set(name, years);
    const table = `$${name}`;
    const e = this.v("e");
    const y = this.v("y");
    let cond = `${e}[0]`;
    for (let i = 1; i <= k; i++) cond = `$exists(${e}[${2 * i - 1}]) and ${t} >= ${e}[${2 * i - 1}] ? ${e}[${2 * i}] : (${cond})`;
    // The index is bound first: a predicate that is not a plain value is evaluated once per element.
    const i = this.v("i");
    const pick = `${y} := $number($fromMillis(${t}, '[Y1]')); ${i} := ${y} < ${from} ? 0 : ${y} > ${to} ? ${to - from} : ${y} - ${from}`;
    return { code: `(${pick}; ${e} := ${table}[${i}]; ${cond})`, fixed: undefined };
  }

  /**
   * A local-time operation: `op` maps a variable holding the local wall-clock millis to new local
   * millis. Exact for UTC and fixed-offset zones.
   */
  private local(d: JExpr & { zone: string }, fn: string, op: (local: string) => string): JExpr {
    if (d.zone === "UTC") {
      const t = this.v("t");
      return { code: `(${t} := ${d.code}; ${op(t)})`, type: "datetime", zone: "UTC" };
    }
    const off = this.offset(d.zone, "$unused");
    if (off.fixed === undefined) fail(`${fn}() on a DateTime in '${d.zone}', a zone with daylight saving time, has no exact Step Functions form; convert with inTimeZone() after the arithmetic`);
    const t = this.v("t");
    return { code: `(${t} := ${d.code} + ${off.fixed}; ${op(t)} - ${off.fixed})`, type: "datetime", zone: d.zone };
  }

  /** A local calendar field of a DateTime as a JSONata number. */
  private field(d: JExpr & { zone: string }, picture: string): string {
    const t = this.v("t");
    if (d.zone === "UTC") return `(${t} := ${d.code}; $number($fromMillis(${t}, ${jstr(picture)})))`;
    const off = this.offset(d.zone, t);
    return `(${t} := ${d.code}; $number($fromMillis(${t}, ${jstr(picture)}, ${off.code})))`;
  }

  private call(fn: string, args: JExpr[], raw: readonly ExprIR[]): JExpr {
    const arity = (n: number): void => {
      if (args.length !== n) fail(`${fn}() takes ${n} argument${n === 1 ? "" : "s"}, got ${args.length}`);
    };
    const shift = /^(plus|minus)(Minutes|Hours|Days|Weeks|Months|Years)$/.exec(fn);
    if (shift) {
      arity(2);
      const d = this.dt(args[0], fn);
      const n = this.int(args[1], fn);
      const sign = shift[1] === "minus" ? "-" : "+";
      const unit = shift[2]!;
      if (unit === "Minutes" || unit === "Hours") {
        const ms = unit === "Minutes" ? MINUTE_MS : HOUR_MS;
        return { code: `(${d.code} ${sign} (${n}) * ${ms})`, type: "datetime", zone: d.zone };
      }
      if (unit === "Days" || unit === "Weeks") {
        const ms = unit === "Days" ? DAY_MS : WEEK_MS;
        return this.local(d, fn, (t) => `${t} ${sign} (${n}) * ${ms}`);
      }
      const months = unit === "Years" ? `${sign}(${n}) * 12` : `${sign}(${n})`;
      return this.local(d, fn, (t) => this.plusMonths(t, months));
    }
    switch (fn) {
      case "format": {
        arity(2);
        const d = this.dt(args[0], fn);
        const p = raw[1]!;
        if (p.kind !== "string") fail("format() needs a pattern written as a string literal to be compiled to Step Functions");
        const parsed = parseJoda(p.value);
        if (!parsed.ok) fail(parsed.message);
        return { code: this.format(d, parsed.tokens), type: "string" };
      }
      case "day":
      case "dayOfYear":
      case "hour":
      case "minute":
      case "month":
      case "year": {
        arity(1);
        const pic = { day: "[D1]", dayOfYear: "[d1]", hour: "[H1]", minute: "[m1]", month: "[M1]", year: "[Y1]" }[fn];
        return { code: this.field(this.dt(args[0], fn), pic), type: "int" };
      }
      case "midnight":
        arity(1);
        return this.local(this.dt(args[0], fn), fn, (t) => `$floor(${t} / ${DAY_MS}) * ${DAY_MS}`);
      case "firstOfMonth":
        arity(1);
        return this.local(this.dt(args[0], fn), fn, (t) => `${t} - ($number($fromMillis(${t}, '[D1]')) - 1) * ${DAY_MS}`);
      case "sunday":
        arity(1);
        // ISO day of week from the day number: 1970-01-01 was a Thursday.
        return this.local(this.dt(args[0], fn), fn, (t) => `${t} - ((($floor(${t} / ${DAY_MS}) + 3) % 7 + 7) % 7 + 1) % 7 * ${DAY_MS}`);
      case "yesterday":
        arity(1);
        return this.local(this.dt(args[0], fn), fn, (t) => `${t} - ${DAY_MS}`);
      case "makeDate":
      case "makeDateTime": {
        arity(fn === "makeDate" ? 3 : 5);
        const parts = args.map((a) => this.int(a, fn));
        const lits = raw.map((a) => (a.kind === "number" ? a.value : undefined));
        if (lits.every((x) => x !== undefined)) {
          const [y, m, d, h = 0, mi = 0] = lits as number[];
          if (m! < 1 || m! > 12 || d! < 1 || d! > daysInMonth(y!, m!) || h < 0 || h > 23 || mi < 0 || mi > 59) fail(`${fn}(${lits.join(", ")}) is not a valid date`);
          return { code: String(daysFromCivil(y!, m!, d!) * DAY_MS + h * HOUR_MS + mi * MINUTE_MS), type: "datetime", zone: "UTC" };
        }
        const [y, m, d, h, mi] = parts;
        let code = `$toMillis($formatInteger(${y}, '0000') & '-' & $formatInteger(${m}, '00') & '-' & $formatInteger(${d}, '00') & 'T00:00:00.000Z')`;
        if (h !== undefined) code = `(${code} + (${h}) * ${HOUR_MS} + (${mi}) * ${MINUTE_MS})`;
        return { code, type: "datetime", zone: "UTC" };
      }
      case "inTimeZone": {
        arity(2);
        const d = this.dt(args[0], fn);
        const z = raw[1]!;
        if (z.kind !== "string") fail("inTimeZone() needs the zone written as a string literal to be compiled to Step Functions");
        if (!isKnownZone(z.value)) fail(`unknown time zone '${z.value}'`);
        return { code: d.code, type: "datetime", zone: z.value };
      }
      default:
        return fail(`'${fn}' has no Step Functions translation`);
    }
  }

  /** Joda month arithmetic on a local-millis variable, clamping the day to the month's length. */
  private plusMonths(t: string, months: string): string {
    const s = this.v("m");
    return `(${s}tot := $number($fromMillis(${t}, '[Y1]')) * 12 + $number($fromMillis(${t}, '[M1]')) - 1 ${months}; ${s}y := $floor(${s}tot / 12); ${s}mo := ${s}tot - ${s}y * 12 + 1; ${s}lp := (${s}y % 4 = 0 and ${s}y % 100 != 0) or ${s}y % 400 = 0; ${s}dim := [31, ${s}lp ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][${s}mo - 1]; ${s}d := $number($fromMillis(${t}, '[D1]')); $toMillis($formatInteger(${s}y, '0000') & '-' & $formatInteger(${s}mo, '00') & '-' & $formatInteger(${s}d < ${s}dim ? ${s}d : ${s}dim, '00') & 'T00:00:00.000Z') + (${t} - $floor(${t} / ${DAY_MS}) * ${DAY_MS}))`;
  }

  /** A Joda pattern as JSONata: runs of picture components merge into one `$fromMillis`. */
  format(d: JExpr, tokens: readonly JodaToken[]): string {
    const zone = d.zone ?? "UTC";
    const t = this.v("t");
    const off = this.offset(zone, t);
    const o = this.v("o");
    const offArg = zone === "UTC" ? "" : `, ${o}`;
    const pieces: string[] = [];
    let pic = "";
    const flush = (): void => {
      if (pic) pieces.push(`$fromMillis(${t}, ${jstr(pic)}${offArg})`);
      pic = "";
    };
    const computed = (code: string): void => {
      flush();
      pieces.push(code);
    };
    const num = (picture: string) => `$number($fromMillis(${t}, ${jstr(picture)}${offArg}))`;
    const padded = (code: string, n: number) => `$formatInteger(${code}, ${jstr("0".repeat(Math.max(n, 1)))})`;
    const width = (n: number) => (n <= 1 ? "1" : `${"0".repeat(n - 1)}1`);
    for (const tok of tokens) {
      if (tok.kind === "literal") {
        pic += tok.text.replace(/\[/g, "[[").replace(/\]/g, "]]");
        continue;
      }
      const n = tok.count;
      switch (tok.letter) {
        case "y":
        case "Y":
          if (n === 2) pic += "[Y01]";
          else if (n === 1) pic += "[Y1]";
          else if (n === 4) pic += "[Y0001]";
          else computed(padded(num("[Y1]"), n));
          break;
        case "x":
          if (n === 2) computed(padded(`${num("[X1]")} % 100`, 2));
          else computed(padded(num("[X1]"), n));
          break;
        case "w":
          computed(padded(num("[W1]"), n));
          break;
        case "e":
          computed(padded(num("[F1]"), n));
          break;
        case "E":
          pic += n >= 4 ? "[FNn]" : "[FNn,3-3]";
          break;
        case "M":
          pic += n >= 4 ? "[MNn]" : n === 3 ? "[MNn,3-3]" : `[M${width(n)}]`;
          break;
        case "d":
          pic += `[D${width(n)}]`;
          break;
        case "D":
          pic += `[d${width(n)}]`;
          break;
        case "H":
          pic += `[H${width(n)}]`;
          break;
        case "h":
          pic += `[h${width(n)}]`;
          break;
        case "m":
          pic += `[m${width(n)}]`;
          break;
        case "s":
          pic += `[s${width(n)}]`;
          break;
        case "a":
          pic += "[PN]";
          break;
        case "k": {
          const h = this.v("h");
          computed(`(${h} := ${num("[H1]")}; ${padded(`${h} = 0 ? 24 : ${h}`, n)})`);
          break;
        }
        case "K":
          computed(padded(`${num("[H1]")} % 12`, n));
          break;
        case "C":
          computed(padded(`$floor(${num("[Y1]")} / 100)`, n));
          break;
        case "G":
          pic += "AD";
          break;
        case "S":
          computed(`$substring(${padded(`${t} - $floor(${t} / 1000) * 1000`, 3)} & ${jstr("0".repeat(Math.max(0, n - 3)))}, 0, ${n})`);
          break;
        case "z":
          if (zone !== "UTC") fail(`the zone name 'z' in a date pattern has no fixed text for '${zone}'; use 'Z' or 'ZZ'`);
          pic += n >= 4 ? "Coordinated Universal Time" : "UTC";
          break;
        case "Z":
          if (n >= 3) pic += zone;
          else if (zone === "UTC") pic += n === 1 ? "+0000" : "+00:00";
          else computed(n === 1 ? o : `$substring(${o}, 0, 3) & ':' & $substring(${o}, 3)`);
          break;
        default:
          fail(`unsupported pattern letter '${tok.letter}'`);
      }
    }
    flush();
    const body = pieces.length === 0 ? "''" : pieces.join(" & ");
    const bindOff = zone === "UTC" ? "" : ` ${o} := ${off.code};`;
    return `(${t} := ${d.code};${bindOff} ${body})`;
  }
}

function numberLiteral(x: number): string {
  return Number.isInteger(x) ? `${x}` : String(x);
}

function parseDateTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:Z)?$/.exec(text.trim());
  if (!m) return undefined;
  return daysFromCivil(+m[1]!, +m[2]!, +m[3]!) * DAY_MS + +m[4]! * HOUR_MS + +m[5]! * MINUTE_MS + +m[6]! * 1000;
}

export { ISO_PICTURE };
