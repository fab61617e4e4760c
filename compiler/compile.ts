/**
 * The compiler's stages, in order. Each stage is a folder of compiler/:
 *
 *   source/   text -> SourceFile (lines and columns computed lazily)
 *   grammar/  SourceFile -> tokens -> CST            (Chevrotain lexer and parser; no AWS knowledge)
 *   ast/      CST -> AST with spans                  (syntax diagnostics PIPE0xxx, PIPE1xxx)
 *
 * Every stage reports problems as diagnostics and never throws on user input.
 */
import { parse } from "./ast/parse.ts";
import type { PipeFile } from "./ast/nodes.ts";
import type { Diagnostic } from "./diagnostics/diagnostic.ts";
import { compareDiagnostics } from "./diagnostics/diagnostic.ts";
import { SourceFile } from "./source/source.ts";

export interface CheckResult {
  readonly source: SourceFile;
  readonly ast: PipeFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** Runs every checking stage on one `.pipe` source and returns all findings, sorted. */
export function check(path: string, text: string): CheckResult {
  const source = new SourceFile(path, text);
  const parsed = parse(source); // lex -> CST -> AST
  const diagnostics = [...parsed.diagnostics].sort(compareDiagnostics);
  return { source, ast: parsed.ast, diagnostics };
}
