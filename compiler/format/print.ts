/**
 * The canonical printer of `.pipe` files: AST (+ comments, + the source text for blank lines)
 * -> a Prettier doc, built with Prettier's doc builders. `printAst` renders the doc synchronously;
 * the Prettier plugin (plugin.ts) returns the same doc from its printer.
 *
 * Canonical form: 2-space indentation, `key = value`, one field per line in objects, blank lines
 * between members kept (at most one), lists and maps on one line when they fit in the print
 * width and one item per line otherwise, strings with minimal escapes, numbers and durations as
 * written, triple-quoted strings re-indented under their field.
 */
import { builders, printer as docPrinter } from "prettier/doc";
import type * as A from "../ast/nodes.ts";
import { decodeExprString } from "../ast/strings.ts";
import { attachComments, type Attached } from "./comments.ts";

type Doc = builders.Doc;
const { group, indent, line, softline, hardline, join, ifBreak, lineSuffix, breakParent, literalline, fill } = builders;

export const PRINT_WIDTH = 100;
export const TAB_WIDTH = 2;

export interface PrintOptions {
  /** The source text the AST was parsed from: used to keep blank lines and place comments. */
  readonly text?: string;
  readonly printWidth?: number;
}

/** Prints an AST to canonical `.pipe` text (synchronous). */
export function printAst(ast: A.PipeFile, options: PrintOptions = {}): string {
  const doc = printDoc(ast, options);
  return docPrinter.printDocToString(doc, { printWidth: options.printWidth ?? PRINT_WIDTH, tabWidth: TAB_WIDTH, useTabs: false }).formatted;
}

/** The doc of a whole file. */
export function printDoc(ast: A.PipeFile, options: PrintOptions = {}): Doc {
  return new Printer(ast, options.text).file();
}

/** A path from a node to one of its children, e.g. `["members", 2]`. */
export type Selector = readonly (string | number)[];

/**
 * Prints a child through Prettier (which then prints the comments attached to it); undefined
 * when the printer runs on its own and places the comments itself.
 */
export type ChildPrinter = (selector: Selector, args: { depth: number }) => Doc;

export type PrintableNode = A.Pipeline | A.Member | A.Field | A.MapEntry | A.Value;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words that cannot be written bare where a name is expected (object ids, values, keys). */
const KEYWORDS = new Set(["pipeline", "param", "default", "true", "false"]);

/** A name written bare when it can be, with backticks otherwise. */
export function printName(value: string, quoted: boolean, allowKeywords = false): string {
  if (!quoted && IDENT.test(value) && (allowKeywords ? value !== "true" && value !== "false" : !KEYWORDS.has(value))) return value;
  return `\`${value.replace(/[\\`]/g, "\\$&")}\``;
}

function hex(cp: number): string {
  return `\\u{${cp.toString(16).toUpperCase()}}`;
}

/** Text of a `"..."` string with minimal escapes. */
export function escapeDouble(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "#" && (text[i + 1] === "<" || text[i + 1] === "{")) out += "\\#";
    else if (code < 0x20 || code === 0x7f || code === 0xfffe || code === 0xffff) out += hex(code);
    else out += ch;
  }
  return out;
}

