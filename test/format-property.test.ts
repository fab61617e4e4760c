/**
 * Property tests of the formatter over generated programs: printing an AST and reading it back
 * gives the same meaning; formatting keeps every comment and is idempotent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type * as A from "../compiler/ast/nodes.ts";
import { parse } from "../compiler/ast/parse.ts";
import { formatSource, printAst } from "../compiler/format/index.ts";
import { meaningDifference } from "../compiler/format/same-meaning.ts";
import { SourceFile } from "../compiler/source/source.ts";
import { commentTexts, meaning } from "./helpers/ast-meaning.ts";
import { build } from "./helpers/datapipeline.ts";

const S: A.Span = { start: 0, end: 0 };
const KEYWORDS = ["pipeline", "param", "default", "true", "false"];

const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/).filter((s) => !KEYWORDS.includes(s));
const anyChar = fc.constantFrom("a", "Z", " ", "\t", "\n", '"', "'", "\\", "#", "<", ">", "{", "}", "`", "/", "*", "é", "€", "😀", "\u0001", "$");
const text = fc.array(anyChar, { maxLength: 12 }).map((cs) => cs.join(""));
const nameText = text.map((t) => t.replace(/[\r\n]/g, "")).filter((t) => t.length > 0);

const name: fc.Arbitrary<A.Name> = fc.oneof(
  ident.map((value) => ({ kind: "Name" as const, span: S, value, quoted: false })),
  nameText.map((value) => ({ kind: "Name" as const, span: S, value, quoted: true })),
);

/** A string literal of an expression for `value`: `\` before the quote, `\`, and (where `extra` says) any letter but n and t. */
function spell(value: string, quote: string, extra: readonly boolean[]): string {
  let out = "";
  [...value].forEach((ch, i) => {
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (extra[i % extra.length] && /^[A-Za-mo-su-z]$/.test(ch)) out += `\\${ch}`;
    else out += ch;
  });
  return quote + out + quote;
}

const expr: fc.Arbitrary<A.Expr> = fc.letrec<{ e: A.Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.stringMatching(/^(0|[1-9][0-9]{0,3})(\.[0-9]{1,2})?$/).map((raw) => ({ kind: "NumberExpr" as const, span: S, raw, value: Number(raw) })),
    // Spelled with needless escapes (`\Y` for `Y`) now and then: the spelling must survive printing.
    fc.tuple(text.map((t) => t.replace(/\r/g, "")), fc.constantFrom<"'" | '"'>("'", '"'), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 })).map(([value, quote, extra]) => ({ kind: "StringExpr" as const, span: S, value, quote, raw: spell(value, quote, extra) })),
    fc.tuple(ident, fc.boolean()).map(([n, encrypted]) => ({ kind: "NameExpr" as const, span: S, name: n, encrypted })),
    ident.map((n) => ({ kind: "RuntimeExpr" as const, span: S, name: n })),
    fc.tuple(tie("e"), ident, fc.boolean()).map(([target, n, runtime]) => ({ kind: "MemberExpr" as const, span: S, target, name: n, nameSpan: S, runtime })),
    fc.tuple(ident, fc.array(tie("e"), { maxLength: 3 }), fc.boolean()).map(([callee, args, method]) => ({ kind: "CallExpr" as const, span: S, callee, calleeSpan: S, args, method: method && args.length > 0 })),
    fc.tuple(fc.constantFrom<A.BinaryOperator>("+", "-", "*", "/", "^"), tie("e"), tie("e")).map(([op, left, right]) => ({ kind: "BinaryExpr" as const, span: S, op, left, right })),
    tie("e").map((operand) => ({ kind: "UnaryExpr" as const, span: S, op: "-" as const, operand })),
  ),
})).e;

const stringValue: fc.Arbitrary<A.StringValue> = fc
  .tuple(fc.boolean(), fc.array(fc.oneof(text.map((t) => ({ kind: "Text" as const, span: S, text: t.replace(/\r/g, "") })), expr.map((e) => ({ kind: "Interpolation" as const, span: S, expr: e }))), { maxLength: 5 }))
  // A control character is an error in the source language; the printer escapes it, the reader rejects it.
  .map(([triple, parts]) => ({ kind: "String" as const, span: S, triple, parts: parts.map((p) => (p.kind === "Text" ? { ...p, text: p.text.replace(/\u0001/g, "") } : p)) }));

