/**
 * `pipec import` checks its own output before writing it: the `.pipe` text must parse, and built
 * for Data Pipeline it must give the objects and parameters of the definition that was read.
 *
 * Compared as data, as the service does: objects by id in any order; an object's fields as a
 * multiset of (key, value) pairs, so the order of fields and of a list's elements, and a
 * one-element list against a scalar, do not matter; a missing `name` is the id; references stay
 * references. Inside `#{...}`, white space and parentheses that change nothing do not matter:
 * two expressions are the same when their text without white space and parentheses (outside
 * quotes) is the same and they parse to the same tree. Parameters: by id, attributes as
 * (key, value) pairs.
 *
 * Where the importer said it changed something, the comparison expects the change: a reference
 * it reported as written as a word (PIPE5163) is expected as that word; after an error (parts
 * not imported) the built definition need only be contained in the one read.
 *
 * Nothing here goes through the printer or the Data Pipeline canonical form used elsewhere.
 */
import { parse } from "../ast/parse.ts";
import type * as A from "../ast/nodes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { pipelineDefinition } from "../emit/datapipeline/emit.ts";
import { resolve } from "../resolve/resolve.ts";
import { SourceFile } from "../source/source.ts";
import { importDiagnostic } from "./codes.ts";
import { parseExpressionText } from "./expression.ts";
import type { SourcedDefinition, SourcedValue } from "./read-definition.ts";

type Pairs = Map<string, number>;

interface Side {
  /** id -> (name, field pairs) per object with that id. */
  readonly objects: Map<string, { name: string; pairs: Pairs }[]>;
  /** id -> attribute pairs per parameter with that id. */
  readonly parameters: Map<string, Pairs[]>;
}

/**
 * PIPE9007 when `printed` (the importer's `.pipe` for `sourced`) does not parse or does not build
 * the definition read; undefined when it does. `importDiagnostics`: what the importer reported.
 */