/** Text of a `"""..."""` string: only `#<` and `#{` need escapes. */
function escapeTriple(text: string): string {
  return text.replace(/#(?=[<{])/g, "\\#");
}

type Line = { indent: number; docs: Doc[]; blank: boolean; text: string };

/**
 * Splits a triple-quoted string into lines; undefined when the value cannot be written as a
 * triple-quoted string that reads back to the same value (then it is printed as `"..."`).
 */
function tripleLines(s: A.StringValue, interpolation: (p: A.Interpolation) => Doc): Line[] | undefined {
  const lines: Line[] = [{ indent: 0, docs: [], blank: true, text: "" }];
  let cur = lines[0];
  let atStart = true;
  let lastChar = "";
  for (let i = 0; i < s.parts.length; i++) {
    const p = s.parts[i];
    if (p.kind === "Interpolation") {
      // `\#<` would read as an escaped `#<`.
      if (lastChar === "\\") return undefined;
      cur.docs.push(interpolation(p));
      if (atStart) cur.indent = cur.text.length;
      cur.blank = false;
      atStart = false;
      continue;
    }
    if (p.text !== "") lastChar = p.text[p.text.length - 1];
    if (/\r|"""|[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]/.test(p.text)) return undefined;
    const pieces = p.text.split("\n");
    pieces.forEach((piece, k) => {
      if (k > 0) {
        cur = { indent: 0, docs: [], blank: true, text: "" };
        lines.push(cur);
        atStart = true;
      }
      if (piece === "") return;
      if (atStart) {
        const ws = /^[ \t]*/.exec(piece)?.[0].length ?? 0;
        if (ws < piece.length) {
          cur.indent = ws;
          atStart = false;
          cur.blank = false;
        }
      }
      cur.text += piece;
      cur.docs.push(escapeTriple(piece));
    });
  }
  // A value ending in `"` would run into the closing quotes (`#<x>""""` closes after three).
  const last = s.parts.at(-1);
  if (last?.kind === "Text" && last.text.endsWith('"')) return undefined;
  const content = lines.filter((l) => !l.blank);
  // The common indentation is stripped when read back: the value must have none of its own.
  if (content.length === 0 || Math.min(...content.map((l) => l.indent)) > 0) return undefined;
  // White space on a line that holds nothing else keeps its own spaces under the margin, except
  // on the last line, where it would be read as the closing line's indentation.
  const lastLine = lines[lines.length - 1];
  if (lastLine.blank && lastLine.text !== "") return undefined;
  return lines;
}

const PRECEDENCE: Record<A.BinaryOperator, number> = { "+": 1, "-": 1, "*": 2, "/": 2, "^": 3 };

function exprPrec(e: A.Expr): number {
  if (e.kind === "BinaryExpr") return PRECEDENCE[e.op];
  if (e.kind === "UnaryExpr") return 4;
  return 5;
}

function exprString(value: string, quote: "'" | '"'): string {
  let out = "";
  for (const ch of value) {
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return quote + out + quote;
}

/** An expression inside `#<...>`, with the parentheses its structure needs and no others. */
export function printExpr(e: A.Expr | undefined): string {
  if (!e) return "";
  switch (e.kind) {
    case "NumberExpr":
      return e.raw;
    case "StringExpr":
      // As written when the spelling reads back as this string (the Data Pipeline target sends it as written).
      return typeof e.raw === "string" && e.raw.length >= 2 && e.raw[0] === e.quote && e.raw.at(-1) === e.quote && !/[\r\n]/.test(e.raw) && decodeExprString(e.raw) === e.value ? e.raw : exprString(e.value, e.quote);
    case "NameExpr":
      return (e.encrypted ? "*" : "") + e.name;
    case "RuntimeExpr":
      return `@${e.name}`;
    case "MemberExpr":
      return `${operand(e.target, 5)}.${e.runtime ? "@" : ""}${e.name}`;
    case "CallExpr": {
      if (e.method && e.args.length > 0) {
        return `${operand(e.args[0], 5)}.${e.callee}(${e.args.slice(1).map(printExpr).join(", ")})`;
      }
      return `${e.callee}(${e.args.map(printExpr).join(", ")})`;
    }
    case "UnaryExpr":
      return `-${operand(e.operand, 4)}`;
    case "BinaryExpr": {
      const p = PRECEDENCE[e.op];
      const rightAssoc = e.op === "^";
      const left = operand(e.left, rightAssoc ? p + 1 : p);
      const right = operand(e.right, rightAssoc ? p : p + 1);
      return `${left} ${e.op} ${right}`;
    }
  }
}

function operand(e: A.Expr, min: number): string {
  const s = printExpr(e);
  return exprPrec(e) < min ? `(${s})` : s;
}

/** Per file: the strings whose interpolations are data (see `Printer.dataStrings`). */
const DATA_STRINGS = new WeakMap<A.PipeFile, ReadonlySet<A.StringValue>>();

export class Printer {
  private readonly ast: A.PipeFile;
  private readonly text: string | undefined;
  private readonly c: Attached;
  private readonly child: ChildPrinter | undefined;

  constructor(ast: A.PipeFile, text: string | undefined, child?: ChildPrinter, attached?: Attached) {
    this.ast = ast;
    this.text = text;
    this.c = attached ?? attachComments(ast, text);
    this.child = child;
  }

  /** A child node: through Prettier when it drives the printing, else with its comments placed here. */
  private sub(node: PrintableNode, selector: Selector, depth: number): Doc {
    if (this.child) return this.child(selector, { depth });
    return this.withComments(node, this.node(node, depth));
  }

  /** The doc of one node (without its leading and trailing comments), starting on a line indented `depth` levels. */
  node(n: PrintableNode, depth: number): Doc {
    switch (n.kind) {
      case "Pipeline":
        return this.pipeline(n);
      case "Field":
      case "Param":
      case "Default":
      case "Object":
        return this.member(n, depth);
      case "MapEntry":
        return this.mapEntry(n, depth);
      default:
        return this.value(n, depth);
    }
  }

  /** A dangling comment, printed here (and marked as printed for Prettier). */
  private dangling(cm: A.Comment): Doc {
    (cm as { printed?: boolean }).printed = true;
    return this.comment(cm);
  }

  file(): Doc {
    const parts: Doc[] = [];
    const top = this.text === undefined ? (this.c.dangling.get(this.ast) ?? []) : [];
    for (const cm of top) parts.push(this.dangling(cm), hardline);
    this.ast.pipelines.forEach((p, i) => {
      if (i > 0) parts.push(hardline);
      parts.push(this.sub(p, ["file", "pipelines", i], 0));
      parts.push(hardline);
    });
    if (this.text !== undefined) {
      const dangling = this.c.dangling.get(this.ast) ?? [];
      let prevEnd = this.ast.pipelines.at(-1) ? this.lastEnd(this.ast.pipelines.at(-1) as A.Pipeline) : -1;
      for (const cm of dangling) {
        if (prevEnd >= 0 && this.blankBetween(prevEnd, cm.span.start)) parts.push(hardline);
        parts.push(this.dangling(cm), hardline);
        prevEnd = cm.span.end;
      }
    }
    return parts;
  }

  // ---- comments ----

  comment(cm: A.Comment): Doc {
    const text = cm.text.replace(/[ \t]+$/, "");
    if (!cm.block) return text;
    const lines = text.split(/\r\n?|\n/);
    if (lines.length === 1) return text;
    // JSDoc style (every further line starts with `*`): aligned under the opening `/*`.
    if (lines.slice(1).every((l) => /^\s*\*/.test(l))) {
      return join(hardline, [lines[0], ...lines.slice(1).map((l) => ` ${l.trimStart().replace(/[ \t]+$/, "")}`)]);
    }
    return join(literalline, lines);
  }

  private blankBetween(from: number, to: number): boolean {
    if (this.text === undefined || from < 0 || to <= from) return false;
    const gap = this.text.slice(from, to);
    return (gap.match(/\r\n|\r|\n/g)?.length ?? 0) >= 2;
  }

  private sameLine(from: number, to: number): boolean {
    return this.text !== undefined && !/[\r\n]/.test(this.text.slice(from, to));
  }

  /** Where a node's first leading comment starts (or the node itself). */
  private firstStart(node: { span: A.Span }): number {
    return this.c.leading.get(node)?.[0]?.span.start ?? node.span.start;
  }

  /** Where a node's last trailing comment ends (or the node itself). */
  private lastEnd(node: { span: A.Span }): number {
    return this.c.trailing.get(node)?.at(-1)?.span.end ?? node.span.end;
  }

  /** A node's doc with its leading and trailing comments. */
  private withComments(node: { span: A.Span }, doc: Doc): Doc {
    const leading = this.c.leading.get(node) ?? [];
    const trailing = this.c.trailing.get(node) ?? [];
    if (leading.length === 0 && trailing.length === 0) return doc;
    const parts: Doc[] = [];
    leading.forEach((cm, i) => {
      parts.push(this.comment(cm));
      const nextStart = leading[i + 1]?.span.start ?? node.span.start;
      if (cm.block && this.sameLine(cm.span.end, nextStart)) parts.push(" ");
      else {
        parts.push(hardline);
        if (this.blankBetween(cm.span.end, nextStart)) parts.push(hardline);
      }
    });
    parts.push(doc);
    for (const cm of trailing) {
      if (cm.block) parts.push(" ", this.comment(cm));
      else parts.push(lineSuffix([" ", this.comment(cm)]), breakParent);
    }
    return parts;
  }

  /** Children of a block, one per line, blank lines kept, then the dangling comments. */
  private block(container: object, key: string, children: readonly (A.Member | A.Field)[], depth: number, separateBlocks: boolean): Doc {
    const dangling = this.c.dangling.get(container) ?? [];
    if (children.length === 0 && dangling.length === 0) return "{}";
    const parts: Doc[] = [];
    let prev: { span: A.Span } | undefined;
    children.forEach((child, i) => {
      if (prev) {
        parts.push(hardline);
        const blank = this.text === undefined ? separateBlocks && (isBlock(child) || isBlock(prev)) : this.blankBetween(this.lastEnd(prev), this.firstStart(child));
        if (blank) parts.push(hardline);
      }
      parts.push(this.sub(child, [key, i], depth + 1));
      prev = child;
    });
    let prevEnd = prev ? this.lastEnd(prev) : -1;
    for (const cm of dangling) {
      if (prevEnd >= 0) {
        parts.push(hardline);
        if (this.blankBetween(prevEnd, cm.span.start)) parts.push(hardline);
      }
      parts.push(this.dangling(cm));
      prevEnd = cm.span.end;
    }
    return ["{", indent([hardline, ...parts]), hardline, "}"];
  }

  // ---- declarations ----

  private pipeline(p: A.Pipeline): Doc {
    const name = p.name ? printName(p.name.value, p.name.quoted) : "";
    return ["pipeline ", name, " ", this.block(p, "members", p.members, 0, true)];
  }

  private member(m: A.Member, depth: number): Doc {
    switch (m.kind) {
      case "Field":
        return this.field(m, depth);
      case "Param":
        return this.param(m, depth);
      case "Default":
        return ["default ", this.block(m, "fields", m.fields, depth, false)];
      case "Object": {
        const id = m.id ? printName(m.id.value, m.id.quoted) : "";
        return [m.type.value, " ", id, " ", this.block(m, "fields", m.fields, depth, false)];
      }
    }
  }

  private param(p: A.ParamDecl, depth: number): Doc {
    const parts: Doc[] = ["param ", p.encrypted ? "*" : "", p.name?.value ?? ""];
    if (p.type) parts.push(": ", printName(p.type.value, p.type.quoted));
    if (p.value) parts.push(" = ", this.sub(p.value, ["value"], depth));
    if (!p.hasBody) return parts;
    const dangling = this.c.dangling.get(p) ?? [];
    const simple = p.fields.length === 1 && dangling.length === 0 && !this.c.leading.has(p.fields[0]) && !this.c.trailing.has(p.fields[0]);
    if (simple) {
      const f = p.fields[0];
      parts.push(" ", group(["{", indent([line, this.sub(f, ["fields", 0], depth + 1)]), line, "}"]));
    } else {
      parts.push(" ", this.block(p, "fields", p.fields, depth, false));
    }
    return parts;
  }

  private field(f: A.Field, depth: number): Doc {
    const key = f.encrypted ? `*${printName(f.key.value.replace(/^\*/, ""), f.key.quoted, true)}` : printName(f.key.value, f.key.quoted, true);
    return [key, " = ", f.value ? this.sub(f.value, ["value"], depth) : ""];
  }

  // ---- values ----

  /** A value that starts on a line indented `depth` levels. */
  private value(v: A.Value, depth: number): Doc {
    switch (v.kind) {
      case "String":
        return this.string(v, depth);
      case "Number":
        return v.raw;
      case "Boolean":
        return v.value ? "true" : "false";
      case "Duration":
        return v.raw.replace(/\s+/, " ");
      case "DateTime":
        return v.value;
      case "Identifier":
        return printName(v.name, v.quoted, true);
      case "List":
        return this.list(v, depth);
      case "Map":
        return this.map(v, depth);
    }
  }

  private string(original: A.StringValue, depth: number): Doc {
    const s = mergeText(original);
    const data = this.dataStrings().has(original);
    const interpolation = data ? (p: A.Interpolation): Doc => this.literalInterpolation(p, false) : (p: A.Interpolation): Doc => ["#<", printExpr(p.expr), ">"];
    if (s.triple && s.parts.some((p) => p.kind === "Text" && p.text.includes("\n"))) {
      const lines = tripleLines(s, data ? (p) => this.literalInterpolation(p, true) : interpolation);
      if (lines) {
        const pad = " ".repeat((depth + 1) * TAB_WIDTH);
        const out: Doc[] = ['"""'];
        const last = lines.length - 1;
        lines.forEach((l, i) => {
          out.push(literalline);
          if (i === last) out.push(pad);
          else if (l.docs.length > 0) out.push(pad, ...l.docs);
          if (i === last) out.push(...l.docs);
        });
        out.push('"""');
        return out;
      }
    }
    const parts: Doc[] = ['"'];
    for (const p of s.parts) {
      if (p.kind === "Text") parts.push(escapeDouble(p.text));
      else parts.push(interpolation(p));
    }
    parts.push('"');
    return parts;
  }

  /** Items of a list or map: on one line when they fit, one per line otherwise. */
  private items(container: object, open: string, close: string, key: string, items: readonly (A.Value | A.MapEntry)[], depth: number, pad: Doc): Doc {
    const dangling = this.c.dangling.get(container) ?? [];
    if (items.length === 0 && dangling.length === 0) return open + close;
    const docs = items.map((it, i) => this.sub(it, [key, i], depth + 1));
    // Numbers (and durations, booleans) fill the lines like words; anything else goes one per line.
    const packed = items.length > 1 && items.every((it) => (it.kind === "Number" || it.kind === "Duration" || it.kind === "Boolean") && !this.c.leading.has(it) && !this.c.trailing.has(it));
    const parts: Doc[] = [packed ? fill(docs.flatMap((d, i) => (i === 0 ? [d] : [[",", line], d]))) : join([",", line], docs)];
    if (dangling.length > 0) {
      if (docs.length > 0) parts.push(",");
      for (const cm of dangling) parts.push(docs.length > 0 || cm !== dangling[0] ? hardline : "", this.dangling(cm));
      parts.push(breakParent);
    } else parts.push(ifBreak(","));
    return group([open, indent([pad, ...parts]), pad, close]);
  }

  private list(l: A.ListValue, depth: number): Doc {
    return this.items(l, "[", "]", "items", l.items, depth, softline);
  }

  private map(m: A.MapValue, depth: number): Doc {
    return this.items(m, "{", "}", "entries", m.entries, depth, line);
  }

  /**
   * The strings of parameter declarations (default and attributes): Data Pipeline receives their
   * text as written, `#<...>` included, so an interpolation there is data and keeps its spelling.
   */
  private dataStrings(): ReadonlySet<A.StringValue> {
    let set = DATA_STRINGS.get(this.ast);
    if (!set) {
      const found = new Set<A.StringValue>();
      const walk = (v: A.Value | undefined): void => {
        if (v?.kind === "String") found.add(v);
        else if (v?.kind === "List") v.items.forEach(walk);
        else if (v?.kind === "Map") for (const e of v.entries) walk(e.value);
      };
      for (const p of this.ast.pipelines) {
        for (const m of p.members) {
          if (m.kind !== "Param") continue;
          walk(m.value);
          for (const f of m.fields) walk(f.value);
        }
      }
      set = found;
      DATA_STRINGS.set(this.ast, set);
    }
    return set;
  }

  /**
   * An interpolation in a parameter's text, as written (printed from its tree when there is no
   * source text). Line breaks inside it fit only in a triple-quoted string (`lines`).
   */
  private literalInterpolation(p: A.Interpolation, lines: boolean): Doc {
    const written = this.text?.slice(p.span.start, p.span.end);
    if (written !== undefined && written.startsWith("#<") && written.endsWith(">") && !written.includes("\r") && (lines || !written.includes("\n"))) {
      return lines ? join(literalline, written.split("\n")) : written;
    }
    return ["#<", printExpr(p.expr), ">"];
  }

  private mapEntry(e: A.MapEntry, depth: number): Doc {
    // A key that cannot be a backtick name (empty, or with a line break) is written as a string.
    const key = e.key.value === "" || /[\r\n]/.test(e.key.value) ? `"${escapeDouble(e.key.value)}"` : printName(e.key.value, false, true);
    return [key, ": ", e.value ? this.sub(e.value, ["value"], depth) : ""];
  }
}

/** Adjacent text parts joined (escapes such as `#<` may straddle them in a built AST). */
function mergeText(s: A.StringValue): A.StringValue {
  const parts: A.StringPart[] = [];
  for (const p of s.parts) {
    const prev = parts.at(-1);
    if (p.kind === "Text" && prev?.kind === "Text") parts[parts.length - 1] = { ...prev, text: prev.text + p.text };
    else parts.push(p);
  }
  return { ...s, parts };
}

function isBlock(n: { span: A.Span }): boolean {
  const k = (n as A.Member).kind;
  return k === "Object" || k === "Default" || (k === "Param" && (n as A.ParamDecl).hasBody && (n as A.ParamDecl).fields.length > 1);
}
