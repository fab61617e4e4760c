/**
 * The full path from source text to AST: the Chevrotain lexer and CstParser with error
 * recovery, then CST -> AST (build.ts), with every syntax error of the file reported in one
 * pass. parse.ts sends here the files the direct parser does not take.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import { lex } from "../../grammar/lexer.ts";
import { code, describeFound, explain } from "../../grammar/syntax-messages.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SourceFile, Span } from "../source/source.ts";
import { asQuotedName, limitNesting, mergeTokens, parseBlock, segments, withoutCovered } from "./blocks.ts";
import { AstBuilder } from "./build.ts";
import { lexerDiagnostics, MAX_SYNTAX_ERRORS } from "./lexer-diagnostics.ts";
import { calleeBefore, isEof, lineBreakBetween, previousIndex, previousToken, tokEnd } from "./tokens.ts";
import type * as A from "./nodes.ts";
import type { ParseResult } from "./parse.ts";

export { MAX_SYNTAX_ERRORS } from "./lexer-diagnostics.ts";

/** The full path: Chevrotain lexer and CstParser, recovery, CST -> AST (build.ts). */
export function parseWithRecovery(source: SourceFile): ParseResult {
  const file = source.path;
  const text = source.text;
  const diagnostics: Diagnostic[] = [];
  const lexed = lex(text);

  const { diagnostics: lexerFindings, dropped, starts: lexerErrorStarts, unclosedNames, joinedNames } = lexerDiagnostics(lexed, text, file);
  for (const d of lexerFindings) diagnostics.push(d);
  // An unclosed `\`name`, or a name with `-` in it, is still a name for the parser (reported once, above).
  let withNames = unclosedNames ? mergeTokens(lexed.tokens, unclosedNames.map(asQuotedName)) : lexed.tokens;
  if (joinedNames) withNames = mergeTokens(withoutCovered(withNames, joinedNames), joinedNames);
  const tokens = limitNesting(withNames, file, diagnostics);
  const builder = new AstBuilder(file, text, lexerErrorStarts);
  const pipelines: A.Pipeline[] = [];

  const segs = segments(tokens);
  const lastBlock = segs.map((x) => x.kind).lastIndexOf("pipeline");
  segs.forEach((seg, i) => {
    if (seg.kind === "junk") {
      diagnostics.push(outsideBlock(seg.tokens, file));
      return;
    }
    const { csts, errors } = parseBlock(seg.tokens, text);
    const built = csts.map((c) => builder.pipeline(c));
    const block: BlockContext = { file, text, tokens: seg.tokens, last: i >= lastBlock, lexerErrorStarts, unclosedToEnd: builder.unclosedToEnd };
    for (const d of syntaxErrors(errors, block)) diagnostics.push(d);
    if (built.length === 1) pipelines.push(built[0]);
    else {
      // Parsed in several runs (see parseBlock): one pipeline with the members of all.
      const members = built.flatMap((b) => b.members).sort((a, b) => a.span.start - b.span.start);
      pipelines.push({ ...built[0], span: { start: seg.tokens[0].startOffset, end: tokEnd(seg.tokens[seg.tokens.length - 1]) }, members });
    }
  });
  // The builder's findings, except where the parser already reported an error at the same place.
  const parserErrorAt = new Set(diagnostics.filter((d) => d.code.startsWith("PIPE1")).map((d) => d.span.start));
  for (const d of builder.diagnostics) if (!(d.code.startsWith("PIPE1") && parserErrorAt.has(d.span.start))) diagnostics.push(d);
  if (pipelines.length === 0 && diagnostics.length === 0) {
    diagnostics.push(diagnostic("PIPE1011", file, { start: 0, end: 0 }, "this file declares no pipeline", { hint: "declare one with `pipeline name { ... }`" }));
  }
  const shown = limitErrors(diagnostics, dropped, file, text.length);

  const comments: A.Comment[] = lexed.comments.map((c) => ({
    kind: "Comment",
    span: { start: c.startOffset, end: tokEnd(c) },
    text: c.image,
    block: c.image.startsWith("/*"),
  }));
  const ast: A.PipeFile = { kind: "File", span: { start: 0, end: text.length }, pipelines, comments };
  return { ast, diagnostics: shown };
}

