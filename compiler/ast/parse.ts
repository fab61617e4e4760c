/** Source text -> AST + syntax diagnostics, in one pass that reports every error it can. */
import type { IToken } from "chevrotain";
import { lex } from "../../grammar/lexer.ts";
import { parsePipelineTokens } from "../../grammar/parser.ts";
import { PipelineKw, Identifier, LBrace, QuotedIdentifier } from "../../grammar/tokens.ts";
import { createTokenInstance, type CstNode, type IRecognitionException, type TokenType } from "chevrotain";
import { code, describeFound, explain } from "../../grammar/syntax-messages.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SourceFile, Span } from "../source/source.ts";
import { AstBuilder } from "./build.ts";
import type * as A from "./nodes.ts";

/** Brackets nested deeper than this are not parsed (the parser recurses per level). */
export const MAX_NESTING = 64;
/** Syntax errors reported per file before the rest are summarised. */
export const MAX_SYNTAX_ERRORS = 100;

export interface ParseResult {
  readonly ast: A.PipeFile;
  readonly diagnostics: Diagnostic[];
}

const OPENERS = new Set(["LBrace", "LBracket", "LParen"]);
const CLOSERS = new Set(["RBrace", "RBracket", "RParen"]);

function tokEnd(t: IToken): number {
  return (t.endOffset ?? t.startOffset + t.image.length - 1) + 1;
}

