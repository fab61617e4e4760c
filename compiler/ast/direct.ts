/**
 * Well-formed source -> AST directly: a recursive-descent parser over the fast scanner's
 * tokens (grammar/scanner.ts), with no token objects and no CST.
 *
 * It accepts exactly the files on which the Chevrotain lexer and parser report nothing, and
 * builds the same tree as parse.ts's full path (CST -> AST in build.ts), node for node and key
 * for key. At the first thing that would be a syntax error, or a value the AST builder would
 * report (a number too large, an empty `#<>`, an expression in a map key, ...), it gives up
 * and returns `undefined`: the full path then parses the file with error recovery and
 * reports every error. test/syntax-direct.test.ts checks the two paths against each other.
 */
import * as K from "../../grammar/scanner.ts";
import type * as A from "./nodes.ts";
import { exprTooDeep } from "./depth.ts";
import { decodeExprString, stripIndent, durationUnit, unquoteBackticks } from "./strings.ts";

/** Thrown (and caught below) where the full parser is needed. */
const GIVE_UP = new Error("not well formed");

function giveUp(): never {
  throw GIVE_UP;
}

/** The AST of a file without syntax errors, or undefined when the full parser must run. */
export function parseWellFormed(text: string): A.PipeFile | undefined {
  const tokens = K.scan(text);
  return tokens === undefined ? undefined : parseTokens(text, tokens);
}

/** The AST from the scanner's tokens of `text`, or undefined when the full parser must run. */
export function parseTokens(text: string, tokens: K.Scanned): A.PipeFile | undefined {
  let pipelines: A.Pipeline[];
  try {
    pipelines = new DirectParser(text, tokens).file();
  } catch {
    // GIVE_UP, or anything unforeseen: the full path is the reference and takes every input.
    // (The tests compare the two on well-formed files, where giving up is a failure.)
    return undefined;
  }
  if (pipelines.length === 0) return undefined; // reported by the full path (PIPE1011)
  const comments: A.Comment[] = [];
  const c = tokens.comments;
  for (let i = 0; i < c.length; i += 2) {
    const image = text.slice(c[i], c[i + 1]);
    comments.push({ kind: "Comment", span: { start: c[i], end: c[i + 1] }, text: image, block: image.startsWith("/*") });
  }
  return { kind: "File", span: { start: 0, end: text.length }, pipelines, comments };
}

function isWord(k: number): boolean {
  return k === K.IDENTIFIER || k === K.QUOTED_IDENTIFIER || k === K.KW_PIPELINE || k === K.KW_PARAM || k === K.KW_DEFAULT;
}

function isName(k: number): boolean {
  return k === K.IDENTIFIER || k === K.QUOTED_IDENTIFIER;
}

class DirectParser {
  private readonly text: string;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly texts: string[];
  private i = 0;
  /** The next of `texts` (STRING_TEXT tokens are consumed in order). */
  private nextText = 0;

  constructor(text: string, t: K.Scanned) {
    this.text = text;
    this.kinds = t.kinds;
    this.starts = t.starts;
    this.ends = t.ends;
    this.texts = t.texts;
  }

  private span(i: number): A.Span {
    return { start: this.starts[i], end: this.ends[i] };
  }

