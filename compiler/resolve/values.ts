/**
 * Value typing: an AST value becomes IR values according to the field's kind in the model.
 *
 * - `ref` fields: a bare word is a reference; anything else keeps its literal form (the
 *   wrong-value-kind rule reports it).
 * - `enum` fields: a word or plain string is kept as written (`word` / `string`).
 * - `int`, `double`, `boolean`, `period`, `datetime`: the written literal, or a plain string that
 *   parses as that kind (definition JSON carries every value as a string).
 * - `string` fields: strings, numbers, booleans, durations and date-times are text; a bare word
 *   is kept as a word.
 * - Fields the model does not know (user fields `myX`, typos): a bare word is a reference when an
 *   object with that id exists, otherwise text.
 *
 * `text` is always the exact string Data Pipeline receives: numbers as written, durations as
 * written with single spaces (`1 day`, `15 Minutes`), date-times `YYYY-MM-DDTHH:MM:SS`.
 */
import type * as A from "../ast/nodes.ts";
import type { ExprIR, LiteralIR, ObjectIR, LiteralType, TemplatePartIR, ValueIR } from "../ir/ir.ts";
import { isDateTime, parsePeriod } from "../model/index.ts";
import type { FieldSpec } from "../model/index.ts";
import type { Span } from "../source/source.ts";

/** A `#<...>` part whose expression is resolved once every object's fields are known. */
export interface PendingExpr {
  part: { kind: "expr"; span: Span; source: string; expr: ExprIR };
  ast: A.Expr | undefined;
  /** The object whose field holds the expression (Default for pipeline-level fields). */
  owner?: ObjectIR;
}

export interface ValueContext {
  readonly text: string;
  readonly ids: ReadonlySet<string>;
  readonly pending: PendingExpr[];
  /** Values that cannot be field values at all (maps, nested lists): reported by the caller. */
  /** Values the IR cannot hold; `message`/`hint` replace the generic wording when given. */
  readonly invalid: { span: Span; what: string; message?: string; hint?: string }[];
  /** One string object per distinct name (see intern.ts). */
  readonly intern: (s: string) => string;
}

const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function lit(span: Span, text: string, literal: LiteralType): LiteralIR {
  return { kind: "literal", span, text, literal };
}

// Literal types without a value of their own, shared by every literal of that type (the IR is
// never changed after resolution).
const STRING: LiteralType = Object.freeze({ type: "string" });
const WORD: LiteralType = Object.freeze({ type: "word" });
const TRUE: LiteralType = Object.freeze({ type: "boolean", value: true });
const FALSE: LiteralType = Object.freeze({ type: "boolean", value: false });

/** Literal interpretation of plain text for a field kind (JSON strings, quoted `.pipe` strings). */
function fromText(span: Span, text: string, spec: FieldSpec | undefined): LiteralIR {
  switch (spec?.kind) {
    case "int":
    case "double":
      if (NUMBER.test(text.trim())) return lit(span, text, { type: "number", value: Number(text) });
      break;
    case "boolean": {
      const t = text.trim().toLowerCase();
      if (t === "true" || t === "false") return lit(span, text, t === "true" ? TRUE : FALSE);
      break;
    }
    case "period": {
      const p = parsePeriod(text);
      if (p) return lit(span, text, { type: "period", count: p.count, unit: p.unit });
      break;
    }
    case "datetime":
      if (isDateTime(text)) return lit(span, text, { type: "datetime", value: text });
      break;
    default:
      break;
  }
  return lit(span, text, STRING);
}

/** The IR values of an AST value, by the field's spec (a list gives one per element). */
export function typeValue(v: A.Value, spec: FieldSpec | undefined, ctx: ValueContext): ValueIR[] {
  if (v.kind !== "List") {
    const one = typeOne(v, spec, ctx);
    return one === undefined ? [] : [one];
  }
  const out: ValueIR[] = [];
  for (const item of v.items) {
    if (item.kind === "List") {
      ctx.invalid.push({ span: item.span, what: "a list inside a list" });
      continue;
    }
    const one = typeOne(item, spec, ctx);
    if (one !== undefined) out.push(one);
  }
  return out;
}

