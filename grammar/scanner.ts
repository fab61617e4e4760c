/**
 * The fast scanner: the tokens of grammar/tokens.ts for well-formed text, without Chevrotain.
 *
 * It follows the lexer's modes and its order of patterns exactly, but it only knows the tokens
 * that a file without syntax errors is made of: at the first place where the Chevrotain lexer
 * would produce an error token (an unknown character, an unclosed string or comment, a bad
 * escape, `#{...}`, a `"` string broken by a line break, ...) it gives up and returns
 * `undefined`, and the caller runs the full lexer and parser, which report the problem.
 *
 * Tokens are kept in parallel typed arrays (kind, start, end): no object per token. Text inside
 * a string is one token per run between interpolations, with its escapes already decoded (in
 * `texts`, in token order), since the syntax tree keeps only the decoded text of such a run.
 */

import * as P from "./patterns.ts";

// ---- token kinds ----
export const EOF = 0;
export const LBRACE = 1;
export const RBRACE = 2;
export const LBRACKET = 3;
export const RBRACKET = 4;
export const LPAREN = 5;
export const RPAREN = 6;
export const COMMA = 7;
export const COLON = 8;
export const EQUALS = 9;
export const STAR = 10;
export const IDENTIFIER = 11;
export const QUOTED_IDENTIFIER = 12;
export const KW_PIPELINE = 13;
export const KW_PARAM = 14;
export const KW_DEFAULT = 15;
export const KW_TRUE = 16;
export const KW_FALSE = 17;
export const NUMBER = 18;
export const DURATION = 19;
export const DATE_TIME = 20;
/** `"` */
export const STRING_OPEN = 21;
/** `"""` */
export const TRIPLE_OPEN = 22;
/** A run of string text, escapes decoded (in `texts`). */
export const STRING_TEXT = 23;
/** `#<` */
export const INTERP_OPEN = 24;
/** `>` */
export const INTERP_CLOSE = 25;
/** `"` or `"""` closing a string. */
export const STRING_CLOSE = 26;
export const EXPR_NUMBER = 27;
export const EXPR_STRING = 28;
export const AT_IDENTIFIER = 29;
export const PLUS = 30;
export const MINUS = 31;
export const SLASH = 32;
export const CARET = 33;
export const DOT = 34;

export interface Scanned {
  /** Tokens 0 to `count - 1` (the last is EOF); the arrays may be longer. */
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** The decoded text of the STRING_TEXT tokens, in order. */
  readonly texts: string[];
  /** `//` and `/* *\/` comments: start and end offsets, in pairs. */
  readonly comments: number[];
}

/** Brackets nested deeper than this are left to the full parser (which limits nesting). */
const MAX_DEPTH = 64;

// The patterns shared with the Chevrotain lexer, sticky: they match exactly at `lastIndex`.
const y = (re: RegExp): RegExp => new RegExp(re.source, "y");
const DATE_TIME_RE = y(P.DATE_TIME);
const BAD_DATE_TIME_RE = y(P.BAD_DATE_TIME);
const DURATION_RE = y(P.DURATION);
const NUMBER_RE = y(P.NUMBER);
const QUOTED_IDENTIFIER_RE = y(P.QUOTED_IDENTIFIER);
const ESCAPE_RE = y(P.ESCAPE);
const EXPR_DSTRING_RE = y(P.EXPR_DSTRING);
const EXPR_SSTRING_RE = y(P.EXPR_SSTRING);
const EXPR_NUMBER_RE = y(P.EXPR_NUMBER);
/** One character of P.WHITE_SPACE. */
const SPACE_RE = new RegExp(`^${P.WHITE_SPACE.source.slice(0, -1)}$`);

