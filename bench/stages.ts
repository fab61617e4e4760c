/**
 * The compiler's stages as separately callable steps, for the per-stage breakdown, and the
 * whole compile (`check` + the Data Pipeline emitter) as `pipec build` runs it.
 */
import type { CstNode, IToken } from "chevrotain";
import { lex } from "../grammar/lexer.ts";
import { parsePipelineTokens } from "../grammar/parser.ts";
import { AstBuilder } from "../compiler/ast/build.ts";
import type * as A from "../compiler/ast/nodes.ts";
import { parse } from "../compiler/ast/parse.ts";
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

/** Splits a well-formed file's tokens at its top-level `pipeline` blocks (as the parser is fed). */
export function pipelineSegments(tokens: readonly IToken[]): IToken[][] {
  const out: IToken[][] = [];
  let depth = 0;
  let current: IToken[] = [];
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (depth === 0 && name === "Pipeline" && current.length > 0) {
      out.push(current);
      current = [];
    }
    current.push(t);
    if (name === "LBrace" || name === "LBracket" || name === "LParen") depth++;
    else if (name === "RBrace" || name === "RBracket" || name === "RParen") depth--;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Inputs of every stage, computed once, so that each stage can be timed on its own. */
export interface StageInputs {
  readonly path: string;
  readonly text: string;
  readonly segments: IToken[][];
  readonly csts: CstNode[];
  readonly ast: A.PipeFile;
  readonly program: ProgramIR;
}

export function prepareStages(path: string, text: string): StageInputs {
  const segments = pipelineSegments(lex(text).tokens);
  const csts = segments.map((s) => parsePipelineTokens(s, text).cst);
  const ast = parse(new SourceFile(path, text)).ast;
  const program = resolve(ast, path, text).program;
  return { path, text, segments, csts, ast, program };
}

/** One function per stage; each returns something derived from its work (kept alive). */
export function stageFunctions(s: StageInputs): Record<string, () => unknown> {
  return {
    lex: () => lex(s.text).tokens.length,
    cst: () => {
      let errors = 0;
      for (const seg of s.segments) errors += parsePipelineTokens(seg, s.text).errors.length;
      return errors;
    },
    ast: () => {
      const b = new AstBuilder(s.path, s.text);
      return s.csts.map((c) => b.pipeline(c)).length;
    },
    resolve: () => resolve(s.ast, s.path, s.text).program.pipelines.length,
    validate: () => validate(s.program).length,
    emit: () => {
      let n = 0;
      for (const p of s.program.pipelines) n += emitDataPipeline(p, { form: "file" }).text.length;
      return n;
    },
  };
}