/** One value that is not a list; undefined for a map (reported). */
function typeOne(v: Exclude<A.Value, A.ListValue>, spec: FieldSpec | undefined, ctx: ValueContext): ValueIR | undefined {
  switch (v.kind) {
    case "Map":
      ctx.invalid.push({ span: v.span, what: "a map" });
      return undefined;
    case "Number":
      return lit(v.span, v.raw, { type: "number", value: v.value });
    case "Boolean":
      return lit(v.span, v.value ? "true" : "false", v.value ? TRUE : FALSE);
    case "Duration": {
      // As written, with single spaces (`1 day`, `15 Minutes`).
      const raw = ctx.text.slice(v.span.start, v.span.end).trim();
      const written = SPACING.test(raw) ? raw.split(/\s+/).join(" ") : raw;
      return lit(v.span, written || v.raw, { type: "period", count: v.count, unit: v.unit });
    }
    case "DateTime":
      return lit(v.span, v.value, { type: "datetime", value: v.value });
    case "Identifier": {
      const kind = spec?.kind;
      if (kind === "ref" || (kind === undefined && ctx.ids.has(v.name))) return { kind: "ref", span: v.span, id: ctx.intern(v.name) };
      if (kind === "enum" || kind === "string" || kind === undefined) return lit(v.span, v.name, WORD);
      // A word in a typed field: `ONDEMAND_PERIOD`, `true`-like words from JSON, or a mistake.
      return fromWord(v, spec);
    }
    case "String": {
      const text = plainString(v);
      if (text !== undefined) return fromText(v.span, text, spec);
      const parts: TemplatePartIR[] = [];
      for (const p of v.parts) {
        if (p.kind === "Text") {
          const prev = parts.at(-1);
          if (prev?.kind === "text") parts[parts.length - 1] = { kind: "text", text: prev.text + p.text };
          else parts.push({ kind: "text", text: p.text });
          continue;
        }
        const inner = ctx.text.slice(p.span.start + 2, p.span.end - (ctx.text.charCodeAt(p.span.end - 1) === 62 /* > */ ? 1 : 0));
        const part = { kind: "expr" as const, span: p.span, source: inner.trim(), expr: UNRESOLVED };
        ctx.pending.push({ part, ast: p.expr });
        parts.push(part);
      }
      return { kind: "template", span: v.span, parts };
    }
  }
}

/** Whitespace other than single spaces. */
const SPACING = /\s\s|[^\S ]/;

function fromWord(v: A.IdentifierValue, spec: FieldSpec | undefined): LiteralIR {
  const typed = fromText(v.span, v.name, spec);
  return typed.literal.type === "string" ? lit(v.span, v.name, WORD) : typed;
}

/** An expression part's value until resolve.ts resolves it (then `placeholder` where there is nothing to resolve). */
const UNRESOLVED: ExprIR = Object.freeze({ kind: "string", span: Object.freeze({ start: 0, end: 0 }), type: "unknown", value: "" });

export function placeholder(span: Span): ExprIR {
  return { kind: "string", span, type: "unknown", value: "" };
}

/** The plain text of a value when it is a literal string/word (for names, descriptions, tags). */
export function plainText(v: A.Value | undefined): string | undefined {
  if (!v) return undefined;
  switch (v.kind) {
    case "String":
      return plainString(v);
    case "Identifier":
      return v.name;
    case "Number":
      return v.raw;
    case "Boolean":
      return v.value ? "true" : "false";
    case "Duration":
      return v.raw;
    case "DateTime":
      return v.value;
    default:
      return undefined;
  }
}

/** A string's text when it holds no `#<...>` part (its text parts joined), else undefined. */
function plainString(v: A.StringValue): string | undefined {
  if (v.parts.length === 1) return v.parts[0].kind === "Text" ? v.parts[0].text : undefined;
  let text = "";
  for (const p of v.parts) {
    if (p.kind !== "Text") return undefined;
    text += p.text;
  }
  return text;
}
