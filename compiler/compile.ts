/**
 * The compiler's stages, in order. Each stage is a folder of compiler/:
 *
 *   source/    text -> SourceFile (lines and columns computed lazily)
 *   import/    definition JSON (either form) -> AST   (instead of grammar/ and ast/ for `.json`)
 *   grammar/   SourceFile -> tokens                   (fast scanner; Chevrotain lexer and parser for
 *                                                     files with syntax errors; no AWS knowledge)
 *   ast/       tokens -> AST with spans               (direct parser; or CST -> AST with recovery:
 *                                                     syntax diagnostics PIPE0xxx, PIPE1xxx)
 *   resolve/   AST -> IR: names, values, inheritance, edges, `#<...>` expressions
 *   validate/  IR -> diagnostics, one rule per file   (PIPE2xxx-4xxx, lint PIPE6xxx)
 *   emit/      IR -> target files (read `compile().ir`)
 *
 * Every stage reports problems as diagnostics and never throws on user input.
 */
import { CappedDiagnostics } from "./import/capped.ts";
import { parse } from "./ast/parse.ts";
import { readJson } from "./import/json.ts";
import { readDefinition } from "./import/read-definition.ts";
import { definitionToAst, pipelineNameFromFile } from "./import/to-ast.ts";
import type { PipeFile } from "./ast/nodes.ts";
import { codeName } from "./catalog.ts";
import type { Diagnostic } from "./diagnostics/diagnostic.ts";
import { compareDiagnostics } from "./diagnostics/diagnostic.ts";
import type { ProgramIR } from "./ir/ir.ts";
import { resolve } from "./resolve/resolve.ts";
import { SourceFile } from "./source/source.ts";
import { applySeverities, validate, type SeverityOverrides } from "./validate/validate.ts";

export interface CheckOptions {
  /** Severity per code or rule name; `off` drops it (from a config file). */
  readonly severities?: SeverityOverrides;
}

export interface CheckResult {
  readonly source: SourceFile;
  readonly ast: PipeFile;
  readonly ir: ProgramIR;
  readonly diagnostics: readonly Diagnostic[];
}

/** True for a path the JSON front end reads (an existing definition) rather than the `.pipe` parser. */
export function isDefinitionPath(path: string): boolean {
  return path.toLowerCase().endsWith(".json");
}

/** Runs every checking stage on one source and returns all findings, sorted. */
export function check(path: string, text: string, options: CheckOptions = {}): CheckResult {
  const source = new SourceFile(path, text);
  const parsed = isDefinitionPath(path) ? readDefinitionAst(path, text) : parse(source); // JSON or .pipe -> AST
  const resolved = resolve(parsed.ast, path, text); // AST -> IR
  const findings = validate(resolved.program); // IR -> rule findings
  const all = applySeverities([...parsed.diagnostics, ...resolved.diagnostics, ...findings], options.severities, codeName);
  return { source, ast: parsed.ast, ir: resolved.program, diagnostics: all.sort(compareDiagnostics) };
}

export interface CompileResult {
  readonly ir: ProgramIR;
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
}

/** For back ends: the checked IR and every diagnostic (emit only when none is an error). */
export function compile(path: string, text: string, options: CheckOptions = {}): CompileResult {
  const r = check(path, text, options);
  return { ir: r.ir, diagnostics: r.diagnostics, source: r.source };
}

/** Definition JSON -> AST with spans into the JSON (an empty file when it is not a definition). */
function readDefinitionAst(path: string, text: string): { ast: PipeFile; diagnostics: Diagnostic[] } {
  const diagnostics = new CappedDiagnostics();
  const json = readJson(path, text);
  for (const d of json.diagnostics) diagnostics.push(d);
  const def = readDefinition(path, json.value, diagnostics);
  const ast = def ? definitionToAst(path, def, pipelineNameFromFile(path), diagnostics) : undefined;
  return { ast: ast ?? { kind: "File", span: { start: 0, end: text.length }, pipelines: [], comments: [] }, diagnostics: diagnostics.done(path, text.length) };
}
