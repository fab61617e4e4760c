/** Source text -> AST + syntax diagnostics, in one pass that reports every error it can. */
import type { IToken } from "chevrotain";
import { lex } from "../../grammar/lexer.ts";
import { parsePipelineTokens } from "../../grammar/parser.ts";
import { explain } from "../../grammar/syntax-messages.ts";
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
        hint: run.expr ? "expressions use names, `@runtime` fields, numbers, quoted strings, `+ - * / ^`, `.` and function calls" : undefined,
      }),
    );
    run = undefined;
  };
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
      diagnostics.push(diagnostic("PIPE0010", file, s, "this quoted name is not closed with a backtick on its line"));
    }
  }
  flushRun();
  for (const e of lexed.engineErrors) {
    diagnostics.push(diagnostic("PIPE0001", file, { start: e.offset, end: e.offset + Math.max(1, e.length) }, "unexpected input"));
  }

  const tokens = limitNesting(lexed.tokens, file, diagnostics);
  const builder = new AstBuilder(file);
  const pipelines: A.Pipeline[] = [];
  let syntaxErrors = 0;
  let suppressed = 0;

  for (const seg of segments(tokens)) {
    if (seg.kind === "junk") {
      const first = seg.tokens[0];
      const last = seg.tokens[seg.tokens.length - 1];
      diagnostics.push(
        diagnostic("PIPE1006", file, { start: first.startOffset, end: Math.min(tokEnd(last), first.startOffset + Math.max(1, first.image.length)) }, `expected a \`pipeline\` block, found \`${first.image.slice(0, 30)}\``, {
          hint: "declarations live inside `pipeline name { ... }`",
        }),
      );
      continue;
    }
    const { cst, errors } = parsePipelineTokens(seg.tokens);
    const seen = new Set<number>();
    for (const e of errors) {
      const at = Number.isFinite(e.token.startOffset) ? e.token.startOffset : text.length;
      if (seen.has(at)) continue;
      seen.add(at);
      if (syntaxErrors >= MAX_SYNTAX_ERRORS) {
        suppressed++;
        continue;
      }
      syntaxErrors++;
      const prev = previousToken(seg.tokens, e.token);
      const problem = explain(e, prev);
      let span: Span;
      const isEof = e.token.tokenType.name === "EOF" || !Number.isFinite(e.token.startOffset);
      if (prev && (isEof || (problem.at === "after-previous" && /[\r\n]/.test(text.slice(tokEnd(prev), e.token.startOffset))))) {
        span = { start: tokEnd(prev), end: tokEnd(prev) };
      } else if (!isEof) {
        span = { start: e.token.startOffset, end: tokEnd(e.token) };
      } else {
        span = { start: text.length, end: text.length };
      }
      diagnostics.push(diagnostic(problem.code, file, span, problem.message, problem.hint ? { hint: problem.hint } : {}));
    }
    pipelines.push(builder.pipeline(cst));
  }
  if (suppressed > 0) {
    diagnostics.push(diagnostic("PIPE1010", file, { start: text.length, end: text.length }, `${suppressed} more syntax error${suppressed === 1 ? "" : "s"} not shown`));
  }
  diagnostics.push(...builder.diagnostics);

  const comments: A.Comment[] = lexed.comments.map((c) => ({
    kind: "Comment",
    span: { start: c.startOffset, end: tokEnd(c) },
    text: c.image,
    block: c.image.startsWith("/*"),
  }));
  const ast: A.PipeFile = { kind: "File", span: { start: 0, end: text.length }, pipelines, comments };
  return { ast, diagnostics };
}

function previousToken(tokens: IToken[], t: IToken): IToken | undefined {
  if (!Number.isFinite(t.startOffset)) return tokens[tokens.length - 1];
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
  return found >= 0 ? tokens[found] : undefined;
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
 * starts at `pipeline Name {` and ends at its matching `}` or where the next block starts.
 */
function segments(tokens: IToken[]): Segment[] {
  const out: Segment[] = [];
  const startsPipeline = (i: number): boolean => {
    if (tokens[i].tokenType.name !== "Pipeline") return false;
    const n1 = tokens[i + 1]?.tokenType.name;
    const n2 = tokens[i + 2]?.tokenType.name;
    return (n1 === "Identifier" || n1 === "QuotedIdentifier") ? n2 === "LBrace" || n2 === undefined : n1 === "LBrace";
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