  private image(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  /** Consumes a token of the kind and returns its index. */
  private expect(kind: number): number {
    if (this.kinds[this.i] !== kind) giveUp();
    return this.i++;
  }

  file(): A.Pipeline[] {
    const out: A.Pipeline[] = [];
    while (this.kinds[this.i] !== K.EOF) out.push(this.pipeline());
    return out;
  }

  private pipeline(): A.Pipeline {
    const kw = this.expect(K.KW_PIPELINE);
    const name = this.name();
    this.expect(K.LBRACE);
    const members: A.Member[] = [];
    while (this.kinds[this.i] !== K.RBRACE) members.push(this.member());
    const close = this.i++;
    return { kind: "Pipeline", span: { start: this.starts[kw], end: this.ends[close] }, name, members };
  }

  private name(): A.Name {
    const i = this.i;
    const k = this.kinds[i];
    if (k === K.IDENTIFIER) {
      this.i++;
      return { kind: "Name", span: this.span(i), value: this.image(i), quoted: false };
    }
    if (k === K.QUOTED_IDENTIFIER) {
      this.i++;
      return { kind: "Name", span: this.span(i), value: unquoteBackticks(this.image(i)), quoted: true };
    }
    return giveUp();
  }

  private member(): A.Member {
    const k = this.kinds[this.i];
    const k2 = this.kinds[this.i + 1];
    if (k === K.KW_PARAM && k2 !== K.EQUALS) return this.param();
    if (k === K.KW_DEFAULT && k2 === K.LBRACE) return this.defaultBlock();
    if (k === K.IDENTIFIER && isName(k2)) return this.objectDecl();
    return this.field(true);
  }

  private param(): A.ParamDecl {
    const kw = this.i++;
    const star = this.kinds[this.i] === K.STAR ? this.i++ : -1;
    const id = this.expect(K.IDENTIFIER);
    let type: A.Name | undefined;
    if (this.kinds[this.i] === K.COLON) {
      this.i++;
      type = this.name();
    }
    let value: A.Value | undefined;
    if (this.kinds[this.i] === K.EQUALS) {
      this.i++;
      value = this.value(true, true);
    }
    const hasBody = this.kinds[this.i] === K.LBRACE;
    const fields = hasBody ? this.body() : [];
    return {
      kind: "Param",
      span: { start: this.starts[kw], end: this.ends[this.i - 1] },
      name: { kind: "Name", span: this.span(id), value: this.image(id), quoted: false },
      encrypted: star >= 0,
      type,
      value,
      fields,
      hasBody,
    };
  }

  private defaultBlock(): A.DefaultBlock {
    const kw = this.i++;
    const fields = this.body();
    return { kind: "Default", span: { start: this.starts[kw], end: this.ends[this.i - 1] }, keywordSpan: this.span(kw), fields };
  }

  private objectDecl(): A.ObjectDecl {
    const t = this.i++;
    const id = this.name();
    const fields = this.body();
    return {
      kind: "Object",
      span: { start: this.starts[t], end: this.ends[this.i - 1] },
      type: { kind: "Name", span: this.span(t), value: this.image(t), quoted: false },
      id,
      fields,
    };
  }

  private body(): A.Field[] {
    this.expect(K.LBRACE);
    const out: A.Field[] = [];
    while (this.kinds[this.i] !== K.RBRACE) out.push(this.field(false));
    this.i++;
    return out;
  }

  /** `top`: a pipeline attribute (a member of the block itself). */
  private field(top: boolean): A.Field {
    const star = this.kinds[this.i] === K.STAR ? this.i++ : -1;
    const w = this.i;
    const k = this.kinds[w];
    if (!isWord(k)) giveUp();
    this.i++;
    this.expect(K.EQUALS);
    const quoted = k === K.QUOTED_IDENTIFIER;
    const keyText = quoted ? unquoteBackticks(this.image(w)) : this.image(w);
    const keySpan = star >= 0 ? { start: this.starts[star], end: this.ends[w] } : this.span(w);
    const value = this.value(false, top);
    return {
      kind: "Field",
      span: { start: keySpan.start, end: value.span.end },
      key: { kind: "Name", span: keySpan, value: star >= 0 ? `*${keyText}` : keyText, quoted },
      encrypted: star >= 0,
      value,
    };
  }

  /** `top`: directly in the block, outside any `{ }` but the block's own. */
  private value(paramDefault: boolean, top: boolean): A.Value {
    const i = this.i;
    const k = this.kinds[i];
    switch (k) {
      case K.STRING_OPEN:
      case K.TRIPLE_OPEN:
        return this.string();
      case K.LBRACKET:
        return this.list(top);
      case K.LBRACE:
        return this.map();
      case K.NUMBER: {
        this.i++;
        const raw = this.image(i);
        const value = Number(raw);
        if (!Number.isFinite(value)) giveUp(); // too large: reported by the full path
        return { kind: "Number", span: this.span(i), raw, value };
      }
      case K.DURATION: {
        this.i++;
        const raw = this.image(i);
        const m = /^(\d+)\s+([A-Za-z]+)$/.exec(raw);
        return { kind: "Duration", span: this.span(i), count: Number(m?.[1] ?? "0"), unit: durationUnit((m?.[2] ?? "").toLowerCase()), raw };
      }
      case K.DATE_TIME: {
        this.i++;
        const raw = this.image(i);
        return { kind: "DateTime", span: this.span(i), value: raw.endsWith("Z") ? raw.slice(0, -1) : raw };
      }
      case K.KW_TRUE:
        this.i++;
        return { kind: "Boolean", span: this.span(i), value: true };
      case K.KW_FALSE:
        this.i++;
        return { kind: "Boolean", span: this.span(i), value: false };
    }
    if (!isWord(k)) return giveUp();
    const next = this.kinds[i + 1];
    // The parser's gate: a word followed by `=` or `{` (or by `Type Id {`) starts a member, not a value.
    if (next === K.EQUALS) giveUp();
    if (!paramDefault && (next === K.LBRACE || (isName(next) && this.kinds[i + 2] === K.LBRACE))) giveUp();
    // `pipeline Name` directly in a block is where the full path starts the next block.
    if (top && k === K.KW_PIPELINE && (isName(next) || next === K.LBRACE)) giveUp();
    this.i++;
    const quoted = k === K.QUOTED_IDENTIFIER;
    return { kind: "Identifier", span: this.span(i), name: quoted ? unquoteBackticks(this.image(i)) : this.image(i), quoted };
  }

  private list(top: boolean): A.ListValue {
    const open = this.i++;
    const items: A.Value[] = [];
    if (this.kinds[this.i] !== K.RBRACKET) {
      items.push(this.value(false, top));
      while (this.kinds[this.i] === K.COMMA) {
        this.i++;
        if (this.kinds[this.i] === K.RBRACKET) break;
        items.push(this.value(false, top));
      }
    }
    const close = this.expect(K.RBRACKET);
    return { kind: "List", span: { start: this.starts[open], end: this.ends[close] }, items };
  }

  private map(): A.MapValue {
    const open = this.i++;
    const entries: A.MapEntry[] = [];
    if (this.kinds[this.i] !== K.RBRACE) {
      entries.push(this.mapEntry());
      while (this.kinds[this.i] === K.COMMA) {
        this.i++;
        if (this.kinds[this.i] === K.RBRACE) break;
        entries.push(this.mapEntry());
      }
    }
    const close = this.expect(K.RBRACE);
    return { kind: "Map", span: { start: this.starts[open], end: this.ends[close] }, entries };
  }

  private mapEntry(): A.MapEntry {
    const i = this.i;
    const k = this.kinds[i];
    let key: A.Name;
    if (isWord(k)) {
      this.i++;
      const quoted = k === K.QUOTED_IDENTIFIER;
      key = { kind: "Name", span: this.span(i), value: quoted ? unquoteBackticks(this.image(i)) : this.image(i), quoted };
    } else if (k === K.STRING_OPEN || k === K.TRIPLE_OPEN) {
      const s = this.string();
      let value = "";
      for (const p of s.parts) {
        if (p.kind !== "Text") giveUp(); // an expression in a map key is an error
        else value += p.text;
      }
      key = { kind: "Name", span: s.span, value, quoted: true };
    } else return giveUp();
    this.expect(K.COLON);
    const value = this.value(false, false);
    return { kind: "MapEntry", span: { start: key.span.start, end: value.span.end }, key, value };
  }

  private string(): A.StringValue {
    const open = this.i++;
    const triple = this.kinds[open] === K.TRIPLE_OPEN;
    const parts: A.StringPart[] = [];
    for (;;) {
      const i = this.i;
      const k = this.kinds[i];
      if (k === K.STRING_TEXT) {
        this.i++;
        parts.push({ kind: "Text", span: this.span(i), text: this.texts[this.nextText++] });
      } else if (k === K.INTERP_OPEN) {
        parts.push(this.interpolation());
      } else if (k === K.STRING_CLOSE) {
        this.i++;
        break;
      } else giveUp();
    }
    return { kind: "String", span: { start: this.starts[open], end: this.ends[this.i - 1] }, triple, parts: triple ? stripIndent(parts) : parts };
  }

  private interpolation(): A.Interpolation {
    const open = this.i++;
    if (this.kinds[this.i] === K.INTERP_CLOSE) giveUp(); // `#<>`: reported by the full path
    const expr = this.expression();
    if (exprTooDeep(expr)) giveUp(); // reported by the full path (PIPE1009)
    const close = this.expect(K.INTERP_CLOSE);
    return { kind: "Interpolation", span: { start: this.starts[open], end: this.ends[close] }, expr };
  }

  // ---- expressions: + - (left), * / (left), ^ (right), unary -, member access and calls ----

  private expression(): A.Expr {
    return this.leftChain(K.PLUS, "+", K.MINUS, "-", () => this.multiplicative());
  }

  private multiplicative(): A.Expr {
    return this.leftChain(K.STAR, "*", K.SLASH, "/", () => this.power());
  }

  /** `operand (op operand)*` with two operators of one precedence, associating to the left. */
  private leftChain(kindA: number, opA: A.BinaryOperator, kindB: number, opB: A.BinaryOperator, operand: () => A.Expr): A.Expr {
    let left = operand();
    for (;;) {
      const k = this.kinds[this.i];
      if (k !== kindA && k !== kindB) return left;
      this.i++;
      const right = operand();
      left = { kind: "BinaryExpr", span: { start: left.span.start, end: right.span.end }, op: k === kindA ? opA : opB, left, right };
    }
  }

  private power(): A.Expr {
    const first = this.unary();
    if (this.kinds[this.i] !== K.CARET) return first;
    const operands = [first];
    while (this.kinds[this.i] === K.CARET) {
      this.i++;
      operands.push(this.unary());
    }
    let right = operands[operands.length - 1];
    for (let j = operands.length - 2; j >= 0; j--) {
      const left = operands[j];
      right = { kind: "BinaryExpr", span: { start: left.span.start, end: right.span.end }, op: "^", left, right };
    }
    return right;
  }

  private unary(): A.Expr {
    const minus: number[] = [];
    while (this.kinds[this.i] === K.MINUS) minus.push(this.starts[this.i++]);
    let e = this.postfix();
    for (let j = minus.length - 1; j >= 0; j--) e = { kind: "UnaryExpr", span: { start: minus[j], end: e.span.end }, op: "-", operand: e };
    return e;
  }

  private postfix(): A.Expr {
    let e = this.primary();
    while (this.kinds[this.i] === K.DOT) {
      this.i++;
      const id = this.i;
      const k = this.kinds[id];
      if (k !== K.IDENTIFIER && k !== K.AT_IDENTIFIER) giveUp();
      this.i++;
      const image = this.image(id);
      if (this.kinds[this.i] === K.LPAREN) {
        const args = this.args();
        e = { kind: "CallExpr", span: { start: e.span.start, end: this.ends[this.i - 1] }, callee: image, calleeSpan: this.span(id), args: [e, ...args], method: true };
      } else {
        const runtime = k === K.AT_IDENTIFIER;
        e = { kind: "MemberExpr", span: { start: e.span.start, end: this.ends[id] }, target: e, name: runtime ? image.slice(1) : image, nameSpan: this.span(id), runtime };
      }
    }
    return e;
  }

  private primary(): A.Expr {
    const i = this.i;
    switch (this.kinds[i]) {
      case K.EXPR_NUMBER: {
        this.i++;
        const raw = this.image(i);
        return { kind: "NumberExpr", span: this.span(i), raw, value: Number(raw) };
      }
      case K.EXPR_STRING: {
        this.i++;
        const raw = this.image(i);
        return { kind: "StringExpr", span: this.span(i), value: decodeExprString(raw), quote: raw[0] === "'" ? "'" : '"', raw };
      }
      case K.AT_IDENTIFIER:
        this.i++;
        return { kind: "RuntimeExpr", span: this.span(i), name: this.image(i).slice(1) };
      case K.STAR: {
        this.i++;
        const id = this.expect(K.IDENTIFIER);
        return { kind: "NameExpr", span: { start: this.starts[i], end: this.ends[id] }, name: this.image(id), encrypted: true };
      }
      case K.IDENTIFIER: {
        this.i++;
        if (this.kinds[this.i] === K.LPAREN) {
          const args = this.args();
          return { kind: "CallExpr", span: { start: this.starts[i], end: this.ends[this.i - 1] }, callee: this.image(i), calleeSpan: this.span(i), args, method: false };
        }
        return { kind: "NameExpr", span: this.span(i), name: this.image(i), encrypted: false };
      }
      case K.LPAREN: {
        this.i++;
        const e = this.expression();
        this.expect(K.RPAREN);
        return e;
      }
    }
    return giveUp();
  }

  private args(): A.Expr[] {
    this.i++; // (
    const out: A.Expr[] = [];
    if (this.kinds[this.i] !== K.RPAREN) {
      out.push(this.expression());
      while (this.kinds[this.i] === K.COMMA) {
        this.i++;
        out.push(this.expression());
      }
    }
    this.expect(K.RPAREN);
    return out;
  }
}