function sticky(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** White space as the lexer's `[\s\uFEFF]` sees it (JavaScript's `\s` takes U+FEFF too). */
function isSpace(c: number): boolean {
  if (c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12) return true;
  return c >= 0x80 && SPACE_RE.test(String.fromCharCode(c));
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A character the lexer does not accept in string text (reported as a control character). */
function isBadTextChar(c: number, triple: boolean): boolean {
  return (c < 0x20 && c !== 9 && !(triple && (c === 10 || c === 13))) || c === 0xfffe || c === 0xffff;
}

/** One-character tokens of the main mode, by character code (0: none). */
const PUNCTUATION = new Uint8Array(128);
for (const [ch, kind] of [["{", LBRACE], ["}", RBRACE], ["[", LBRACKET], ["]", RBRACKET], ["(", LPAREN], [")", RPAREN], [",", COMMA], [":", COLON], ["=", EQUALS], ["*", STAR]] as const) {
  PUNCTUATION[ch.charCodeAt(0)] = kind;
}

const KEYWORDS = new Map<string, number>([["pipeline", KW_PIPELINE], ["param", KW_PARAM], ["default", KW_DEFAULT], ["true", KW_TRUE], ["false", KW_FALSE]]);

/** The tokens of a well-formed `.pipe` text, or undefined where the full lexer is needed. */
export function scan(text: string): Scanned | undefined {
  // Typed arrays, grown by doubling: no object, and no boxed number, per token.
  let capacity = Math.max(64, text.length >> 2);
  let kinds = new Uint8Array(capacity);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let count = 0;
  const texts: string[] = [];
  const comments: number[] = [];
  const n = text.length;
  let depth = 0;
  let pos = 0;

  const push = (kind: number, start: number, end: number): void => {
    if (count === capacity) {
      capacity *= 2;
      const k = new Uint8Array(capacity);
      k.set(kinds);
      kinds = k;
      const s = new Int32Array(capacity);
      s.set(starts);
      starts = s;
      const e = new Int32Array(capacity);
      e.set(ends);
      ends = e;
    }
    kinds[count] = kind;
    starts[count] = start;
    ends[count] = end;
    count++;
  };
  /** A run of string text from `start` to `end`: `decoded` (up to `segStart`), then the rest as written. */
  const pushRun = (start: number, end: number, decoded: string, segStart: number): void => {
    if (end === start) return;
    texts.push(decoded + text.slice(segStart, end));
    push(STRING_TEXT, start, end);
  };

  /** `#<...>` from just after `#<` to just after `>`; -1 where the full lexer is needed. */
  const expression = (from: number, triple: boolean): number => {
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 62) {
        push(INTERP_CLOSE, i, i + 1);
        return i + 1;
      }
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      if (isSpace(c)) {
        // A line break ends a "..." string (an error); a `"""` string's expression may span lines.
        if (!triple) return -1;
        i++;
        continue;
      }
      let end: number;
      let kind: number;
      switch (c) {
        case 34: // "
          if (triple && text.startsWith('"""', i)) return -1;
          end = sticky(EXPR_DSTRING_RE, text, i);
          kind = EXPR_STRING;
          break;
        case 39: // '
          end = sticky(EXPR_SSTRING_RE, text, i);
          kind = EXPR_STRING;
          break;
        case 64: // @
          if (!isIdentStart(text.charCodeAt(i + 1))) return -1;
          end = i + 2;
          while (end < n && isIdentPart(text.charCodeAt(end))) end++;
          kind = AT_IDENTIFIER;
          break;
        case 43: end = i + 1; kind = PLUS; break;
        case 45: end = i + 1; kind = MINUS; break;
        case 42: end = i + 1; kind = STAR; break;
        case 47: end = i + 1; kind = SLASH; break;
        case 94: end = i + 1; kind = CARET; break;
        case 44: end = i + 1; kind = COMMA; break;
        case 40:
          if (++depth > MAX_DEPTH) return -1;
          end = i + 1;
          kind = LPAREN;
          break;
        case 41:
          depth--;
          end = i + 1;
          kind = RPAREN;
          break;
        default:
          if (isDigit(c) || c === 46) {
            end = sticky(EXPR_NUMBER_RE, text, i);
            kind = EXPR_NUMBER;
            if (end < 0 && c === 46) {
              end = i + 1;
              kind = DOT;
            }
          } else if (isIdentStart(c)) {
            end = i + 1;
            while (end < n && isIdentPart(text.charCodeAt(end))) end++;
            kind = IDENTIFIER;
          } else return -1;
      }
      if (end < 0) return -1;
      push(kind, i, end);
      i = end;
    }
    return -1;
  };

  /** `#<` at `at`, then the expression: the offset after its `>`, or -1. */
  const interpolation = (at: number, triple: boolean): number => {
    push(INTERP_OPEN, at, at + 2);
    return expression(at + 2, triple);
  };

  /** A "..." string from its opening quote; the offset after it, or -1. */
  const doubleString = (open: number): number => {
    push(STRING_OPEN, open, open + 1);
    let runStart = open + 1;
    let segStart = runStart;
    let decoded = "";
    let i = runStart;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        pushRun(runStart, i, decoded, segStart);
        push(STRING_CLOSE, i, i + 1);
        return i + 1;
      }
      if (c === 92) {
        const end = sticky(ESCAPE_RE, text, i);
        if (end < 0) return -1;
        const d = P.decodeEscape(text.slice(i, end));
        if (d === undefined) return -1;
        decoded += text.slice(segStart, i) + d;
        i = end;
        segStart = i;
        continue;
      }
      if (c === 35) {
        const next = text.charCodeAt(i + 1);
        if (next === 123) return -1; // `#{...}`: Data Pipeline syntax, an error in .pipe
        if (next === 60) {
          pushRun(runStart, i, decoded, segStart);
          i = interpolation(i, false);
          if (i < 0) return -1;
          runStart = segStart = i;
          decoded = "";
          continue;
        }
      }
      if (c === 10 || c === 13 || isBadTextChar(c, false)) return -1;
      i++;
    }
    return -1;
  };

  /** A """...""" string from its opening quotes; the offset after it, or -1. */
  const tripleString = (open: number): number => {
    push(TRIPLE_OPEN, open, open + 3);
    let runStart = open + 3;
    let segStart = runStart;
    let decoded = "";
    let i = runStart;
    // At the start of a token, `"""` closes the string even when more quotes follow; inside a
    // run of text, the last three quotes of a run close it.
    let tokenStart = true;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34 && text.charCodeAt(i + 1) === 34 && text.charCodeAt(i + 2) === 34 && (tokenStart || text.charCodeAt(i + 3) !== 34)) {
        pushRun(runStart, i, decoded, segStart);
        push(STRING_CLOSE, i, i + 3);
        return i + 3;
      }
      tokenStart = false;
      if (c === 92 && text.charCodeAt(i + 1) === 35) {
        const next = text.charCodeAt(i + 2);
        if (next === 60 || next === 123) {
          decoded += text.slice(segStart, i) + (next === 60 ? "#<" : "#{");
          i += 3;
          segStart = i;
          tokenStart = true;
          continue;
        }
      }
      if (c === 35) {
        const next = text.charCodeAt(i + 1);
        if (next === 123) return -1;
        if (next === 60) {
          pushRun(runStart, i, decoded, segStart);
          i = interpolation(i, true);
          if (i < 0) return -1;
          runStart = segStart = i;
          decoded = "";
          tokenStart = true;
          continue;
        }
      }
      if (isBadTextChar(c, true)) return -1;
      i++;
    }
    return -1;
  };

  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (isSpace(c)) {
      pos++;
      continue;
    }
    const single = c < 128 ? PUNCTUATION[c] : 0;
    if (single !== 0) {
      if (single === LBRACE || single === LBRACKET || single === LPAREN) {
        if (++depth > MAX_DEPTH) return undefined;
      } else if (single === RBRACE || single === RBRACKET || single === RPAREN) depth--;
      push(single, pos, ++pos);
      continue;
    }
    switch (c) {
      case 47: {
        const next = text.charCodeAt(pos + 1);
        let end: number;
        if (next === 47) {
          end = pos + 2;
          while (end < n) {
            const d = text.charCodeAt(end);
            if (d === 10 || d === 13) break;
            end++;
          }
        } else if (next === 42) {
          const close = text.indexOf("*/", pos + 2);
          if (close < 0) return undefined;
          end = close + 2;
        } else return undefined;
        comments.push(pos, end);
        pos = end;
        continue;
      }
      case 34: {
        const end = text.startsWith('"""', pos) ? tripleString(pos) : doubleString(pos);
        if (end < 0) return undefined;
        pos = end;
        continue;
      }
      case 96: {
        const end = sticky(QUOTED_IDENTIFIER_RE, text, pos);
        if (end < 0) return undefined;
        push(QUOTED_IDENTIFIER, pos, end);
        pos = end;
        continue;
      }
    }
    if (isIdentStart(c)) {
      let end = pos + 1;
      while (end < n && isIdentPart(text.charCodeAt(end))) end++;
      const kw = end - pos >= 4 && end - pos <= 8 ? KEYWORDS.get(text.slice(pos, end)) : undefined;
      push(kw ?? IDENTIFIER, pos, end);
      pos = end;
      continue;
    }
    if (isDigit(c) || c === 45 || c === 46) {
      // In the lexer's order: date-time, a malformed date (an error), duration, number.
      let end = -1;
      let kind = NUMBER;
      if (isDigit(c)) {
        end = sticky(DATE_TIME_RE, text, pos);
        kind = DATE_TIME;
        if (end < 0) {
          if (sticky(BAD_DATE_TIME_RE, text, pos) >= 0) return undefined;
          end = sticky(DURATION_RE, text, pos);
          kind = DURATION;
        }
      }
      if (end < 0) {
        end = sticky(NUMBER_RE, text, pos);
        kind = NUMBER;
      }
      if (end < 0) return undefined;
      push(kind, pos, end);
      pos = end;
      continue;
    }
    return undefined;
  }
  push(EOF, n, n);
  return { count, kinds, starts, ends, texts, comments };
}
