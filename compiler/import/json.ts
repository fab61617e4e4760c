/**
 * A lenient JSON reader that keeps positions. Strict JSON, plus what hand-written definition
 * files contain in practice: trailing commas, raw line breaks inside strings, `//` and `/* *\/`
 * comments and duplicate keys. Each of those is reported as a coded warning; real syntax errors
 * are coded errors. The reader never throws: it recovers and returns whatever it could read.
 */
import type { Span } from "../source/source.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import { MAX_SYNTAX_ERRORS } from "../ast/lexer-diagnostics.ts";
import { importDiagnostic } from "./codes.ts";

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

export interface JsonMember {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonNode;
  readonly span: Span;
}

export interface JsonObject {
  readonly kind: "object";
  readonly span: Span;
  /** Members in source order; duplicate keys are all kept (and reported). */
  readonly members: readonly JsonMember[];
}

export interface JsonArray {
  readonly kind: "array";
  readonly span: Span;
  readonly items: readonly JsonNode[];
}

export interface JsonString {
  readonly kind: "string";
  readonly span: Span;
  readonly value: string;
  /** Offset in the file of each character of `value` (plus one entry for the end). */
  readonly offsets: readonly number[];
}

export interface JsonNumber {
  readonly kind: "number";
  readonly span: Span;
  readonly raw: string;
}

export interface JsonBoolean {
  readonly kind: "boolean";
  readonly span: Span;
  readonly value: boolean;
}

export interface JsonNull {
  readonly kind: "null";
  readonly span: Span;
}

export interface JsonReadResult {
  /** Undefined only when the text holds no value at all. */
  readonly value: JsonNode | undefined;
  readonly diagnostics: Diagnostic[];
}

/** Objects and arrays nested deeper than this are not read (bounded recursion). */
export const MAX_JSON_DEPTH = 200;

/** A number or a literal word, read where `lastIndex` points (all of it, however long). */
const WORD = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

export function readJson(file: string, text: string): JsonReadResult {
  return new Reader(file, text).run();
}

/** The members of an object by key; the last occurrence wins (as in the AWS CLI). */
export function member(o: JsonObject, key: string): JsonMember | undefined {
  for (let i = o.members.length - 1; i >= 0; i--) if (o.members[i].key === key) return o.members[i];
  return undefined;
}