export function parse(source: SourceFile): ParseResult {
  const file = source.path;
  const text = source.text;
  const diagnostics: Diagnostic[] = [];
  const lexed = lex(text);

  // Lexer errors: runs of unknown characters become one diagnostic each.
  let run: { start: number; end: number; expr: boolean } | undefined;
  const flushRun = (): void => {
    if (!run) return;
    const chars = text.slice(run.start, run.end);
    const shown = chars.length > 20 ? `${chars.slice(0, 20)}...` : chars;
    diagnostics.push(
      diagnostic("PIPE0001", file, run, run.expr ? `\`${shown}\` cannot appear in an expression` : `unexpected character${chars.length > 1 ? "s" : ""} \`${shown}\``, {
        hint: run.expr
          ? "expressions use names, `@runtime` fields, numbers, quoted strings, `+ - * / ^`, `.` and function calls"
          : chars === ";"
            ? "fields and declarations end at white space; no `;` is needed"
            : undefined,
      }),
    );
    run = undefined;
  };
  let unclosedNames: IToken[] | undefined;
  for (const t of lexed.errorTokens) {
    const name = t.tokenType.name;
    const s: Span = { start: t.startOffset, end: tokEnd(t) };
    if (name === "Unknown" || name === "ExprUnknown") {
      const expr = name === "ExprUnknown";
      if (run && run.end === s.start && run.expr === expr) run.end = s.end;
      else {
        flushRun();
        run = { ...s, expr };
      }
      continue;
    }
    flushRun();
    if (name === "UnterminatedBlockComment") {
      diagnostics.push(diagnostic("PIPE0004", file, { start: s.start, end: s.start + 2 }, "this `/*` comment is not closed with `*/`"));
    } else if (name === "UnterminatedQuotedIdentifier") {
      diagnostics.push(diagnostic("PIPE0010", file, s, "this quoted name is not closed with a backtick", { hint: "names that are not plain identifiers are written between backticks: `My Node-1`" }));
      (unclosedNames ??= []).push(t);
    } else if (name === "SingleQuoted") {
      const closed = t.image.length > 1 && t.image.endsWith("'");
      const inner = closed ? t.image.slice(1, -1) : t.image.slice(1);
      const rewritten = `"${inner.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`;
      diagnostics.push(
        diagnostic("PIPE0001", file, s, "strings are written between double quotes, not single quotes", {
          fix: { description: `rewrite as ${rewritten.length > 40 ? "a double-quoted string" : rewritten}`, edits: [{ span: s, text: rewritten }] },
        }),
      );
    } else if (name === "HashComment") {
      diagnostics.push(
        diagnostic("PIPE0001", file, s, "`#` does not start a comment in .pipe files", {
          hint: "comments are written `// ...` or `/* ... */`",
          fix: { description: "write the comment with //", edits: [{ span: { start: s.start, end: s.start + 1 }, text: "//" }] },
        }),
      );
    } else if (name === "BadDateTime") {
      diagnostics.push(
        diagnostic("PIPE0009", file, s, `\`${t.image}\` is not a date-time: write \`YYYY-MM-DDTHH:MM:SS\` in UTC`, {
          hint: "for example `2026-01-01T00:00:00`; a trailing `Z` is allowed, other offsets and fractions of seconds are not",
        }),
      );
    } else if (name === "BadNumber") {
      const shown = t.image.length > 30 ? `${t.image.slice(0, 27)}...` : t.image;
      const unit = /^-?\d+([A-Za-z]+)$/.exec(t.image);
      diagnostics.push(
        diagnostic("PIPE0009", file, s, `\`${shown}\` is not a number${unit ? " or a duration" : ""}`, {
          hint: unit ? "write a space between the number and the unit: `1 day`, `15 minutes`" : "numbers are written `42`, `-7`, `0.25` or `1.5e3`",
        }),
      );
    } else if (name === "ExprUnterminatedString") {
      diagnostics.push(diagnostic("PIPE0002", file, s, `this string is not closed with \`${t.image[0]}\` in the expression`));
    }
  }
  flushRun();
  for (const e of lexed.engineErrors) {
    diagnostics.push(diagnostic("PIPE0001", file, { start: e.offset, end: e.offset + Math.max(1, e.length) }, "unexpected input"));
  }

  const lexerErrorStarts = diagnostics.map((d) => d.span.start).sort((a, b) => a - b);
  // An unclosed `\`name` is still a name for the parser (reported once, above).
  const withNames = unclosedNames ? mergeTokens(lexed.tokens, unclosedNames.map(asQuotedName)) : lexed.tokens;
  const tokens = limitNesting(withNames, file, diagnostics);
  const builder = new AstBuilder(file, text, lexerErrorStarts);
  const pipelines: A.Pipeline[] = [];

  const segs = segments(tokens);
  for (let segIndex = 0; segIndex < segs.length; segIndex++) {
    const seg = segs[segIndex];
    if (seg.kind === "junk") {
      const first = seg.tokens[0];
      const last = seg.tokens[seg.tokens.length - 1];
      const second = seg.tokens[1];
      const objectLike = seg.tokens.length >= 3 && first.tokenType.name === "Identifier" && (second.tokenType.name === "Identifier" || second.tokenType.name === "QuotedIdentifier") && seg.tokens[2].tokenType.name === "LBrace";
      const message = objectLike
        ? `the object ${code(`${first.image} ${second.image}`)} is declared outside a \`pipeline\` block`
        : first.tokenType.name === "Param" || first.tokenType.name === "Default"
          ? `${code(first.image)} is declared outside a \`pipeline\` block`
          : first.tokenType.name === "RBrace"
            ? "this `}` closes nothing: the blocks before it are already closed"
            : `expected a \`pipeline\` block, found ${describeFound(first)}`;
      diagnostics.push(
        diagnostic("PIPE1006", file, { start: first.startOffset, end: objectLike ? tokEnd(second) : tokEnd(first) }, message, {
          hint: "declarations live inside `pipeline name { ... }`",
        }),
      );
      continue;
    }
    const { csts, errors } = parseBlock(seg.tokens, text);
    const built = csts.map((c) => builder.pipeline(c));
    const seen = new Set<number>();
    const segEnd = seg.tokens.length > 0 ? tokEnd(seg.tokens[seg.tokens.length - 1]) : text.length;
    const last = segIndex === segs.length - 1 || !segs.slice(segIndex + 1).some((x) => x.kind === "pipeline");
    for (const e of errors) {
      const eof = isEof(e.token);
      const at = eof ? segEnd : e.token.startOffset;
      if (seen.has(at)) continue;
      seen.add(at);
      const prev = previousToken(seg.tokens, e.token);
      // Characters the lexer rejected just before this token already explain the error (at the
      // end of the input: an unclosed comment or triple-quoted string that ran to the end).
      if (lexerErrorBetween(lexerErrorStarts, prev ? tokEnd(prev) : 0, eof && last ? text.length : at)) continue;
      if (eof && last && builder.unclosedToEnd) continue;
      const problem = explain(e, prev, {
        calleeOf: () => calleeBefore(seg.tokens, e.token),
        next: () => seg.tokens[previousIndex(seg.tokens, e.token) + 2],
        end: last ? "the end of the file" : "the next `pipeline` block",
      });
      // A `"` string broken at the line end may have swallowed this block's `}`: one mistake, one error.
      if (problem.code === "PIPE1007" && prev?.tokenType.name === "StringBreak") continue;
      let span: Span;
      if (prev && (eof || (problem.at === "after-previous" && /[\r\n]/.test(text.slice(tokEnd(prev), e.token.startOffset))))) {
        span = { start: tokEnd(prev), end: tokEnd(prev) };
      } else if (!eof) {
        span = { start: e.token.startOffset, end: tokEnd(e.token) };
      } else {
        span = { start: text.length, end: text.length };
      }
      diagnostics.push(diagnostic(problem.code, file, span, problem.message, problem.hint ? { hint: problem.hint } : {}));
    }
    if (built.length === 1) pipelines.push(built[0]);
    else {
      const members = built.flatMap((b) => b.members).sort((a, b) => a.span.start - b.span.start);
      pipelines.push({ ...built[0], span: { start: seg.tokens[0].startOffset, end: segEnd }, members });
    }
  }
  // The builder's findings, except where the parser already reported an error at the same place.
  const parserErrorAt = new Set(diagnostics.filter((d) => d.code.startsWith("PIPE1")).map((d) => d.span.start));
  for (const d of builder.diagnostics) if (!(d.code.startsWith("PIPE1") && parserErrorAt.has(d.span.start))) diagnostics.push(d);
  if (pipelines.length === 0 && diagnostics.length === 0) {
    diagnostics.push(diagnostic("PIPE1011", file, { start: 0, end: 0 }, "this file declares no pipeline", { hint: "declare one with `pipeline name { ... }`" }));
  }
  const shown = limitErrors(diagnostics, file, text.length);

  const comments: A.Comment[] = lexed.comments.map((c) => ({
    kind: "Comment",
    span: { start: c.startOffset, end: tokEnd(c) },
    text: c.image,
    block: c.image.startsWith("/*"),
  }));
  const ast: A.PipeFile = { kind: "File", span: { start: 0, end: text.length }, pipelines, comments };
  return { ast, diagnostics: shown };
}

