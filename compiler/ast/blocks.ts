/**
 * The token stream of a file, cut into `pipeline` blocks and parsed block by block: nesting
 * limited, parsing resumed after the parser gives up on a block's members.
 */
import { createTokenInstance, type CstNode, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { parsePipelineTokens } from "../../grammar/parser.ts";
import { Identifier, LBrace, PipelineKw, QuotedIdentifier } from "../../grammar/tokens.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { CLOSERS, isEof, lineBreakBetween, OPENERS, previousIndex, tokEnd } from "./tokens.ts";

/** Brackets nested deeper than this are not parsed (the parser recurses per level). */
export const MAX_NESTING = 64;
/** Restarts of one block (each one reports an error; more would not be shown). */
const MAX_RESTARTS = 100;

/**
 * Parses one `pipeline` block. When the parser gives up on the block's members (it meets
 * something it cannot skip inside the member list and stops at the first `}` it can take as
 * the end of the block), parsing resumes at the next line that starts a member, so that
 * every error of the file is reported in one pass.
 */
export function parseBlock(tokens: IToken[], text: string): { csts: CstNode[]; errors: IRecognitionException[] } {
  const csts: CstNode[] = [];
  const errors: IRecognitionException[] = [];
  let input = tokens;
  let lastStart = 0;
  for (let restarts = 0; ; restarts++) {
    const r = parsePipelineTokens(input, text);
    csts.push(r.cst);
    const collapse = restarts < MAX_RESTARTS ? r.errors.find((e) => gaveUp(e)) : undefined;
    if (!collapse) {
      for (const e of r.errors) errors.push(e);
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
    for (const e of kept) errors.push(e);
    if (!consequence) errors.push(collapse);
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

/** An unclosed backtick name, as a name the parser accepts. */
export function asQuotedName(t: IToken): IToken {
  return { ...t, tokenType: QuotedIdentifier, tokenTypeIdx: QuotedIdentifier.tokenTypeIdx as number };
}

/** The tokens that do not start inside one of `covers` (both sorted by offset). */
export function withoutCovered(tokens: IToken[], covers: IToken[]): IToken[] {
  const out: IToken[] = [];
  let j = 0;
  for (const t of tokens) {
    while (j < covers.length && tokEnd(covers[j]) <= t.startOffset) j++;
    const c = covers[j];
    if (c && t.startOffset >= c.startOffset && t.startOffset < tokEnd(c)) continue;
    out.push(t);
  }
  return out;
}

/** Merges two token lists sorted by offset. */
export function mergeTokens(a: IToken[], b: IToken[]): IToken[] {
  const out: IToken[] = [];
  let j = 0;
  for (const t of a) {
    while (j < b.length && b[j].startOffset < t.startOffset) out.push(b[j++]);
    out.push(t);
  }
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** Drops tokens nested deeper than MAX_NESTING, with one diagnostic per dropped run. */
export function limitNesting(tokens: IToken[], file: string, diagnostics: Diagnostic[]): IToken[] {
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

export type Segment = { kind: "pipeline"; tokens: IToken[] } | { kind: "junk"; tokens: IToken[] };

/**
 * Splits the file's tokens into `pipeline` blocks and the runs of tokens between them. A block
 * starts at `pipeline Name` and ends at its matching `}` or where the next block starts.
 */
export function segments(tokens: IToken[]): Segment[] {
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
    // A `}` further on that closes nothing means the block was closed too early by an extra
    // `}`: the block runs to that one, so that what lies between is parsed (and the extra `}`
    // reported) rather than being one error.
    let after = 0;
    for (let j = i; j < tokens.length && !startsPipeline(j); j++) {
      const name = tokens[j].tokenType.name;
      if (name === "LBrace") after++;
      else if (name === "RBrace" && --after < 0) {
        i = j + 1;
        after = 0;
      }
    }
    out.push({ kind: "pipeline", tokens: tokens.slice(start, i) });
  }
  if (junk.length) out.push({ kind: "junk", tokens: junk });
  return out;
}