const units = ["minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years", "Day", "HOURS"];
const value: fc.Arbitrary<A.Value> = fc.letrec<{ v: A.Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    stringValue,
    fc.stringMatching(/^-?(0|[1-9][0-9]{0,5})(\.[0-9]{1,3})?([eE][+-]?[0-9])?$/).map((raw) => ({ kind: "Number" as const, span: S, raw, value: Number(raw) })),
    fc.boolean().map((b) => ({ kind: "Boolean" as const, span: S, value: b })),
    fc.tuple(fc.integer({ min: 1, max: 99 }), fc.constantFrom(...units)).map(([count, u]) => {
      const unit = u.toLowerCase().replace(/s$/, "") as A.DurationUnit;
      return { kind: "Duration" as const, span: S, count, unit, raw: `${count} ${u}` };
    }),
    fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => ({ kind: "DateTime" as const, span: S, value: d.toISOString().slice(0, 19) })),
    fc.oneof(
      fc.tuple(ident.filter((s) => !["true", "false"].includes(s)), fc.constant(false)),
      fc.tuple(nameText, fc.constant(true)),
    ).map(([n, quoted]) => ({ kind: "Identifier" as const, span: S, name: n, quoted })),
    fc.array(tie("v"), { maxLength: 4 }).map((items) => ({ kind: "List" as const, span: S, items })),
    fc.uniqueArray(fc.tuple(name, tie("v")), { maxLength: 3, selector: ([k]) => k.value }).map((es) => ({
      kind: "Map" as const,
      span: S,
      entries: es.map(([key, v]) => ({ kind: "MapEntry" as const, span: S, key, value: v })),
    })),
  ),
})).v;

const field: fc.Arbitrary<A.Field> = fc.tuple(name, fc.boolean(), value).map(([key, encrypted, v]) => ({
  kind: "Field" as const,
  span: S,
  key: encrypted ? { ...key, value: `*${key.value}` } : key,
  encrypted,
  value: v,
}));

const member: fc.Arbitrary<A.Member> = fc.oneof(
  field,
  fc.tuple(ident, fc.boolean(), fc.option(name, { nil: undefined }), fc.option(value, { nil: undefined }), fc.option(fc.array(field, { maxLength: 3 }), { nil: undefined })).map(([n, encrypted, type, v, body]) => ({
    kind: "Param" as const,
    span: S,
    name: { kind: "Name" as const, span: S, value: n, quoted: false },
    encrypted,
    type,
    // The grammar reads `param x = Word {` as an error; keep such values out of params with a body.
    value: body !== undefined && v?.kind === "Identifier" ? undefined : v,
    fields: body ?? [],
    hasBody: body !== undefined,
  })),
  fc.array(field, { maxLength: 4 }).map((fields) => ({ kind: "Default" as const, span: S, keywordSpan: S, fields })),
  fc.tuple(ident, name, fc.array(field, { maxLength: 4 })).map(([type, id, fields]) => ({ kind: "Object" as const, span: S, type: { kind: "Name" as const, span: S, value: type, quoted: false }, id, fields })),
);

const file: fc.Arbitrary<A.PipeFile> = fc.array(fc.tuple(name, fc.array(member, { maxLength: 5 })), { minLength: 1, maxLength: 2 }).map((ps) => ({
  kind: "File" as const,
  span: S,
  comments: [],
  pipelines: ps.map(([n, members]) => ({ kind: "Pipeline" as const, span: S, name: n, members })),
}));

function read(text: string): A.PipeFile {
  const r = parse(new SourceFile("gen.pipe", text));
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`printed text does not parse: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}\n${text}`);
  return r.ast;
}

const runs = Number(process.env.PIPEC_PROPERTY_RUNS ?? 300);

