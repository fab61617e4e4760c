/** CST -> AST. Tolerant: recovered nodes and inserted tokens become `undefined` parts, never a crash. */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Span } from "../source/source.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import { exprTooDeep, MAX_EXPR_DEPTH } from "./depth.ts";
import type * as A from "./nodes.ts";
import { code } from "../../grammar/syntax-messages.ts";
import { decodeEscape } from "../../grammar/patterns.ts";
import { decodeExprString, mergeText, stripIndent, durationUnit, unquoteBackticks } from "./strings.ts";

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

function real(t: IToken | undefined): t is IToken {
  return t !== undefined && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
}

function tok(c: Children, key: string): IToken | undefined {
  const t = c[key]?.[0];
  return t !== undefined && isToken(t) && real(t) ? t : undefined;
}

function toks(c: Children, key: string): IToken[] {
  return (c[key] ?? []).filter((e): e is IToken => isToken(e) && real(e));
}

function node(c: Children, key: string): CstNode | undefined {
  const n = c[key]?.[0];
  return n !== undefined && !isToken(n) ? n : undefined;
}

function nodes(c: Children, key: string): CstNode[] {
  return (c[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

function tokSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

/** Every real token under a node, in source order (used for spans of recovered nodes). */
function firstLast(n: CstNode): { first?: IToken; last?: IToken } {
  let first: IToken | undefined;
  let last: IToken | undefined;
  const visit = (x: CstNode): void => {
    for (const list of Object.values(x.children)) {
      for (const e of list ?? []) {
        if (isToken(e)) {
          if (!real(e)) continue;
          if (first === undefined || e.startOffset < first.startOffset) first = e;
          if (last === undefined || e.startOffset > last.startOffset) last = e;
        } else visit(e);
      }
    }
  };
  visit(n);
  return { first, last };
}

/**
 * The last real token under a node. Tokens carry only start offsets, so CST nodes know where
 * they start but not where they end: follow the child that starts last (cost: the depth of the
 * node, not its size).
 */
function lastReal(n: CstNode): IToken | undefined {
  let best: CstElement | undefined;
  let bestAt = -1;
  for (const list of Object.values(n.children)) {
    if (!list) continue;
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i];
      const at = isToken(e) ? (real(e) ? e.startOffset : Number.NaN) : (e.location?.startOffset ?? Number.NaN);
      if (Number.isFinite(at)) {
        if (at > bestAt) {
          bestAt = at;
          best = e;
        }
        break;
      }
    }
  }
  if (best === undefined) return firstLast(n).last;
  if (isToken(best)) return best;
  return lastReal(best) ?? firstLast(n).last;
}

function nodeSpan(n: CstNode, fallback: number): Span {
  const loc = n.location;
  const last = lastReal(n);
  if (loc && Number.isFinite(loc.startOffset) && last) {
    return { start: loc.startOffset, end: Math.max(loc.startOffset, tokSpan(last).end) };
  }
  const { first, last: l2 } = firstLast(n);
  if (first && l2) return { start: first.startOffset, end: tokSpan(l2).end };
  return { start: fallback, end: fallback };
}

/** Elements of several child keys merged into source order. */
function ordered(c: Children, keys: string[]): CstElement[] {
  const out: CstElement[] = [];
  for (const k of keys) for (const e of c[k] ?? []) out.push(e);
  const at = (e: CstElement): number => (isToken(e) ? e.startOffset : (e.location?.startOffset ?? firstLast(e).first?.startOffset ?? Number.MAX_SAFE_INTEGER));
  return out.filter((e) => !isToken(e) || real(e)).sort((a, b) => at(a) - at(b));
}

export class AstBuilder {
  readonly file: string;
  /** The source text (consulted only to avoid a second diagnostic where the lexer reported one). */
  readonly text: string;
  /** Start offsets of the lexer's diagnostics, sorted (a later error right after one is a consequence). */
  readonly lexerErrorStarts: readonly number[];
  readonly diagnostics: Diagnostic[] = [];
  /** Set when a triple-quoted string runs to the end of the input (it is reported once, here). */
  unclosedToEnd = false;

  constructor(file: string, text = "", lexerErrorStarts: readonly number[] = []) {
    this.file = file;
    this.text = text;
    this.lexerErrorStarts = lexerErrorStarts;
  }

  private lexerErrorIn(from: number, to: number): boolean {
    return this.lexerErrorStarts.some((s) => s >= from && s <= to);
  }

  pipeline(n: CstNode): A.Pipeline {
    const c = n.children as Children;
    const nameNode = node(c, "name");
    const members: A.Member[] = [];
    for (const m of nodes(c, "member")) {
      const built = this.member(m);
      if (built) members.push(built);
    }
    members.sort((a, b) => a.span.start - b.span.start);
    return { kind: "Pipeline", span: nodeSpan(n, tok(c, "Pipeline")?.startOffset ?? 0), name: nameNode ? this.name(nameNode) : undefined, members };
  }

  name(n: CstNode): A.Name | undefined {
    const c = n.children as Children;
    const plain = tok(c, "Identifier");
    if (plain) return { kind: "Name", span: tokSpan(plain), value: plain.image, quoted: false };
    const q = tok(c, "QuotedIdentifier");
    if (q) return { kind: "Name", span: tokSpan(q), value: unquoteBackticks(q.image), quoted: true };
    return undefined;
  }

  member(n: CstNode): A.Member | undefined {
    const c = n.children as Children;
    const p = node(c, "paramDecl");
    if (p) return this.param(p);
    const d = node(c, "defaultBlock");
    if (d) return this.defaultBlock(d);
    const o = node(c, "objectDecl");
    if (o) return this.objectDecl(o);
    const f = node(c, "field");
    if (f) return this.field(f);
    return undefined;
  }

  param(n: CstNode): A.ParamDecl {
    const c = n.children as Children;
    const id = tok(c, "Identifier");
    const typeNode = node(c, "type");
    const valueNode = node(c, "value");
    const body = node(c, "body");
    const kw = tok(c, "Param");
    return {
      kind: "Param",
      span: nodeSpan(n, kw?.startOffset ?? 0),
      name: id ? { kind: "Name", span: tokSpan(id), value: id.image, quoted: false } : undefined,
      encrypted: tok(c, "Star") !== undefined,
      type: typeNode ? this.name(typeNode) : undefined,
      value: valueNode ? this.value(valueNode) : undefined,
      fields: body ? this.body(body) : [],
      hasBody: body !== undefined,
    };
  }

  defaultBlock(n: CstNode): A.DefaultBlock {
    const c = n.children as Children;
    const kw = tok(c, "Default");
    const body = node(c, "body");
    const span = nodeSpan(n, kw?.startOffset ?? 0);
    return { kind: "Default", span, keywordSpan: kw ? tokSpan(kw) : span, fields: body ? this.body(body) : [] };
  }

  objectDecl(n: CstNode): A.ObjectDecl {
    const c = n.children as Children;
    const typeTok = tok(c, "type") as IToken;
    const nameNode = node(c, "name");
    const body = node(c, "body");
    return {
      kind: "Object",
      span: nodeSpan(n, typeTok.startOffset),
      type: { kind: "Name", span: tokSpan(typeTok), value: typeTok.image, quoted: false },
      id: nameNode ? this.name(nameNode) : undefined,
      fields: body ? this.body(body) : [],
    };
  }

  body(n: CstNode): A.Field[] {
    const out: A.Field[] = [];
    for (const f of nodes(n.children as Children, "field")) {
      const built = this.field(f);
      if (built) out.push(built);
    }
    return out;
  }

  field(n: CstNode): A.Field | undefined {
    const c = n.children as Children;
    const keyNode = node(c, "key");
    if (!keyNode) return undefined;
    const kc = keyNode.children as Children;
    const word = tok(kc, "Word") ?? toks(kc, "Identifier")[0];
    if (!word) return undefined;
    const star = tok(kc, "Star");
    const keyText = word.tokenType.name === "QuotedIdentifier" ? unquoteBackticks(word.image) : word.image;
    const keySpan = star ? { start: star.startOffset, end: tokSpan(word).end } : tokSpan(word);
    const valueNode = node(c, "value");
    const value = valueNode ? this.value(valueNode) : undefined;
    const end = value ? value.span.end : (tok(c, "Equals") ? tokSpan(tok(c, "Equals") as IToken).end : keySpan.end);
    return {
      kind: "Field",
      span: { start: keySpan.start, end },
      key: { kind: "Name", span: keySpan, value: star ? `*${keyText}` : keyText, quoted: word.tokenType.name === "QuotedIdentifier" },
      encrypted: star !== undefined,
      value,
    };
  }

  value(n: CstNode): A.Value | undefined {
    const c = n.children as Children;
    const s = node(c, "string");
    if (s) return this.string(s);
    const l = node(c, "list");
    if (l) return this.list(l);
    const m = node(c, "map");
    if (m) return this.map(m);
    const t = ordered(c, ["Number", "Duration", "DateTime", "True", "False", "Word"])[0] as IToken | undefined;
    if (!t) return undefined;
    const span = tokSpan(t);
    switch (t.tokenType.name) {
      case "Number": {
        const v = Number(t.image);
        if (!Number.isFinite(v)) this.diagnostics.push(diagnostic("PIPE0009", this.file, span, `the number ${t.image} is too large`));
        return { kind: "Number", span, raw: t.image, value: v };
      }
      case "Duration": {
        const m2 = /^(\d+)\s+([A-Za-z]+)$/.exec(t.image);
        const count = Number(m2?.[1] ?? "0");
        const unit = durationUnit((m2?.[2] ?? "").toLowerCase());
        return { kind: "Duration", span, count, unit, raw: t.image };
      }
      case "DateTime":
        return { kind: "DateTime", span, value: t.image.endsWith("Z") ? t.image.slice(0, -1) : t.image };
      case "True":
        return { kind: "Boolean", span, value: true };
      case "False":
        return { kind: "Boolean", span, value: false };
      default:
        return {
          kind: "Identifier",
          span,
          name: t.tokenType.name === "QuotedIdentifier" ? unquoteBackticks(t.image) : t.image,
          quoted: t.tokenType.name === "QuotedIdentifier",
        };
    }
  }

  list(n: CstNode): A.ListValue {
    const c = n.children as Children;
    const items: A.Value[] = [];
    for (const v of nodes(c, "value").sort((a, b) => nodeSpan(a, 0).start - nodeSpan(b, 0).start)) {
      const built = this.value(v);
      if (built) items.push(built);
    }
    return { kind: "List", span: nodeSpan(n, 0), items };
  }

  map(n: CstNode): A.MapValue {
    const entries: A.MapEntry[] = [];
    for (const e of nodes(n.children as Children, "mapEntry")) {
      const c = e.children as Children;
      const word = tok(c, "Word");
      const strNode = node(c, "string");
      let key: A.Name | undefined;
      if (word) {
        key = { kind: "Name", span: tokSpan(word), value: word.tokenType.name === "QuotedIdentifier" ? unquoteBackticks(word.image) : word.image, quoted: word.tokenType.name === "QuotedIdentifier" };
      } else if (strNode) {
        const s = this.string(strNode);
        const interp = s.parts.find((p) => p.kind === "Interpolation");
        if (interp) this.diagnostics.push(diagnostic("PIPE1002", this.file, interp.span, "a map key cannot hold an expression `#<...>`"));
        key = { kind: "Name", span: s.span, value: s.parts.map((p) => (p.kind === "Text" ? p.text : "")).join(""), quoted: true };
      }
      if (!key) continue;
      const v = node(c, "value");
      const value = v ? this.value(v) : undefined;
      entries.push({ kind: "MapEntry", span: { start: key.span.start, end: value?.span.end ?? key.span.end }, key, value });
    }
    entries.sort((a, b) => a.span.start - b.span.start);
    return { kind: "Map", span: nodeSpan(n, 0), entries };
  }

  string(n: CstNode): A.StringValue {
    const c = n.children as Children;
    const open = tok(c, "StringOpen") as IToken;
    if (open.tokenType.name === "MultiLineString") return this.multiLineString(open);
    const triple = open.tokenType.name === "TripleQuote";
    const close = tok(c, "StringClose");
    const elements = ordered(c, ["StringPart", "interpolation"]);
    const parts: A.StringPart[] = [];
    let lastInterpOpen = false;
    for (const e of elements) {
      if (isToken(e)) {
        const text = this.textPart(e, triple);
        if (text !== undefined) parts.push({ kind: "Text", span: tokSpan(e), text });
      } else {
        const interp = this.interpolation(e);
        parts.push(interp.node);
        lastInterpOpen = !interp.closed;
      }
    }
    const end = close ? tokSpan(close).end : (parts.at(-1)?.span.end ?? tokSpan(open).end);
    const span = { start: open.startOffset, end };
    const closeName = close?.tokenType.name;
    const unterminated = close === undefined || closeName === "StringBreak" || closeName === "DExprBreak";
    // An unclosed #<...> is reported by interpolation(); one error for one mistake.
    if (unterminated && !lastInterpOpen) {
      if (triple) {
        this.unclosedToEnd = true;
        this.diagnostics.push(diagnostic("PIPE0003", this.file, tokSpan(open), "this triple-quoted string is not closed with `\"\"\"` before the end of the file"));
      } else {
        const stop = close ? close.startOffset : end;
        this.diagnostics.push(
          diagnostic("PIPE0002", this.file, { start: open.startOffset, end: Math.max(open.startOffset + 1, stop) }, "this string is not closed with `\"` before the end of the line", {
            hint: "use a triple-quoted string `\"\"\"...\"\"\"` for text that spans lines, or `\\n` for a line break",
          }),
        );
      }
    }
    return { kind: "String", span, triple, parts: triple ? stripIndent(parts) : mergeText(parts) };
  }

  /** A `"` string closed on a later line (see grammar/tokens.ts): one error, with a fix; the text is kept as written. */
  multiLineString(t: IToken): A.StringValue {
    const span = tokSpan(t);
    this.diagnostics.push(
      diagnostic("PIPE0002", this.file, { start: span.start, end: span.start + 1 }, "this string is not closed with `\"` on its line: a `\"...\"` string cannot span lines", {
        hint: "use a triple-quoted string `\"\"\"...\"\"\"` for text that spans lines",
        fix: {
          description: "make it a triple-quoted string",
          edits: [
            { span: { start: span.start, end: span.start + 1 }, text: '"""' },
            { span: { start: span.end - 1, end: span.end }, text: '"""' },
          ],
        },
      }),
    );
    const inner = { start: span.start + 1, end: span.end - 1 };
    return { kind: "String", span, triple: false, parts: [{ kind: "Text", span: inner, text: t.image.slice(1, -1) }] };
  }

  /** Decodes one string part; reports bad escapes and `#{...}`. */
  textPart(t: IToken, triple: boolean): string | undefined {
    const name = t.tokenType.name;
    const span = tokSpan(t);
    switch (name) {
      case "StringText":
      case "TripleStringText":
        this.checkControl(t.image, span.start, triple);
        return t.image;
      case "Escape":
      case "TripleEscape":
        return decodeEscape(t.image) ?? this.badEscape(t);
      case "BadEscape":
        return this.badEscape(t);
      case "LegacyInterp": {
        const inner = t.image.endsWith("}") ? t.image.slice(2, -1) : t.image.slice(2);
        this.diagnostics.push(
          diagnostic("PIPE0007", this.file, span, `\`${t.image}\` is Data Pipeline syntax; write expressions as \`#<${inner}>\` in .pipe files`, {
            hint: "for a literal `#{`, write `\\#{`",
            fix: { description: `rewrite as #<${inner}>`, edits: [{ span, text: `#<${inner}>` }] },
          }),
        );
        return t.image;
      }
      default:
        return t.image;
    }
  }

  badEscape(t: IToken): string {
    const span = tokSpan(t);
    const seq = t.image;
    if (t.tokenType.name === "Escape" && seq[1] === "u") {
      // Well formed, but not a Unicode scalar value.
      this.diagnostics.push(
        diagnostic("PIPE0005", this.file, span, `${code(seq)} is not a character: code points go up to 10FFFF and exclude the surrogates D800 to DFFF`, {
          hint: "write characters outside the Basic Multilingual Plane with braces, e.g. `\\u{1F600}`, not as surrogate pairs",
        }),
      );
      return "\uFFFD";
    }
    this.diagnostics.push(
      diagnostic("PIPE0005", this.file, span, seq === "\\" ? "a backslash at the end of a line in a string" : `${code(seq)} is not an escape sequence`, {
        hint: "write `\\\\` for a backslash; `\\n`, `\\t`, `\\\"`, `\\u{...}` and `\\#<` are the escapes",
        fix: { description: "escape the backslash", edits: [{ span: { start: span.start, end: span.start + 1 }, text: "\\\\" }] },
      }),
    );
    return seq.slice(1);
  }

  checkControl(text: string, offset: number, triple: boolean): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c < 0x20 && c !== 9 && !(triple && (c === 10 || c === 13))) || c === 0xfffe || c === 0xffff) {
        this.diagnostics.push(diagnostic("PIPE0008", this.file, { start: offset + i, end: offset + i + 1 }, `the control character U+${c.toString(16).toUpperCase().padStart(4, "0")} is not allowed in a field value`));
        return;
      }
    }
  }

  interpolation(n: CstNode): { node: A.Interpolation; closed: boolean } {
    const c = n.children as Children;
    const open = tok(c, "InterpOpen") as IToken;
    const close = tok(c, "InterpClose");
    const exprNode = node(c, "expression");
    let expr = exprNode ? this.expression(exprNode) : undefined;
    if (expr && exprTooDeep(expr)) {
      this.diagnostics.push(diagnostic("PIPE1009", this.file, expr.span, `this expression nests operators more than ${MAX_EXPR_DEPTH} deep; it was not read`, { hint: "split it over several fields or parameters" }));
      expr = undefined;
    }
    const junk = nodes(c, "exprJunk");
    const span = { start: open.startOffset, end: close ? tokSpan(close).end : (junk.length ? nodeSpan(junk.at(-1) as CstNode, open.startOffset).end : (expr?.span.end ?? tokSpan(open).end)) };
    if (junk.length > 0 && close && !this.lexerErrorIn(tokSpan(open).end, nodeSpan(junk[0], span.end).start)) {
      // Left-over tokens in a closed expression; in an unclosed one, PIPE0006 says it all.
      const first = nodeSpan(junk[0], span.end);
      const t = firstLast(junk[0]).first;
      this.diagnostics.push(diagnostic("PIPE1008", this.file, first, `unexpected ${code(t?.image ?? "")} in the expression; expected an operator or \`>\``));
    } else if (!expr && close && junk.length === 0 && this.text.slice(tokSpan(open).end, close.startOffset).trim() === "") {
      // (Characters the lexer rejected inside `#<...>` are reported once, by the lexer.)
      this.diagnostics.push(diagnostic("PIPE1008", this.file, span, "empty expression `#<>`", { hint: "write a parameter, a field, a runtime field such as `@scheduledStartTime`, or a function call" }));
    }
    if (!close) {
      this.diagnostics.push(
        diagnostic("PIPE0006", this.file, { start: open.startOffset, end: Math.max(span.end, open.startOffset + 2) }, "this expression is not closed with `>` before the string ends", {
          hint: "for a literal `#<`, write `\\#<`",
        }),
      );
    }
    return { node: { kind: "Interpolation", span, expr }, closed: close !== undefined };
  }

  // ---- expressions ----

  expression(n: CstNode): A.Expr | undefined {
    return this.binaryChain(n, "multiplicative", ["Plus", "Minus"]);
  }

  binaryChain(n: CstNode, sub: string, ops: string[]): A.Expr | undefined {
    const c = n.children as Children;
    const operands = nodes(c, sub);
    const operators = ordered(c, ops) as IToken[];
    const build = (x: CstNode): A.Expr | undefined => (sub === "multiplicative" ? this.binaryChain(x, "power", ["Star", "Slash"]) : this.power(x));
    let left = operands[0] ? build(operands[0]) : undefined;
    for (let i = 1; i < operands.length; i++) {
      const right = build(operands[i]);
      const op = operators[i - 1];
      if (!left || !right || !op) return left ?? right;
      left = { kind: "BinaryExpr", span: { start: left.span.start, end: right.span.end }, op: op.image as A.BinaryOperator, left, right };
    }
    return left;
  }

  /** `a ^ b ^ c` is right-associative. */
  power(n: CstNode): A.Expr | undefined {
    const operands = nodes(n.children as Children, "unary").map((u) => this.unary(u));
    let right = operands.at(-1);
    for (let i = operands.length - 2; i >= 0; i--) {
      const left = operands[i];
      if (!left || !right) return left ?? right;
      right = { kind: "BinaryExpr", span: { start: left.span.start, end: right.span.end }, op: "^", left, right };
    }
    return right;
  }

  unary(n: CstNode): A.Expr | undefined {
    const c = n.children as Children;
    const minus = toks(c, "Minus").sort((a, b) => b.startOffset - a.startOffset);
    const p = node(c, "postfix");
    let e = p ? this.postfix(p) : undefined;
    for (const m of minus) {
      if (!e) return undefined;
      e = { kind: "UnaryExpr", span: { start: m.startOffset, end: e.span.end }, op: "-", operand: e };
    }
    return e;
  }

  postfix(n: CstNode): A.Expr | undefined {
    const c = n.children as Children;
    const prim = node(c, "primary");
    let e = prim ? this.primary(prim) : undefined;
    const accesses = nodes(c, "memberAccess").sort((a, b) => nodeSpan(a, 0).start - nodeSpan(b, 0).start);
    for (const acc of accesses) {
      if (!e) return undefined;
      const ac = acc.children as Children;
      const id = tok(ac, "Identifier") ?? tok(ac, "AtIdentifier");
      if (!id) return e;
      const argsNode = node(ac, "args");
      const end = argsNode ? nodeSpan(argsNode, tokSpan(id).end).end : tokSpan(id).end;
      if (argsNode) {
        e = { kind: "CallExpr", span: { start: e.span.start, end }, callee: id.image, calleeSpan: tokSpan(id), args: [e, ...this.args(argsNode)], method: true };
      } else {
        const runtime = id.tokenType.name === "AtIdentifier";
        e = { kind: "MemberExpr", span: { start: e.span.start, end }, target: e, name: runtime ? id.image.slice(1) : id.image, nameSpan: tokSpan(id), runtime };
      }
    }
    return e;
  }

  primary(n: CstNode): A.Expr | undefined {
    const c = n.children as Children;
    const num = tok(c, "ExprNumber");
    if (num) return { kind: "NumberExpr", span: tokSpan(num), raw: num.image, value: Number(num.image) };
    const str = tok(c, "ExprString");
    if (str) return { kind: "StringExpr", span: tokSpan(str), value: decodeExprString(str.image), quote: str.image[0] === "'" ? "'" : '"', raw: str.image };
    const at = tok(c, "AtIdentifier");
    if (at) return { kind: "RuntimeExpr", span: tokSpan(at), name: at.image.slice(1) };
    const id = tok(c, "Identifier");
    const star = tok(c, "Star");
    const argsNode = node(c, "args");
    if (id) {
      if (argsNode && !star) {
        return { kind: "CallExpr", span: { start: id.startOffset, end: nodeSpan(argsNode, tokSpan(id).end).end }, callee: id.image, calleeSpan: tokSpan(id), args: this.args(argsNode), method: false };
      }
      return { kind: "NameExpr", span: { start: (star ?? id).startOffset, end: tokSpan(id).end }, name: id.image, encrypted: star !== undefined };
    }
    const inner = node(c, "expression");
    if (inner) {
      const e = this.expression(inner);
      return e;
    }
    return undefined;
  }

  args(n: CstNode): A.Expr[] {
    const out: A.Expr[] = [];
    for (const e of nodes(n.children as Children, "expression")) {
      const built = this.expression(e);
      if (built) out.push(built);
    }
    return out;
  }
}
