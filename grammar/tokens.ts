/**
 * Tokens of the `.pipe` language. Syntax only: nothing here knows about AWS.
 *
 * Lexer modes:
 *   main   declarations, values, punctuation, comments
 *   dstr   inside "..."            (one line; `#<` switches to dexpr)
 *   tstr   inside """..."""        (many lines; `#<` switches to texpr)
 *   dexpr  an expression in "..."  (`>` switches back to dstr; `"` or a line break ends the string)
 *   texpr  an expression in """""" (`>` switches back to tstr; `"""` ends the string)
 * Switching (pop + push) instead of nesting keeps the mode stack at most two deep, so a broken
 * string or expression never swallows the rest of the file.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";
import * as P from "./patterns.ts";

/**
 * First characters for patterns that start with a complement set (`[^...]`), which Chevrotain
 * cannot analyse: without a hint, one such token switches off the lexer's first-character
 * optimisation for every mode. Chevrotain buckets char codes above 255 by 255, so one
 * character per bucket covers the rest of the BMP (surrogates included).
 */
function anyCharExcept(excluded: string): string[] {
  const out: string[] = [];
  for (let c = 0; c < 256; c++) if (!excluded.includes(String.fromCharCode(c))) out.push(String.fromCharCode(c));
  let bucket = -1;
  for (let c = 256; c < 65536; c++) {
    const b = Math.floor(c / 255);
    if (b !== bucket) out.push(String.fromCharCode(c));
    bucket = b;
  }
  return out;
}
const ANY_START = anyCharExcept("");

// ---- categories (abstract tokens the parser matches on) ----
export const StringOpen = createToken({ name: "StringOpen", pattern: Lexer.NA });
export const StringClose = createToken({ name: "StringClose", pattern: Lexer.NA });
export const StringPart = createToken({ name: "StringPart", pattern: Lexer.NA });
export const InterpOpen = createToken({ name: "InterpOpen", pattern: Lexer.NA });
export const InterpClose = createToken({ name: "InterpClose", pattern: Lexer.NA });
export const ExprString = createToken({ name: "ExprString", pattern: Lexer.NA });
/** Words that are keywords in some places but may name a field or map key. */
export const Word = createToken({ name: "Word", pattern: Lexer.NA });

// ---- main mode ----
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: P.WHITE_SPACE, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });
export const UnterminatedBlockComment = createToken({ name: "UnterminatedBlockComment", pattern: /\/\*[\s\S]*/, group: "errors", line_breaks: true });

export const TripleQuote = createToken({ name: "TripleQuote", pattern: '"""', push_mode: "tstr", categories: [StringOpen] });
export const DoubleQuote = createToken({ name: "DoubleQuote", pattern: '"', push_mode: "dstr", categories: [StringOpen] });

/** A line that reads as code rather than text: a field, a declaration or a closing bracket. */
const CODE_LINE = /^\s*(?:[*A-Za-z_`][\w`-]*(?:\s+[A-Za-z_`][\w` -]*)?\s*[=:{]|[}\])])/;
/** What may follow the closing quote of a string on its line. */
const STRING_END_REST = /^[\s,\]})]*(?:\/\/.*)?$/;

/**
 * A `"` string that is not closed on its line but on a later one, with only text in between
 * (`command = "echo one` / `  echo two"`): one token, so that the mistake costs one error (the
 * AST builder reports it, with a fix that makes it a triple-quoted string). Cheap for ordinary
 * strings: when a `"` follows on the same line, this does not match.
 */
function matchMultiLineString(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 34 || text.startsWith('"""', offset)) return null;
  const quote = text.indexOf('"', offset + 1);
  if (quote === -1) return null;
  const lineEnd = nextLineEnd(text, offset, quote);
  if (lineEnd === quote) return null; // a `"` follows on the same line: an ordinary string
  let start = lineEnd;
  for (let lines = 0; lines < 50 && start < text.length; lines++) {
    start += text.startsWith("\r\n", start) ? 2 : 1;
    const end = nextLineEnd(text, start);
    const line = text.slice(start, end);
    const q = line.indexOf('"');
    if (q === -1) {
      if (CODE_LINE.test(line)) return null;
    } else {
      if (line[q - 1] === "\\" || CODE_LINE.test(line.slice(0, q)) || !STRING_END_REST.test(line.slice(q + 1))) return null;
      const match = [text.slice(offset, start + q + 1)] as unknown as RegExpExecArray;
      match.index = offset;
      return match;
    }
    start = end;
  }
  return null;
}

/** Offset of the first line break at or after `from`, or `limit` if there is none before it. */
function nextLineEnd(text: string, from: number, limit = text.length): number {
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return limit;
}

export const MultiLineString = createToken({
  name: "MultiLineString",
  pattern: { exec: matchMultiLineString },
  line_breaks: true,
  start_chars_hint: ['"'],
  categories: [StringOpen],
});

