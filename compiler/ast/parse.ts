/**
 * Source text -> AST + syntax diagnostics. A file without syntax errors (the usual case) is
 * parsed directly (direct.ts: a fast scanner and a recursive-descent parser, no token objects
 * and no CST); any other goes through the Chevrotain lexer and CstParser with error recovery
 * (recover.ts), which report every error of the file in one pass. Both build the same tree.
 *
 * The CLI bundle loads recover.ts, and Chevrotain with it, only when a file needs it
 * (scripts/build.ts): checking well-formed files never builds the Chevrotain lexer or parser.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SourceFile } from "../source/source.ts";
import { parseWellFormed } from "./direct.ts";
import type * as A from "./nodes.ts";
import { parseWithRecovery } from "./recover.ts";

export interface ParseResult {
  readonly ast: A.PipeFile;
  readonly diagnostics: Diagnostic[];
}

export function parse(source: SourceFile): ParseResult {
  const ast = parseWellFormed(source.text);
  if (ast !== undefined) return { ast, diagnostics: [] };
  return parseWithRecovery(source);
}
