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
    // A shallow copy of each pipeline: the rules' indexes are kept per pipeline object, and a
    // compile builds them afresh.
    validate: () => validate({ ...s.program, pipelines: s.program.pipelines.map((p) => ({ ...p })) }).length,
    emit: () => {
      let n = 0;
      for (const p of s.program.pipelines) n += emitDataPipeline(p, { form: "file" }).text.length;
      return n;
    },
    // The path of files with syntax errors (Chevrotain lexer and parser, CST, AST), on the same text.
    recover: () => parseWithRecovery(new SourceFile(s.path, s.text)).ast.pipelines.length,
  };
}

/** What `measureAllocation` needs from the process (bench/child.ts: `--expose-gc`, a PerformanceObserver). */
export interface AllocationProbe {
  /** A full collection. */
  readonly collect: () => void;
  /** Lets pending observer callbacks run. */
  readonly settle: () => Promise<void>;
  /** Collections seen so far. */
  readonly collections: () => number;
}

export interface Allocation {
  /** Bytes allocated per stage of one compile (-1 when a collection ran during the stage, so the count is not exact). */
  readonly allocated: Record<string, number>;
  /** Bytes still reachable after a full collection: the syntax tree alone, and the tree with the IR. */
  readonly retained: Record<string, number>;
}

/**
 * Bytes allocated by each stage of one compile, by V8's own count: the child runs with a young
 * generation larger than a compile allocates (`--min-semi-space-size`/`--max-semi-space-size`),
 * so that no collection runs inside a stage and the growth of `process.memoryUsage().heapUsed`
 * across a stage is exactly what the stage allocated; a PerformanceObserver of `gc` entries
 * checks that none ran. The stages run one after the other on each other's fresh output, as in a
 * compile (the validation indexes are built, not reused). Then the bytes the syntax tree and the
 * IR keep alive: heap used after a full collection with the result held, minus the same without.
 */
export async function measureAllocation(path: string, text: string, probe: AllocationProbe): Promise<Allocation> {
  const heap = (): number => process.memoryUsage().heapUsed;
  const allocated: Record<string, number> = {};
  const stage = async <T>(name: string, fn: () => T): Promise<T> => {
    await probe.settle();
    const before = probe.collections();
    const h0 = heap();
    const out = fn();
    const h1 = heap();
    await probe.settle();
    allocated[name] = probe.collections() === before ? h1 - h0 : -1;
    return out;
  };
  probe.collect();
  const tokens = await stage("scan", () => scan(text));
  if (!tokens) throw new Error(`${path}: not well formed`);
  const ast = await stage("tree", () => parseTokens(text, tokens));
  if (!ast) throw new Error(`${path}: not well formed`);
  const program = await stage("resolve", () => resolve(ast, path, text).program);
  await stage("validate", () => validate(program).length);
  await stage("emit", () => {
    let n = 0;
    for (const p of program.pipelines) n += emitDataPipeline(p, { form: "file" }).text.length;
    return n;
  });
  probe.collect();
  await stage("compile", () => compileAll(path, text).outputs.length);
  probe.collect();
  const outputs = compileAll(path, text).outputs;
  probe.collect();
  await stage("json", () => jsonRoundTrip(outputs));

  // Retained: measured with everything else dropped, so each figure is one structure's.
  const settled = async (): Promise<number> => {
    await probe.settle();
    probe.collect();
    probe.collect();
    return heap();
  };
  const held: { ast?: A.PipeFile; program?: ProgramIR } = {};
  const base = await settled();
  held.ast = parse(new SourceFile(path, text)).ast;
  const withAst = await settled();
  held.program = resolve(held.ast, path, text).program;
  const withIr = await settled();
  const retained = { ast: withAst - base, astAndIr: withIr - base, ir: withIr - withAst };
  held.ast = undefined;
  held.program = undefined;
  return { allocated, retained };
}