export const LBrace = createToken({ name: "LBrace", pattern: "{" });
export const RBrace = createToken({ name: "RBrace", pattern: "}" });
export const LBracket = createToken({ name: "LBracket", pattern: "[" });
export const RBracket = createToken({ name: "RBracket", pattern: "]" });
export const LParen = createToken({ name: "LParen", pattern: "(" });
export const RParen = createToken({ name: "RParen", pattern: ")" });
export const Comma = createToken({ name: "Comma", pattern: "," });
export const Colon = createToken({ name: "Colon", pattern: ":" });
export const Equals = createToken({ name: "Equals", pattern: "=" });
export const Star = createToken({ name: "Star", pattern: "*" });

export const DateTime = createToken({
  name: "DateTime",
  pattern: P.DATE_TIME,
});
export const Duration = createToken({
  name: "Duration",
  pattern: P.DURATION,
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
});
/** A date without its time, or with a space for the `T`: an error with a message that shows the form. */
export const BadDateTime = createToken({
  name: "BadDateTime",
  pattern: P.BAD_DATE_TIME,
  group: "errors",
});
export const NumberLit = createToken({ name: "Number", pattern: P.NUMBER });
/** Digits run into letters or dots (`1day`, `1.2.3`, `0x1F`): not a number; one error. */
export const BadNumber = createToken({ name: "BadNumber", pattern: /-?\.?\d[\w.]*/, group: "errors" });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Word] });
const keyword = (name: string, word: string, categories: TokenType[] = [Word]): TokenType =>
  createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, categories });
export const PipelineKw = keyword("Pipeline", "pipeline");
export const ParamKw = keyword("Param", "param");
export const DefaultKw = keyword("Default", "default");
export const TrueKw = keyword("True", "true", []);
export const FalseKw = keyword("False", "false", []);

export const QuotedIdentifier = createToken({ name: "QuotedIdentifier", pattern: P.QUOTED_IDENTIFIER, categories: [Word] });
/**
 * A backtick without its closing backtick on the line: the name runs to the last word before
 * `{ } [ ] = : , "` or the line end, so that `Thing \`My Node {` still opens a body.
 */