/** Keeps the first MAX_SYNTAX_ERRORS diagnostics of the file (by position) and counts the rest. */
function limitErrors(diagnostics: Diagnostic[], file: string, length: number): Diagnostic[] {
  if (diagnostics.length <= MAX_SYNTAX_ERRORS) return diagnostics;
  const sorted = [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const rest = sorted.length - MAX_SYNTAX_ERRORS;
  return [
    ...sorted.slice(0, MAX_SYNTAX_ERRORS),
    diagnostic("PIPE1010", file, { start: length, end: length }, `${rest} more syntax error${rest === 1 ? "" : "s"} in this file not shown`),
  ];
}

/** Is there a lexer error starting in [from, to]? (`starts` is sorted.) */
function lexerErrorBetween(starts: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length && starts[lo] <= to;
}

/**
 * Parses one `pipeline` block. When the parser gives up on the block's members (it meets
 * something it cannot skip inside the member list and stops at the first `}` it can take as
 * the end of the block), parsing resumes at the next line that starts a member, so that
 * every error of the file is reported in one pass.
 */
function parseBlock(tokens: IToken[], text: string): { csts: CstNode[]; errors: IRecognitionException[] } {
  const csts: CstNode[] = [];
  const errors: IRecognitionException[] = [];
  let input = tokens;
  let lastStart = 0;
  for (let restarts = 0; ; restarts++) {
    const r = parsePipelineTokens(input, text);
    csts.push(r.cst);
    const collapse = restarts < MAX_SYNTAX_ERRORS ? r.errors.find((e) => gaveUp(e)) : undefined;
    if (!collapse) {
      errors.push(...r.errors);
      break;
    }
    const from = collapse.token.startOffset;
    const kept = r.errors.filter((e) => e !== collapse && (!(e.token.startOffset >= from) || (e.context?.ruleStack?.length ?? 0) > 1));
    // Resume at the token the parser stopped at if a member starts there, else at the next
    // member; always further than the last start, so that the loop ends.
    const at = previousIndex(tokens, collapse.token) + 1;
    const next = restartAt(tokens, Math.max(at, lastStart + 1), text);
    // Input left over after the block ended early follows from an earlier error: that one is reported.
    const consequence = next >= 0 && collapse.name === "NotAllInputParsedException" && kept.some((e) => e.token.startOffset < from);
    errors.push(...kept, ...(consequence ? [] : [collapse]));
    if (next < 0) break;
    lastStart = next;
    input = [fake(PipelineKw), fake(Identifier), fake(LBrace), ...tokens.slice(next)];
  }
  return { csts, errors };
}

/** Did the parser leave the block's member list on this error (and skip the rest of the block)? */
function gaveUp(e: IRecognitionException): boolean {
  if (isEof(e.token)) return false;
  const stack = e.context?.ruleStack ?? [];
  return e.name === "NotAllInputParsedException" || (stack.length === 1 && stack[0] === "pipeline");
}

function fake(type: TokenType): IToken {
  const t = createTokenInstance(type, "", Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN);
  t.isInsertedInRecovery = true;
  return t;
}

/**
 * The first token at or after `from` that begins a line, at the bracket depth where the
 * failure happened, and can begin a member (`name =`, `*name =`, `Type Id {`, `param`,
 * `default {`); -1 when the block ends first.
 */
function restartAt(tokens: IToken[], from: number, text: string): number {
  let depth = 0;
  for (let i = Math.max(from, 1); i < tokens.length; i++) {
    const t = tokens[i];
    const name = t.tokenType.name;
    if (depth === 0 && startsMemberAt(tokens, i) && lineBreakBetween(text, tokens[i - 1], t)) return i;
    if (OPENERS.has(name)) depth++;
    else if (CLOSERS.has(name)) {
      depth--;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

function startsMemberAt(tokens: IToken[], i: number): boolean {
  const n0 = tokens[i].tokenType.name;
  const n1 = tokens[i + 1]?.tokenType.name;
  const n2 = tokens[i + 2]?.tokenType.name;
  if (n0 === "Param") return n1 === "Identifier" || n1 === "Star";
  if (n0 === "Default") return n1 === "LBrace" || n1 === "Equals";
  if (n0 === "Star") return n2 === "Equals";
  if (n0 === "Identifier") return n1 === "Equals" || n1 === "LBrace" || ((n1 === "Identifier" || n1 === "QuotedIdentifier") && n2 === "LBrace");
  if (n0 === "QuotedIdentifier" || n0 === "Pipeline") return n1 === "Equals";
  return false;
}

function lineBreakBetween(text: string, a: IToken, b: IToken): boolean {
  for (let i = tokEnd(a); i < b.startOffset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

function asQuotedName(t: IToken): IToken {
  return { ...t, tokenType: QuotedIdentifier, tokenTypeIdx: QuotedIdentifier.tokenTypeIdx as number };
}

/** Merges two token lists sorted by offset. */
function mergeTokens(a: IToken[], b: IToken[]): IToken[] {
  const out: IToken[] = [];
  let j = 0;
  for (const t of a) {
    while (j < b.length && b[j].startOffset < t.startOffset) out.push(b[j++]);
    out.push(t);
  }
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** The parser's end-of-input token (its offset is -1 or NaN). */
function isEof(t: IToken): boolean {
  return t.tokenType.name === "EOF" || !(t.startOffset >= 0);
}

function previousToken(tokens: IToken[], t: IToken): IToken | undefined {
  const i = previousIndex(tokens, t);
  return i >= 0 ? tokens[i] : undefined;
}

/** Index of the last token that starts before `t` (-1 if none). */
function previousIndex(tokens: IToken[], t: IToken): number {
  if (isEof(t)) return tokens.length - 1;
  let lo = 0;
  let hi = tokens.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < t.startOffset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The function whose `(` is still open where `t` is found (`format` in `#<format(@a, 1>`). */
function calleeBefore(tokens: IToken[], t: IToken): string | undefined {
  let i = previousIndex(tokens, t);
  let depth = 0;
  for (; i >= 0; i--) {
    const name = tokens[i].tokenType.name;
    if (name === "RParen") depth++;
    else if (name === "LParen") {
      if (depth === 0) {
        const before = tokens[i - 1];
        return before?.tokenType.name === "Identifier" ? before.image : undefined;
      }
      depth--;
    } else if (name === "DStrInterpStart" || name === "TStrInterpStart") return undefined;
  }
  return undefined;
}

/** Drops tokens nested deeper than MAX_NESTING, with one diagnostic per dropped run. */
function limitNesting(tokens: IToken[], file: string, diagnostics: Diagnostic[]): IToken[] {
  let depth = 0;
  let dropping = false;
  let out: IToken[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const name = t.tokenType.name;
    const opens = OPENERS.has(name);
    const closes = CLOSERS.has(name);
    if (opens) depth++;
    const tooDeep = depth > MAX_NESTING;
    if (closes) depth = Math.max(0, depth - 1);
    if (tooDeep || (closes && depth >= MAX_NESTING)) {
      if (!out) out = tokens.slice(0, i);
      if (!dropping) {
        diagnostics.push(diagnostic("PIPE1009", file, { start: t.startOffset, end: tokEnd(t) }, `brackets are nested more than ${MAX_NESTING} deep here; the nested part was not read`));
        dropping = true;
      }
      continue;
    }
    dropping = false;
    out?.push(t);
  }
  return out ?? tokens;
}

type Segment = { kind: "pipeline"; tokens: IToken[] } | { kind: "junk"; tokens: IToken[] };

/**
 * Splits the file's tokens into `pipeline` blocks and the runs of tokens between them. A block
 * starts at `pipeline Name` and ends at its matching `}` or where the next block starts.
 */
function segments(tokens: IToken[]): Segment[] {
  const out: Segment[] = [];
  const startsPipeline = (i: number): boolean => {
    if (tokens[i].tokenType.name !== "Pipeline") return false;
    const n1 = tokens[i + 1]?.tokenType.name;
    // `pipeline Name {`, and also `pipeline Name` or `pipeline {` so that a missing name or `{`
    // is reported by the parser in words.
    return n1 === "Identifier" || n1 === "QuotedIdentifier" || n1 === "LBrace";
  };
  let i = 0;
  let junk: IToken[] = [];
  while (i < tokens.length) {
    if (!startsPipeline(i)) {
      junk.push(tokens[i]);
      i++;
      continue;
    }
    if (junk.length) out.push({ kind: "junk", tokens: junk });
    junk = [];
    const start = i;
    let depth = 0;
    let opened = false;
    i++;
    if (tokens[i]?.tokenType.name === "Identifier" || tokens[i]?.tokenType.name === "QuotedIdentifier") i++;
    if (tokens[i]?.tokenType.name !== "LBrace") {
      // `pipeline name` without `{`: the block still ends at the `}` that would match it.
      depth = 1;
      opened = true;
    }
    while (i < tokens.length) {
      const name = tokens[i].tokenType.name;
      if (name === "LBrace") {
        depth++;
        opened = true;
      } else if (name === "RBrace") {
        depth--;
        if (opened && depth === 0) {
          i++;
          break;
        }
      } else if (startsPipeline(i) && depth <= 1) break;
      i++;
    }
    out.push({ kind: "pipeline", tokens: tokens.slice(start, i) });
  }
  if (junk.length) out.push({ kind: "junk", tokens: junk });
  return out;
}
