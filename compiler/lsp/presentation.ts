/** Folding ranges, semantic tokens and inlay hints, from the syntax tree and the resolved pipeline. */
import type * as A from "../ast/nodes.ts";
import type { ValueIR } from "../ir/ir.ts";
import type { SourceFile, Span } from "../source/source.ts";
import type { Analysis } from "./analysis.ts";

export interface Fold {
  readonly startLine: number;
  readonly endLine: number;
  readonly comment: boolean;
}

/** 0-based line ranges of blocks, multi-line values and block comments. */
export function folds(a: Analysis): Fold[] {
  const out: Fold[] = [];
  const src = a.source;
  const add = (s: Span, comment = false): void => {
    const start = src.position(s.start).line - 1;
    const end = src.position(s.end).line - 1 - (comment ? 0 : 1);
    if (end > start) out.push({ startLine: start, endLine: end, comment });
  };
  const value = (v: A.Value | undefined): void => {
    if (!v) return;
    if (v.kind === "List") {
      add(v.span);
      v.items.forEach(value);
    } else if (v.kind === "Map") {
      add(v.span);
      for (const e of v.entries) value(e.value);
    } else if (v.kind === "String" && v.triple) add(v.span, true);
  };
  for (const p of a.ast.pipelines) {
    add(p.span);
    for (const m of p.members) {
      if (m.kind === "Field") value(m.value);
      else {
        if (m.kind !== "Param" || m.hasBody) add(m.span);
        for (const f of m.fields) value(f.value);
        if (m.kind === "Param") value(m.value);
      }
    }
  }
  for (const c of a.ast.comments) if (c.block) add(c.span, true);
  return out.sort((x, y) => x.startLine - y.startLine || y.endLine - x.endLine);
}

export const TOKEN_TYPES = ["namespace", "class", "type", "variable", "parameter", "property", "enumMember", "function", "keyword"] as const;
export const TOKEN_MODIFIERS = ["declaration", "readonly", "defaultLibrary"] as const;
type TokenType = (typeof TOKEN_TYPES)[number];
type Modifier = (typeof TOKEN_MODIFIERS)[number];

/** Semantic tokens in the protocol's relative encoding (5 integers per token). */
export function semanticTokens(a: Analysis): number[] {
  const raw: { start: number; length: number; type: number; mods: number }[] = [];
  const refs = new Set<number>();
  const params = new Set<number>();
  for (const o of a.occurrences()) (o.kind === "object" ? refs : params).add(o.span.start);
  const push = (s: Span | undefined, type: TokenType, ...mods: Modifier[]): void => {
    if (!s || s.end <= s.start) return;
    raw.push({ start: s.start, length: s.end - s.start, type: TOKEN_TYPES.indexOf(type), mods: mods.reduce((m, x) => m | (1 << TOKEN_MODIFIERS.indexOf(x)), 0) });
  };
  const expr = (e: A.Expr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case "NameExpr":
        push(e.span, params.has(e.span.start) ? "parameter" : e.name === "node" ? "keyword" : "property");
        return;
      case "RuntimeExpr":
        push(e.span, "property", "readonly");
        return;
      case "MemberExpr":
        expr(e.target);
        push(e.nameSpan, "property", ...(e.runtime || e.name.startsWith("@") ? (["readonly"] as Modifier[]) : []));
        return;
      case "CallExpr":
        if (e.method && e.args[0]) expr(e.args[0]);
        push(e.calleeSpan, "function", "defaultLibrary");
        for (const x of e.method ? e.args.slice(1) : e.args) expr(x);
        return;
      case "BinaryExpr":
        expr(e.left);
        expr(e.right);
        return;
      case "UnaryExpr":
        expr(e.operand);
        return;
      default:
        return;
    }
  };
  const value = (v: A.Value | undefined): void => {
    if (!v) return;
    switch (v.kind) {
      case "Identifier":
        push(v.span, refs.has(v.span.start) ? "variable" : "enumMember");
        return;
      case "List":
        v.items.forEach(value);
        return;
      case "Map":
        for (const e of v.entries) {
          push(e.key.span, "property");
          value(e.value);
        }
        return;
      case "String":
        for (const part of v.parts) if (part.kind === "Interpolation") expr(part.expr);
        return;
      default:
        return;
    }
  };
  const field = (f: A.Field): void => {
    push(f.key.span, "property");
    value(f.value);
  };
  for (const p of a.ast.pipelines) {
    push(p.name?.span, "namespace", "declaration");
    for (const m of p.members) {
      switch (m.kind) {
        case "Field":
          field(m);
          break;
        case "Object":
          push(m.type.span, "class");
          push(m.id?.span, "variable", "declaration");
          m.fields.forEach(field);
          break;
        case "Default":
          m.fields.forEach(field);
          break;
        case "Param":
          push(m.name?.span, "parameter", "declaration");
          push(m.type?.span, "type");
          value(m.value);
          m.fields.forEach(field);
          break;
      }
    }
  }
  raw.sort((x, y) => x.start - y.start);
  return encode(a.source, raw);
}

function encode(src: SourceFile, raw: readonly { start: number; length: number; type: number; mods: number }[]): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  let lastEnd = -1;
  for (const t of raw) {
    if (t.start < lastEnd) continue; // never overlapping
    const pos = src.position(t.start);
    const end = src.position(t.start + t.length);
    if (end.line !== pos.line) continue; // one line each
    const line = pos.line - 1;
    const char = pos.column - 1;
    data.push(line - prevLine, line === prevLine ? char - prevChar : char, t.length, t.type, t.mods);
    prevLine = line;
    prevChar = char;
    lastEnd = t.start + t.length;
  }
  return data;
}

export interface Hint {
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
}

/** After each object's id: the fields it inherits (from Default or a parent), with their values. */
export function inlayHints(a: Analysis, range: Span): Hint[] {
  const out: Hint[] = [];
  for (const p of a.ir.pipelines) {
    for (const o of p.objects) {
      if (o.idSpan.end < range.start || o.idSpan.start > range.end) continue;
      const inherited = [...o.effective].filter(([, e]) => e.from !== o.id);
      if (inherited.length === 0) continue;
      const show = (k: string, v: readonly ValueIR[]): string => `${k} = ${v.map((x) => valueText(a.text, x)).join(", ")}`;
      const labels = inherited.map(([k, e]) => show(k, e.field.values));
      const first = inherited.slice(0, 3).map(([k, e]) => show(k, e.field.values)).join(", ");
      const label = ` ⟵ ${first}${inherited.length > 3 ? `, +${inherited.length - 3}` : ""}`;
      const tooltip = inherited.map(([k, e], i) => `${labels[i]}   (from ${e.from})`).join("\n");
      out.push({ offset: o.idSpan.end, label: label.length > 80 ? `${label.slice(0, 79)}…` : label, tooltip });
    }
  }
  return out;
}

function valueText(text: string, v: ValueIR): string {
  if (v.kind === "literal") return v.literal.type === "string" ? JSON.stringify(v.text) : v.text;
  if (v.kind === "ref") return v.id;
  const s = text.slice(v.span.start, v.span.end);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