export function checkImported(file: string, sourced: SourcedDefinition, importDiagnostics: readonly Diagnostic[], printed: string, valuesFile: string | undefined): Diagnostic | undefined {
  const whole = { start: 0, end: 0 };
  const refuse = (why: string): Diagnostic => importDiagnostic("PIPE9007", file, whole, `the imported .pipe text ${why}; nothing was written`);
  const pipePath = file.replace(/\.json$/i, "") + ".pipe";
  const parsed = parse(new SourceFile(pipePath, printed));
  const error = parsed.diagnostics.find((d) => d.severity === "error");
  if (error) return refuse(`would not parse (${error.code}: ${error.message})`);
  if (parsed.ast.pipelines.length !== 1) return refuse(`holds ${parsed.ast.pipelines.length} pipelines, not one`);
  const program = resolve(parsed.ast, pipePath, printed).program;
  const built = pipelineDefinition(program.pipelines[0], []);

  // After an error some objects are not imported: a reference to one becomes a word. Then
  // references and words of the same id count alike.
  const partial = importDiagnostics.some((d) => d.severity === "error");
  const asWords = partial ? "all" : new Set(importDiagnostics.filter((d) => d.code === "PIPE5163").map((d) => `${d.span.start}:${d.span.end}`));

  const expected: Side = { objects: new Map(), parameters: new Map() };
  for (const o of sourced.objects) {
    const pairs: Pairs = new Map();
    if (o.type) add(pairs, pair("type", "string", o.type.value));
    for (const f of o.fields) for (const v of f.values) add(pairs, valuePair(f.key, v, asWords));
    push(expected.objects, o.id, { name: o.name?.value ?? o.id, pairs });
  }
  for (const p of sourced.parameters) {
    const pairs: Pairs = new Map();
    for (const a of p.attributes) for (const v of a.values) add(pairs, pair(a.key, "string", v.value));
    push(expected.parameters, p.id, pairs);
  }

  const actual: Side = { objects: new Map(), parameters: new Map() };
  for (const o of built.objects) {
    const pairs: Pairs = new Map();
    for (const f of o.fields) for (const v of f.values) add(pairs, v.kind === "ref" ? pair(f.key, partial ? "string" : "ref", v.id) : pair(f.key, "string", v.value));
    push(actual.objects, o.id, { name: o.name ?? o.id, pairs });
  }
  for (const p of built.parameters) {
    const pairs: Pairs = new Map();
    for (const a of p.attributes) for (const v of a.values) add(pairs, pair(a.key, "string", v));
    push(actual.parameters, p.id, pairs);
  }
  // Data Pipeline reads no Default object and an empty one alike.
  for (const side of [expected, actual]) {
    const d = side.objects.get("Default");
    if (d && d.length === 1 && d[0].pairs.size === 0 && d[0].name === "Default") side.objects.delete("Default");
  }

  const difference = compareSides(expected, actual, partial) ?? compareValues(sourced, valuesFile);
  return difference === undefined ? undefined : refuse(`builds a different definition (${difference})`);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function add(pairs: Pairs, key: string): void {
  pairs.set(key, (pairs.get(key) ?? 0) + 1);
}

function pair(key: string, kind: "ref" | "string", value: string): string {
  // Not a string: a back end's fault, reported as a difference rather than a crash.
  if (typeof value !== "string") return JSON.stringify([key, kind, `(not text: ${typeof value})`]);
  return JSON.stringify([key, kind, kind === "string" ? normalized(value) : value]);
}

function valuePair(key: string, v: SourcedValue, asWords: ReadonlySet<string> | "all"): string {
  if (v.kind === "ref") return asWords === "all" || asWords.has(`${v.span.start}:${v.span.end}`) ? pair(key, "string", v.id) : pair(key, "ref", v.id);
  return pair(key, "string", v.text.value);
}

/** A value with each readable `#{...}` as its text without white space and parentheses and its tree. */
function normalized(value: string): string {
  if (!value.includes("#{")) return value;
  let out = "";
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf("#{", i);
    if (open < 0) break;
    const close = closingBrace(value, open + 2);
    if (close < 0) break;
    const inner = value.slice(open + 2, close);
    const parsed = parseExpressionText(inner);
    out += value.slice(i, open);
    out += parsed ? `#{${bare(inner)}\u0000${JSON.stringify(tree(parsed.expr))}}` : value.slice(open, close + 1);
    i = close + 1;
  }
  return out + value.slice(i);
}

/**
 * The `}` that closes an expression starting at `from` (quotes respected), or -1. Written here
 * rather than shared with to-ast.ts: this check must not share the importer's mistakes.
 */
function closingBrace(text: string, from: number): number {
  let quote = "";
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "}") return i;
  }
  return -1;
}