export const UnterminatedQuotedIdentifier = createToken({
  name: "UnterminatedQuotedIdentifier",
  pattern: /`(?:[^`\\\s{}[\]=:,"]|\\[^\r\n]|[ \t]+(?=[^\s`{}[\]=:,"]))*/,
  group: "errors",
});
/** `'text'`: strings are double-quoted in .pipe (one error, with a fix). */
export const SingleQuoted = createToken({ name: "SingleQuoted", pattern: /'(?:[^'\\\r\n]|\\[^\r\n])*'?/, group: "errors" });
/** `# text` to the end of the line: a shell or YAML comment (one error, with a fix). */
export const HashComment = createToken({ name: "HashComment", pattern: /#(?![<{])[^\r\n]*/, group: "errors" });
export const Unknown = createToken({ name: "Unknown", pattern: /[^\s]/, group: "errors", start_chars_hint: ANY_START });

// ---- strings ----
export const StringText = createToken({ name: "StringText", pattern: /(?:[^"\\#\r\n]|#(?![<{]))+/, categories: [StringPart], start_chars_hint: anyCharExcept('"\\\r\n') });
export const TripleStringText = createToken({
  name: "TripleStringText",
  pattern: /(?:[^"\\#]|"(?!""(?!"))|\\(?!#[<{])|#(?![<{]))+/,
  categories: [StringPart],
  start_chars_hint: ANY_START,
  line_breaks: true,
});
export const Escape = createToken({
  name: "Escape",
  pattern: P.ESCAPE,
  categories: [StringPart],
});
export const TripleEscape = createToken({ name: "TripleEscape", pattern: /\\#[<{]/, categories: [StringPart] });
export const BadEscape = createToken({ name: "BadEscape", pattern: /\\[^\r\n]?/, categories: [StringPart] });
/** A Data Pipeline style `#{...}` (an error in .pipe; the fix rewrites it). */
export const LegacyInterp = createToken({ name: "LegacyInterp", pattern: /#\{[^}"\r\n]*\}?/, categories: [StringPart] });
export const DoubleQuoteEnd = createToken({ name: "DoubleQuoteEnd", pattern: '"', pop_mode: true, categories: [StringClose] });
/** A line break inside "...": the string is unterminated; lexing resumes in main mode. */
export const StringBreak = createToken({ name: "StringBreak", pattern: /\r\n|\r|\n/, pop_mode: true, categories: [StringClose], line_breaks: true });
export const TripleQuoteEnd = createToken({ name: "TripleQuoteEnd", pattern: '"""', pop_mode: true, categories: [StringClose] });

export const DStrInterpStart = createToken({ name: "DStrInterpStart", pattern: "#<", pop_mode: true, push_mode: "dexpr", categories: [InterpOpen] });
export const TStrInterpStart = createToken({ name: "TStrInterpStart", pattern: "#<", pop_mode: true, push_mode: "texpr", categories: [InterpOpen] });

// ---- expressions ----
export const ExprSpace = createToken({ name: "ExprSpace", pattern: /[ \t]+/, group: Lexer.SKIPPED });
export const ExprNewlineSpace = createToken({ name: "ExprNewlineSpace", pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
export const DExprEnd = createToken({ name: "DExprEnd", pattern: ">", pop_mode: true, push_mode: "dstr", categories: [InterpClose] });
export const TExprEnd = createToken({ name: "TExprEnd", pattern: ">", pop_mode: true, push_mode: "tstr", categories: [InterpClose] });
/** `"` that does not open a complete string inside #<...>: ends the outer "..." string. */
export const DExprAbort = createToken({ name: "DExprAbort", pattern: '"', pop_mode: true, categories: [StringClose] });
export const DExprBreak = createToken({ name: "DExprBreak", pattern: /\r\n|\r|\n/, pop_mode: true, categories: [StringClose], line_breaks: true });
export const TExprAbort = createToken({ name: "TExprAbort", pattern: '"""', pop_mode: true, categories: [StringClose] });
export const ExprDString = createToken({ name: "ExprDString", pattern: P.EXPR_DSTRING, categories: [ExprString] });
export const ExprSString = createToken({ name: "ExprSString", pattern: P.EXPR_SSTRING, categories: [ExprString] });
/** A quote in an expression without its closing quote before `>`, the outer string's end or the line end. */
export const ExprUnterminatedString = createToken({ name: "ExprUnterminatedString", pattern: /'(?:[^'\\\r\n>"]|\\[^\r\n])*/, group: "errors" });
export const ExprNumber = createToken({ name: "ExprNumber", pattern: P.EXPR_NUMBER });
export const AtIdentifier = createToken({ name: "AtIdentifier", pattern: /@[A-Za-z_][A-Za-z0-9_]*/ });
export const Plus = createToken({ name: "Plus", pattern: "+" });
export const Minus = createToken({ name: "Minus", pattern: "-" });
export const Slash = createToken({ name: "Slash", pattern: "/" });
export const Caret = createToken({ name: "Caret", pattern: "^" });
export const Dot = createToken({ name: "Dot", pattern: "." });
export const ExprUnknown = createToken({ name: "ExprUnknown", pattern: /[^\s]/, group: "errors", start_chars_hint: ANY_START });

const exprCommon: TokenType[] = [
  ExprDString, ExprSString, ExprUnterminatedString, ExprNumber, AtIdentifier, Identifier,
  Plus, Minus, Star, Slash, Caret, LParen, RParen, Comma, Dot, ExprUnknown,
];

export const lexerDefinition = {
  defaultMode: "main",
  modes: {
    main: [
      WhiteSpace, LineComment, BlockComment, UnterminatedBlockComment,
      TripleQuote, MultiLineString, DoubleQuote,
      LBrace, RBrace, LBracket, RBracket, LParen, RParen, Comma, Colon, Equals, Star,
      DateTime, BadDateTime, Duration, NumberLit, BadNumber,
      PipelineKw, ParamKw, DefaultKw, TrueKw, FalseKw, Identifier,
      QuotedIdentifier, UnterminatedQuotedIdentifier, SingleQuoted, HashComment, Unknown,
    ],
    dstr: [StringText, Escape, BadEscape, LegacyInterp, DStrInterpStart, DoubleQuoteEnd, StringBreak],
    tstr: [TripleQuoteEnd, TripleStringText, TripleEscape, LegacyInterp, TStrInterpStart],
    dexpr: [ExprSpace, DExprEnd, DExprBreak, ...exprCommon.slice(0, 1), DExprAbort, ...exprCommon.slice(1)],
    texpr: [ExprNewlineSpace, TExprEnd, TExprAbort, ...exprCommon],
  },
};

/** Every token type the parser may see (categories first). */
export const allTokens: TokenType[] = [
  StringOpen, StringClose, StringPart, InterpOpen, InterpClose, ExprString, Word,
  WhiteSpace, LineComment, BlockComment, UnterminatedBlockComment,
  TripleQuote, MultiLineString, DoubleQuote, LBrace, RBrace, LBracket, RBracket, LParen, RParen, Comma, Colon, Equals, Star,
  DateTime, BadDateTime, Duration, NumberLit, BadNumber, PipelineKw, ParamKw, DefaultKw, TrueKw, FalseKw, Identifier,
  QuotedIdentifier, UnterminatedQuotedIdentifier, SingleQuoted, HashComment, Unknown,
  StringText, TripleStringText, Escape, TripleEscape, BadEscape, LegacyInterp, DoubleQuoteEnd, StringBreak, TripleQuoteEnd,
  DStrInterpStart, TStrInterpStart,
  ExprSpace, ExprNewlineSpace, DExprEnd, TExprEnd, DExprAbort, DExprBreak, TExprAbort, ExprDString, ExprSString, ExprUnterminatedString, ExprNumber,
  AtIdentifier, Plus, Minus, Slash, Caret, Dot, ExprUnknown,
];
