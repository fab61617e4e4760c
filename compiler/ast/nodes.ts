/**
 * The syntax tree of a `.pipe` file: a discriminated union on `kind`, every node with its span.
 * Built from the CST by build.ts; tolerant of recovered input (missing parts are `undefined`).
 */
import type { Span } from "../source/source.ts";

export type { Span };

export interface PipeFile {
  readonly kind: "File";
  readonly span: Span;
  readonly pipelines: readonly Pipeline[];
  readonly comments: readonly Comment[];
}

export interface Comment {
  readonly kind: "Comment";
  readonly span: Span;
  readonly text: string;
  readonly block: boolean;
}

/** An identifier as written: plain or backtick-quoted. `value` is unquoted and unescaped. */
export interface Name {
  readonly kind: "Name";
  readonly span: Span;
  readonly value: string;
  readonly quoted: boolean;
}

export interface Pipeline {
  readonly kind: "Pipeline";
  readonly span: Span;
  readonly name: Name | undefined;
  /** Members in source order. */
  readonly members: readonly Member[];
}

export type Member = Field | ParamDecl | DefaultBlock | ObjectDecl;

export interface ParamDecl {
  readonly kind: "Param";
  readonly span: Span;
  /** The parameter id without the `*`. */
  readonly name: Name | undefined;
  /** Written `param *myName`: the value is masked and encrypted. */
  readonly encrypted: boolean;
  readonly type: Name | undefined;
  readonly value: Value | undefined;
  /** Attributes in `{ ... }` (description, allowedValues, optional, isArray, ...). */
  readonly fields: readonly Field[];
  readonly hasBody: boolean;
}

export interface DefaultBlock {
  readonly kind: "Default";
  readonly span: Span;
  readonly keywordSpan: Span;
  readonly fields: readonly Field[];
}

export interface ObjectDecl {
  readonly kind: "Object";
  readonly span: Span;
  readonly type: Name;
  readonly id: Name | undefined;
  readonly fields: readonly Field[];
}

export interface Field {
  readonly kind: "Field";
  readonly span: Span;
  /** The field name; for `*password` the value is `*password` and `encrypted` is true. */
  readonly key: Name;
  readonly encrypted: boolean;
  readonly value: Value | undefined;
}

export type Value =
  | StringValue
  | NumberValue
  | BooleanValue
  | DurationValue
  | DateTimeValue
  | IdentifierValue
  | ListValue
  | MapValue;

export interface StringValue {
  readonly kind: "String";
  readonly span: Span;
  /** `"""..."""` (indentation already stripped from the text parts). */
  readonly triple: boolean;
  readonly parts: readonly StringPart[];
}

export type StringPart = TextPart | Interpolation;

export interface TextPart {
  readonly kind: "Text";
  readonly span: Span;
  /** The text with escapes decoded. */
  readonly text: string;
}

export interface Interpolation {
  readonly kind: "Interpolation";
  readonly span: Span;
  readonly expr: Expr | undefined;
}

export interface NumberValue {
  readonly kind: "Number";
  readonly span: Span;
  readonly raw: string;
  readonly value: number;
}

export interface BooleanValue {
  readonly kind: "Boolean";
  readonly span: Span;
  readonly value: boolean;
}

export type DurationUnit = "minute" | "hour" | "day" | "week" | "month" | "year";

export interface DurationValue {
  readonly kind: "Duration";
  readonly span: Span;
  readonly count: number;
  readonly unit: DurationUnit;
  /** As written, e.g. `1 Day`. */
  readonly raw: string;
}

export interface DateTimeValue {
  readonly kind: "DateTime";
  readonly span: Span;
  /** `YYYY-MM-DDTHH:MM:SS` (UTC; a trailing `Z` is dropped). */
  readonly value: string;
}

/** A bare word: an enum value or a reference, decided by the field's kind in the model. */
export interface IdentifierValue {
  readonly kind: "Identifier";
  readonly span: Span;
  readonly name: string;
  readonly quoted: boolean;
}

export interface ListValue {
  readonly kind: "List";
  readonly span: Span;
  readonly items: readonly Value[];
}

export interface MapValue {
  readonly kind: "Map";
  readonly span: Span;
  readonly entries: readonly MapEntry[];
}

export interface MapEntry {
  readonly kind: "MapEntry";
  readonly span: Span;
  readonly key: Name;
  readonly value: Value | undefined;
}

// ---- expressions inside #<...> ----

export type Expr = NumberExpr | StringExpr | NameExpr | RuntimeExpr | MemberExpr | CallExpr | BinaryExpr | UnaryExpr;

export interface NumberExpr {
  readonly kind: "NumberExpr";
  readonly span: Span;
  readonly raw: string;
  readonly value: number;
}

export interface StringExpr {
  readonly kind: "StringExpr";
  readonly span: Span;
  readonly value: string;
  readonly quote: "'" | '"';
  /**
   * The literal as written, quotes and escapes included. The Data Pipeline target sends
   * expressions as written, so `'YYY\\Y'` and `'YYYY'` (the same `value`) are different there:
   * the formatter and the importer keep this spelling.
   */
  readonly raw: string;
}

/** `name` or `*name`: a parameter, a field of the current object, or `node`. */
export interface NameExpr {
  readonly kind: "NameExpr";
  readonly span: Span;
  readonly name: string;
  readonly encrypted: boolean;
}

/** `@scheduledStartTime` */
export interface RuntimeExpr {
  readonly kind: "RuntimeExpr";
  readonly span: Span;
  readonly name: string;
}

/** `target.name` or `target.@name` */
export interface MemberExpr {
  readonly kind: "MemberExpr";
  readonly span: Span;
  readonly target: Expr;
  readonly name: string;
  readonly nameSpan: Span;
  readonly runtime: boolean;
}

/** `fn(args)`, or the method form `target.fn(args)` (then `target` is the first argument). */
export interface CallExpr {
  readonly kind: "CallExpr";
  readonly span: Span;
  readonly callee: string;
  readonly calleeSpan: Span;
  readonly args: readonly Expr[];
  readonly method: boolean;
}

export type BinaryOperator = "+" | "-" | "*" | "/" | "^";

export interface BinaryExpr {
  readonly kind: "BinaryExpr";
  readonly span: Span;
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}

export interface UnaryExpr {
  readonly kind: "UnaryExpr";
  readonly span: Span;
  readonly op: "-";
  readonly operand: Expr;
}

/** Members of a pipeline by kind, in source order. */
export function membersOf<K extends Member["kind"]>(p: Pipeline, kind: K): Extract<Member, { kind: K }>[] {
  return p.members.filter((m): m is Extract<Member, { kind: K }> => m.kind === kind);
}

/** True when the string has no interpolation; then `stringText` is its whole value. */
export function isPlainString(s: StringValue): boolean {
  return s.parts.every((p) => p.kind === "Text");
}

export function stringText(s: StringValue): string {
  let out = "";
  for (const p of s.parts) if (p.kind === "Text") out += p.text;
  return out;
}
