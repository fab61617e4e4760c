/** The compiler stages and emitters the Terraform back ends build on. */
import { compile } from "../../compile.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import { toApiForm } from "../datapipeline/definition.ts";
import { emitDataPipeline } from "../datapipeline/emit.ts";
import type { ParameterValues } from "./environments.ts";
import type { DpDefinition, SfnDefinition } from "./plan.ts";

export function compileSource(file: string, text: string): { pipelines: readonly PipelineIR[]; diagnostics: readonly Diagnostic[] } {
  const compiled = compile(file, text);
  return { pipelines: compiled.ir.pipelines, diagnostics: compiled.diagnostics };
}

export function emitDataPipelineApi(pipeline: PipelineIR, values: ParameterValues): { definition: DpDefinition | undefined; diagnostics: readonly Diagnostic[] } {
  const list = Object.entries(values).map(([id, v]) => (typeof v === "string" ? { id, values: [v], list: false } : { id, values: [...v], list: true }));
  const emitted = emitDataPipeline(pipeline, { form: "api", values: list });
  return { definition: toApiForm(emitted.definition) as unknown as DpDefinition, diagnostics: emitted.diagnostics };
}

export function emitStepFunctions(_pipeline: PipelineIR, _values: ParameterValues): { definition: SfnDefinition | undefined; diagnostics: readonly Diagnostic[] } {
  return { definition: undefined, diagnostics: [] };
}