/** Expression text without white space and grouping parentheses outside quoted strings (a call's stay). */
function bare(text: string): string {
  let out = "";
  let quote = "";
  const open: boolean[] = []; // per open parenthesis: whether it is a call's
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      out += c;
      if (c === "\\" && i + 1 < text.length) out += text[++i];
      else if (c === quote) quote = "";
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else if (c === "(") {
      const call = /[A-Za-z0-9_]/.test(out.at(-1) ?? "");
      open.push(call);
      if (call) out += c;
    } else if (c === ")") {
      if (open.pop() !== false) out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

/** The expression's tree without positions. */
function tree(e: A.Expr): unknown {
  switch (e.kind) {
    case "NumberExpr":
      return ["n", e.raw];
    case "StringExpr":
      return ["s", e.raw];
    case "NameExpr":
      return ["v", e.encrypted, e.name];
    case "RuntimeExpr":
      return ["@", e.name];
    case "MemberExpr":
      return [".", e.runtime, e.name, tree(e.target)];
    case "CallExpr":
      return ["f", e.method, e.callee, e.args.map(tree)];
    case "BinaryExpr":
      return [e.op, tree(e.left), tree(e.right)];
    case "UnaryExpr":
      return ["neg", tree(e.operand)];
  }
}

/** Every pair of `a` in `b` at least as often; equal too when `exact`. */
function pairsDifference(a: Pairs, b: Pairs, exact: boolean): string | undefined {
  for (const [k, n] of a) {
    const m = b.get(k) ?? 0;
    if (m < n || (exact && m !== n)) {
      const [key, kind, value] = JSON.parse(k) as string[];
      return `${key} = ${kind === "ref" ? `ref ${value}` : JSON.stringify(value.replace(/\u0000[^}]*\}/g, "}"))} ${m < n ? "is missing" : "is repeated"}`;
    }
  }
  if (exact) {
    for (const [k] of b) {
      if (!a.has(k)) {
        const [key, kind, value] = JSON.parse(k) as string[];
        return `${key} = ${kind === "ref" ? `ref ${value}` : JSON.stringify(value.replace(/\u0000[^}]*\}/g, "}"))} appeared`;
      }
    }
  }
  return undefined;
}

/** Where `actual` (built) differs from `expected` (read); with `partial`, only what was built is checked. */
function compareSides(expected: Side, actual: Side, partial: boolean): string | undefined {
  for (const [id, built] of actual.objects) {
    const read = expected.objects.get(id);
    if (!read) return `the object ${JSON.stringify(id)} is not in the definition`;
    if (!partial && read.length !== built.length) return `${read.length} objects ${JSON.stringify(id)} became ${built.length}`;
    for (const b of built) {
      // Objects sharing an id: each built one must match one read one.
      const diffs = read.map((r) => (r.name !== b.name ? `its name ${JSON.stringify(r.name)} became ${JSON.stringify(b.name)}` : partial ? pairsDifference(b.pairs, r.pairs, false) : pairsDifference(r.pairs, b.pairs, true)));
      if (!diffs.includes(undefined)) return `in the object ${JSON.stringify(id)}: ${diffs[0]}`;
    }
  }
  if (!partial) {
    for (const id of expected.objects.keys()) if (!actual.objects.has(id)) return `the object ${JSON.stringify(id)} is gone`;
  }
  for (const [id, built] of actual.parameters) {
    const read = expected.parameters.get(id);
    if (!read) return `the parameter ${JSON.stringify(id)} is not in the definition`;
    for (const b of built) {
      const diffs = read.map((r) => (partial ? pairsDifference(b, r, false) : pairsDifference(r, b, true)));
      if (!diffs.includes(undefined)) return `in the parameter ${JSON.stringify(id)}: ${diffs[0]}`;
    }
  }
  if (!partial) {
    for (const id of expected.parameters.keys()) if (!actual.parameters.has(id)) return `the parameter ${JSON.stringify(id)} is gone`;
  }
  return undefined;
}

/** The values file carries the definition's parameter values. */
function compareValues(sourced: SourcedDefinition, valuesFile: string | undefined): string | undefined {
  const expected = new Map<string, string[]>();
  for (const v of sourced.values) expected.set(v.id, [...(expected.get(v.id) ?? []), ...v.values.map((x) => x.value)]);
  let written: Record<string, unknown> = {};
  if (valuesFile !== undefined) {
    try {
      written = ((JSON.parse(valuesFile) as { values?: Record<string, unknown> }).values ?? {}) as Record<string, unknown>;
    } catch {
      return "the values file is not JSON";
    }
  }
  const ids = new Set([...expected.keys(), ...Object.keys(written)]);
  for (const id of ids) {
    const w = Object.hasOwn(written, id) ? written[id] : undefined;
    const got = (Array.isArray(w) ? w : w === undefined ? [] : [w]).map(String).sort();
    const want = [...(expected.get(id) ?? [])].sort();
    if (got.length !== want.length || got.some((x, i) => x !== want[i])) return `the values of ${JSON.stringify(id)} differ in the values file`;
  }
  return undefined;
}