/** Tokens outside any `pipeline` block: one diagnostic for the run. */
function outsideBlock(tokens: IToken[], file: string): Diagnostic {
  const [first, second, third] = tokens;
  const objectLike = first.tokenType.name === "Identifier" && (second?.tokenType.name === "Identifier" || second?.tokenType.name === "QuotedIdentifier") && third?.tokenType.name === "LBrace";
  const message = objectLike
    ? `the object ${code(`${first.image} ${second.image}`)} is declared outside a \`pipeline\` block`
    : first.tokenType.name === "Param" || first.tokenType.name === "Default"
      ? `${code(first.image)} is declared outside a \`pipeline\` block`
      : first.tokenType.name === "RBrace"
        ? "this `}` closes nothing: the blocks before it are already closed"
        : `expected a \`pipeline\` block, found ${describeFound(first)}`;
  return diagnostic("PIPE1006", file, { start: first.startOffset, end: objectLike ? tokEnd(second) : tokEnd(first) }, message, {
    hint: "declarations live inside `pipeline name { ... }`",
  });
}

interface BlockContext {
  readonly file: string;
  readonly text: string;
  /** The tokens of the block. */
  readonly tokens: IToken[];
  /** True for the last block of the file (its end is the end of the file). */
  readonly last: boolean;
  /** Start offsets of the lexer's diagnostics, sorted. */
  readonly lexerErrorStarts: readonly number[];
  /** A triple-quoted string ran to the end of the file (reported once, by the AST builder). */
  readonly unclosedToEnd: boolean;
}

/** The parser's recognition errors of one block -> diagnostics: one per place, none for consequences. */
function syntaxErrors(errors: readonly IRecognitionException[], b: BlockContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  const blockEnd = b.tokens.length > 0 ? tokEnd(b.tokens[b.tokens.length - 1]) : b.text.length;
  for (const e of errors) {
    const eof = isEof(e.token);
    const at = eof ? blockEnd : e.token.startOffset;
    if (seen.has(at)) continue;
    seen.add(at);
    const prev = previousToken(b.tokens, e.token);
    // Characters the lexer rejected just before this token already explain the error (at the
    // end of the input: an unclosed comment or triple-quoted string that ran to the end).
    if (lexerErrorBetween(b.lexerErrorStarts, prev ? tokEnd(prev) : 0, eof && b.last ? b.text.length : at)) continue;
    if (eof && b.last && b.unclosedToEnd) continue;
    const problem = explain(e, prev, {
      calleeOf: () => calleeBefore(b.tokens, e.token),
      next: () => b.tokens[previousIndex(b.tokens, e.token) + 2],
      end: b.last ? "the end of the file" : "the next `pipeline` block",
    });
    // A `"` string broken at the line end may have swallowed this block's `}`: one mistake, one error.
    if (problem.code === "PIPE1007" && prev?.tokenType.name === "StringBreak") continue;
    // A missing token at a line end is reported just after the previous token, on its line.
    let span: Span;
    if (prev && problem.at === "previous") span = { start: prev.startOffset, end: tokEnd(prev) };
    else if (prev && (eof || (problem.at === "after-previous" && lineBreakBetween(b.text, prev, e.token)))) span = { start: tokEnd(prev), end: tokEnd(prev) };
    else if (!eof) span = { start: e.token.startOffset, end: tokEnd(e.token) };
    else span = { start: b.text.length, end: b.text.length };
    out.push(diagnostic(problem.code, b.file, span, problem.message, problem.hint ? { hint: problem.hint } : {}));
  }
  return out;
}

/** Keeps the first MAX_SYNTAX_ERRORS diagnostics of the file (by position) and counts the rest (`dropped` were not kept). */
function limitErrors(diagnostics: Diagnostic[], dropped: number, file: string, length: number): Diagnostic[] {
  if (diagnostics.length + dropped <= MAX_SYNTAX_ERRORS) return diagnostics;
  const sorted = [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const rest = sorted.length + dropped - MAX_SYNTAX_ERRORS;
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