describe("formatter properties", () => {
  it("printing an AST reads back to the same meaning, and printing again changes nothing", () => {
    fc.assert(
      fc.property(file, (ast) => {
        const text = printAst(ast);
        const back = read(text);
        expect(meaning(back)).toEqual(meaning(ast));
        expect(printAst(back, { text })).toBe(text);
      }),
      { numRuns: runs },
    );
  });

  it("the formatter's self-check finds no difference in printed text, and finds every changed leaf", () => {
    /** Paths to the leaves a change of which changes the meaning (texts, raw numbers and strings, names, booleans). */
    const leaves = (node: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] => {
      if (Array.isArray(node)) node.forEach((n, i) => leaves(n, [...path, i], out));
      else if (node !== null && typeof node === "object") {
        const n = node as Record<string, unknown>;
        const keys: Record<string, string[]> = { Text: ["text"], Number: ["raw"], StringExpr: ["raw"], NameExpr: ["name"], Name: ["value"], Identifier: ["name"], Boolean: ["value"], RuntimeExpr: ["name"] };
        for (const k of keys[n.kind as string] ?? []) out.push([...path, k]);
        for (const [k, v] of Object.entries(n)) if (k !== "span" && typeof v === "object") leaves(v, [...path, k], out);
      }
      return out;
    };
    fc.assert(
      fc.property(file, fc.nat(), (ast, pick) => {
        const text = printAst(ast);
        expect(meaningDifference({ ast, text: undefined }, { ast: read(text), text })).toBeUndefined();
        const paths = leaves(ast);
        if (paths.length === 0) return;
        const path = paths[pick % paths.length];
        const changed = structuredClone(ast) as unknown as Record<string | number, unknown>;
        let at = changed;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
        const last = path[path.length - 1];
        at[last] = typeof at[last] === "boolean" ? !at[last] : `${String(at[last])}x`;
        expect(meaningDifference({ ast, text: undefined }, { ast: changed as unknown as A.PipeFile, text: undefined }), path.join(".")).toBeDefined();
      }),
      { numRuns: runs },
    );
  });

  it("formatting keeps every comment and the meaning, and is idempotent", async () => {
    const comment = fc.oneof(
      text.map((t) => `// ${t.replace(/[\r\n]/g, " ")}`),
      text.map((t) => `/* ${t.replace(/\*\//g, "* /")} */`),
    );
    await fc.assert(
      fc.asyncProperty(file, fc.array(fc.tuple(fc.nat(), fc.boolean(), comment), { maxLength: 6 }), async (ast, inserts) => {
        const base = printAst(ast);
        // Insert comments at line ends or on their own lines, outside triple-quoted strings.
        const lines = base.split("\n");
        let inTriple = false;
        const safe: number[] = [];
        lines.forEach((l, i) => {
          const q = (l.match(/"""/g) ?? []).length;
          if (!inTriple && q === 0 && !/"/.test(l)) safe.push(i);
          if (q % 2 === 1) inTriple = !inTriple;
        });
        if (safe.length === 0) return;
        for (const [at, own, c] of inserts) {
          const i = safe[at % safe.length];
          // After a line comment, nothing else fits on the line.
          if (own || lines[i].includes("//")) lines[i] = `${c}\n${lines[i]}`;
          else lines[i] = `${lines[i]} ${c}`;
        }
        const src = lines.join("\n");
        const before = read(src);
        const r = await formatSource(src, "gen.pipe");
        expect(r.formatted).toBeDefined();
        const out = r.formatted as string;
        // Prettier (with its comment machinery) and the synchronous printer agree.
        expect(printAst(before, { text: src })).toBe(out);
        const after = read(out);
        expect(meaning(after)).toEqual(meaning(before));
        expect(commentTexts(after)).toEqual(commentTexts(before));
        expect((await formatSource(out, "gen.pipe")).formatted).toBe(out);
        // The compiled output and the findings (by code) do not change either.
        const b1 = build("gen.pipe", src);
        const b2 = build("gen.pipe", out);
        expect(b2.texts).toEqual(b1.texts);
        expect(b2.diagnostics.map((d) => d.code).sort()).toEqual(b1.diagnostics.map((d) => d.code).sort());
      }),
      { numRuns: Math.ceil(runs / 3) },
    );
  });
});
