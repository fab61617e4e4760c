/**
 * The compiler's stages as separately callable steps, for the per-stage breakdown, and the
 * whole compile (`check` + the Data Pipeline emitter) as `pipec build` runs it.
 */
import { scan, type Scanned } from "../grammar/scanner.ts";
import { parseTokens } from "../compiler/ast/direct.ts";
import type * as A from "../compiler/ast/nodes.ts";
import { parse } from "../compiler/ast/parse.ts";
import { parseWithRecovery } from "../compiler/ast/recover.ts";
import { check } from "../compiler/compile.ts";
import { emitDataPipeline } from "../compiler/emit/datapipeline/emit.ts";
import type { ProgramIR } from "../compiler/ir/ir.ts";
import { resolve } from "../compiler/resolve/resolve.ts";
import { SourceFile } from "../compiler/source/source.ts";
import { validate } from "../compiler/validate/validate.ts";

export interface Compiled {
  /** One Data Pipeline definition (file form) per pipeline. */
  readonly outputs: string[];
  readonly diagnostics: number;
  readonly errors: number;
}

/** The whole compile: parse, resolve, validate, emit every pipeline's definition. */
export function compileAll(path: string, text: string): Compiled {
  const r = check(path, text);
  const outputs: string[] = [];
  let diagnostics = r.diagnostics.length;
  let errors = r.diagnostics.filter((d) => d.severity === "error").length;
  for (const p of r.ir.pipelines) {
    const e = emitDataPipeline(p, { form: "file" });
    diagnostics += e.diagnostics.length;
    errors += e.diagnostics.filter((d) => d.severity === "error").length;
    outputs.push(e.text);
  }
  return { outputs, diagnostics, errors };
}

/** The baseline: `JSON.parse` then `JSON.stringify` (2-space, as emitted) of the compiler's own output. */
export function jsonRoundTrip(outputs: readonly string[]): number {
  let n = 0;
  for (const t of outputs) n += JSON.stringify(JSON.parse(t), null, 2).length;
  return n;
}

/** Inputs of every stage, computed once, so that each stage can be timed on its own. */
export interface StageInputs {
  readonly path: string;
  readonly text: string;
  readonly tokens: Scanned;
  readonly ast: A.PipeFile;
  readonly program: ProgramIR;
}

export function prepareStages(path: string, text: string): StageInputs {
  const tokens = scan(text);
  if (!tokens) throw new Error(`${path}: not well formed`);
  const ast = parse(new SourceFile(path, text)).ast;
  const program = resolve(ast, path, text).program;
  return { path, text, tokens, ast, program };
}

/** Stages timed for information only, not part of a compile of a well-formed file (not summed). */
export const EXTRA_STAGES: readonly string[] = ["recover"];

/** One function per stage; each returns something derived from its work (kept alive). */
export function stageFunctions(s: StageInputs): Record<string, () => unknown> {
  return {
    scan: () => scan(s.text)?.count,
    tree: () => parseTokens(s.text, s.tokens)?.pipelines.length,
    resolve: () => resolve(s.ast, s.path, s.text).program.pipelines.length,
    validate: () => validate(s.program).length,
    emit: () => {
      let n = 0;
      for (const p of s.program.pipelines) n += emitDataPipeline(p, { form: "file" }).text.length;
      return n;
    },
    // The path of files with syntax errors (Chevrotain lexer and parser, CST, AST), on the same text.
    recover: () => parseWithRecovery(new SourceFile(s.path, s.text)).ast.pipelines.length,
  };
}
