/** Compiling `.pipe` sources at synth time: compile errors fail the synth with file and line. */
import { readFileSync } from "node:fs";
import { codeName } from "../../catalog.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../../diagnostics/diagnostic.ts";
import { renderConcise } from "../../diagnostics/render.ts";
import type { SourceFile } from "../../source/source.ts";
import { tfDiagnostic } from "../terraform/codes.ts";
import type { CompiledFile } from "../terraform/pipeline.ts";
import { compileFile } from "../terraform/pipeline.ts";
import type { PipelineIR } from "../../ir/ir.ts";

/** Thrown when a `.pipe` source has errors; the message lists them as `file:line:col: error CODE: message`. */
export class PipecCompileError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, diagnostics: readonly Diagnostic[]) {
    super(message);
    this.name = "PipecCompileError";
    this.diagnostics = diagnostics;
  }
}

/** Renders diagnostics one per line, with file, line and column. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>): string {
  return renderConcise([...diagnostics].sort(compareDiagnostics), { color: false, nameOf: codeName, lookup: (f) => sources.get(f) }).trimEnd();
}

/** Throws PipecCompileError when `diagnostics` hold an error. */
export function failOnErrors(what: string, diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>): void {
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0) return;
  throw new PipecCompileError(`${what}: ${errors.length} error${errors.length === 1 ? "" : "s"}\n${formatDiagnostics(errors, sources)}`, diagnostics);
}

export interface SourceProps {
  /** Path of the `.pipe` file, read at synth time. */
  readonly file?: string;
  /** The `.pipe` text itself; `file` (default `inline.pipe`) then only names it in messages. */
  readonly source?: string;
  /** Which pipeline of the file; may be left out when the file declares one. */
  readonly pipeline?: string;
}

/** Reads and compiles the source; returns the chosen pipeline or throws PipecCompileError. */
export function loadPipeline(props: SourceProps): { compiled: CompiledFile; pipeline: PipelineIR } {
  const file = props.file ?? "inline.pipe";
  let text = props.source;
  if (text === undefined) {
    if (props.file === undefined) throw new PipecCompileError("pipec: give the construct a `file` or a `source`", []);
    try {
      text = readFileSync(props.file, "utf8");
    } catch (e) {
      throw new PipecCompileError(`pipec: cannot read ${props.file}: ${(e as Error).message}`, []);
    }
  }
  const compiled = compileFile(file, text);
  const sources = new Map([[file, compiled.source]]);
  failOnErrors(`pipec: ${file}`, compiled.diagnostics, sources);
  const pipelines = compiled.pipelines;
  let pipeline: PipelineIR | undefined;
  if (props.pipeline !== undefined) pipeline = pipelines.find((p) => p.name === props.pipeline);
  else if (pipelines.length === 1) pipeline = pipelines[0];
  if (!pipeline) {
    const names = pipelines.map((p) => p.name).join(", ") || "none";
    const message =
      props.pipeline !== undefined
        ? `the file declares no pipeline '${props.pipeline}' (it declares: ${names})`
        : `the file declares ${pipelines.length} pipelines (${names}); choose one with the \`pipeline\` property`;
    failOnErrors(`pipec: ${file}`, [tfDiagnostic("PIPE5305", file, { start: 0, end: 0 }, message)], sources);
  }
  return { compiled, pipeline: pipeline as PipelineIR };
}