class Reader {
  private pos = 0;
  private readonly diagnostics: Diagnostic[] = [];
  private dropped = 0;
  private readonly file: string;
  private readonly text: string;

  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
  }

  run(): JsonReadResult {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skip();
    if (this.pos >= this.text.length) {
      this.error({ start: this.pos, end: this.pos }, "the file holds no JSON value");
      return { value: undefined, diagnostics: this.diagnostics };
    }
    const value = this.value(0);
    this.skip();
    if (this.pos < this.text.length) {
      this.error({ start: this.pos, end: this.text.length }, "unexpected text after the JSON value");
    }
    if (this.dropped > 0) this.diagnostics.push(diagnostic("PIPE1010", this.file, { start: this.text.length, end: this.text.length }, `${this.dropped} more JSON error${this.dropped === 1 ? "" : "s"} in this file not shown`));
    return { value, diagnostics: this.diagnostics };
  }

  /** Keeps the first MAX_SYNTAX_ERRORS findings as they are made; the rest are counted. */
  private report(d: Diagnostic): void {
    if (this.diagnostics.length >= MAX_SYNTAX_ERRORS) {
      this.dropped++;
      return;
    }
    // A span may run past the end of a truncated file: keep it inside.
    const n = this.text.length;
    const start = Math.min(Math.max(0, d.span.start), n);
    this.diagnostics.push(d.span.start === start && d.span.end <= n ? d : { ...d, span: { start, end: Math.min(Math.max(start, d.span.end), n) } });
  }

  private error(span: Span, message: string): void {
    this.report(importDiagnostic("PIPE5150", this.file, span, message));
  }

  /** Skips white space and comments (comments are reported once each). */
  private skip(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) {
        this.pos++;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 47) {
        const start = this.pos;
        while (this.pos < t.length && t.charCodeAt(this.pos) !== 10 && t.charCodeAt(this.pos) !== 13) this.pos++;
        this.report(importDiagnostic("PIPE5154", this.file, { start, end: this.pos }, "comments are not JSON; the AWS CLI rejects this file"));
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        const start = this.pos;
        const end = t.indexOf("*/", this.pos + 2);
        this.pos = end < 0 ? t.length : end + 2;
        if (end < 0) this.error({ start, end: start + 2 }, "this `/*` comment is not closed");
        else this.report(importDiagnostic("PIPE5154", this.file, { start, end: this.pos }, "comments are not JSON; the AWS CLI rejects this file"));
      } else return;
    }
  }

  private value(depth: number): JsonNode {
    const t = this.text;
    const start = this.pos;
    const c = t[this.pos];
    if (c === "{" || c === "[") {
      if (depth >= MAX_JSON_DEPTH) return this.skipDeep(start);
      return c === "{" ? this.object(depth) : this.array(depth);
    }
    if (c === '"') return this.string();
    WORD.lastIndex = this.pos;
    const word = WORD.exec(t);
    if (word) {
      this.pos += word[0].length;
      const span = { start, end: this.pos };
      if (word[0] === "true" || word[0] === "false") return { kind: "boolean", span, value: word[0] === "true" };
      if (word[0] === "null") return { kind: "null", span };
      return { kind: "number", span, raw: word[0] };
    }
    if (c === "'") {
      // A single-quoted string: read it as a string, report it.
      this.error({ start, end: start + 1 }, "strings in JSON are written in double quotes");
      return this.string("'");
    }
    // Unknown token: skip to the next structural character.
    let end = this.pos;
    while (end < t.length && !/[,:{}[\]\s"]/.test(t[end])) end++;
    if (end === this.pos) end = Math.min(t.length, this.pos + 1);
    this.error({ start, end: Math.max(end, start + 1) }, this.pos >= t.length ? "expected a value before the end of the file" : `expected a value, found \`${t.slice(start, Math.min(end, start + 20))}\``);
    if (c !== "}" && c !== "]" && c !== "," && c !== ":") this.pos = end;
    return { kind: "null", span: { start, end: Math.max(start, this.pos) } };
  }

  private skipDeep(start: number): JsonNode {
    let depth = 0;
    let inString = false;
    const t = this.text;
    for (; this.pos < t.length; this.pos++) {
      const c = t[this.pos];
      if (inString) {
        if (c === "\\") this.pos++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) {
          this.pos++;
          break;
        }
      }
    }
    this.report(importDiagnostic("PIPE5162", this.file, { start, end: start + 1 }, `objects and arrays are nested more than ${MAX_JSON_DEPTH} deep here; the nested part was not read`));
    return { kind: "null", span: { start, end: this.pos } };
  }

  private object(depth: number): JsonObject {
    const t = this.text;
    const start = this.pos++;
    const members: JsonMember[] = [];
    const seen = new Map<string, Span>();
    let lastComma = -1;
    for (;;) {
      this.skip();
      if (this.pos >= t.length) {
        this.error({ start, end: start + 1 }, "this `{` is not closed");
        break;
      }
      const c = t[this.pos];
      if (c === "}") {
        if (lastComma >= 0) this.report(importDiagnostic("PIPE5151", this.file, { start: lastComma, end: lastComma + 1 }, "a trailing comma is not JSON; the AWS CLI rejects this file"));
        this.pos++;
        break;
      }
      if (members.length > 0 && lastComma < 0) {
        if (c === "]") {
          this.error({ start: this.pos, end: this.pos + 1 }, "expected `}` to close the object");
          this.pos++;
          break;
        }
        this.error({ start: this.pos, end: this.pos + 1 }, "expected `,` or `}` after an object member");
      }
      if (c !== '"' && c !== "'") {
        if (c === "]" ) {
          this.error({ start: this.pos, end: this.pos + 1 }, "expected `}` to close the object");
          this.pos++;
          break;
        }
        // Unquoted key or junk: skip one token and try again.
        const m = /^[A-Za-z_$][\w$]*/.exec(t.slice(this.pos, this.pos + 200));
        this.error({ start: this.pos, end: this.pos + (m ? m[0].length : 1) }, m ? `object keys are written in double quotes: "${m[0]}"` : `expected a key in double quotes, found \`${c}\``);
        if (!m) {
          this.pos++;
          lastComma = -1;
          continue;
        }
        const keySpan = { start: this.pos, end: this.pos + m[0].length };
        this.pos += m[0].length;
        this.member(members, seen, m[0], keySpan, depth);
      } else {
        const key = this.string(c);
        this.member(members, seen, key.value, key.span, depth);
      }
      this.skip();
      if (t[this.pos] === ",") {
        lastComma = this.pos;
        this.pos++;
      } else lastComma = -1;
    }
    return { kind: "object", span: { start, end: this.pos }, members };
  }

  private member(members: JsonMember[], seen: Map<string, Span>, key: string, keySpan: Span, depth: number): void {
    this.skip();
    let value: JsonNode;
    if (this.text[this.pos] === ":") {
      this.pos++;
      this.skip();
      value = this.value(depth + 1);
    } else {
      this.error({ start: keySpan.end, end: keySpan.end }, `expected \`:\` after the key "${key}"`);
      value = { kind: "null", span: { start: keySpan.end, end: keySpan.end } };
    }
    const first = seen.get(key);
    if (first) {
      this.report(
        importDiagnostic("PIPE5153", this.file, keySpan, `the key "${key}" appears more than once in this object`, {
          related: [{ message: "first occurrence", file: this.file, span: first }],
        }),
      );
    } else seen.set(key, keySpan);
    members.push({ key, keySpan, value, span: { start: keySpan.start, end: value.span.end } });
  }

  private array(depth: number): JsonArray {
    const t = this.text;
    const start = this.pos++;
    const items: JsonNode[] = [];
    let lastComma = -1;
    for (;;) {
      this.skip();
      if (this.pos >= t.length) {
        this.error({ start, end: start + 1 }, "this `[` is not closed");
        break;
      }
      const c = t[this.pos];
      if (c === "]") {
        if (lastComma >= 0) this.report(importDiagnostic("PIPE5151", this.file, { start: lastComma, end: lastComma + 1 }, "a trailing comma is not JSON; the AWS CLI rejects this file"));
        this.pos++;
        break;
      }
      if (c === "}") {
        this.error({ start: this.pos, end: this.pos + 1 }, "expected `]` to close the array");
        this.pos++;
        break;
      }
      if (items.length > 0 && lastComma < 0) this.error({ start: this.pos, end: this.pos + 1 }, "expected `,` or `]` after an array element");
      if (c === ",") {
        this.error({ start: this.pos, end: this.pos + 1 }, "expected a value before `,`");
        this.pos++;
        lastComma = -1;
        continue;
      }
      const before = this.pos;
      items.push(this.value(depth + 1));
      if (this.pos === before) this.pos++;
      this.skip();
      if (t[this.pos] === ",") {
        lastComma = this.pos;
        this.pos++;
      } else lastComma = -1;
    }
    return { kind: "array", span: { start, end: this.pos }, items };
  }

  private string(quote = '"'): JsonString {
    const t = this.text;
    const start = this.pos++;
    let value = "";
    const offsets: number[] = [];
    let reportedBreak = false;
    let reportedControl = false;
    for (;;) {
      if (this.pos >= t.length) {
        this.error({ start, end: start + 1 }, "this string is not closed before the end of the file");
        break;
      }
      const ch = t[this.pos];
      const code = t.charCodeAt(this.pos);
      if (ch === quote) {
        this.pos++;
        break;
      }
      if (ch === "\\") {
        const esc = t[this.pos + 1];
        const at = this.pos;
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", "'": "'" };
        if (esc !== undefined && esc in simple && (esc !== "'" || quote === "'")) {
          value += simple[esc];
          offsets.push(at);
          this.pos += 2;
          continue;
        }
        if (esc === "u" && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
          value += String.fromCharCode(Number.parseInt(t.slice(this.pos + 2, this.pos + 6), 16));
          offsets.push(at);
          this.pos += 6;
          continue;
        }
        this.error({ start: at, end: Math.min(t.length, at + 2) }, `\`${t.slice(at, at + 2)}\` is not a JSON escape; the backslash is kept`);
        value += "\\";
        offsets.push(at);
        this.pos++;
        continue;
      }
      if (code === 10 || code === 13) {
        if (!reportedBreak) {
          this.report(importDiagnostic("PIPE5152", this.file, { start: this.pos, end: this.pos + 1 }, "a raw line break inside a string is not JSON; it is read as a line break (write `\\n`)"));
          reportedBreak = true;
        }
      } else if (code < 0x20 && !reportedControl) {
        this.report(importDiagnostic("PIPE5152", this.file, { start: this.pos, end: this.pos + 1 }, `a raw control character U+${code.toString(16).toUpperCase().padStart(4, "0")} inside a string is not JSON`));
        reportedControl = true;
      }
      value += ch;
      offsets.push(this.pos);
      this.pos++;
    }
    offsets.push(Math.max(start + 1, this.pos - 1));
    return { kind: "string", span: { start, end: this.pos }, value, offsets };
  }
}
