/** The compiler stages and emitters the Terraform back ends build on. */
import { compile } from "../../compile.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import { toApiForm } from "../datapipeline/definition.ts";
import { emitDataPipeline } from "../datapipeline/emit.ts";
import type { DefParameterValue } from "../datapipeline/definition.ts";
import type { DpDefinition, SfnDefinition } from "./plan.ts";

export function compileSource(file: string, text: string): { pipelines: readonly PipelineIR[]; diagnostics: readonly Diagnostic[] } {
  const compiled = compile(file, text);
  return { pipelines: compiled.ir.pipelines, diagnostics: compiled.diagnostics };
}

export function emitDataPipelineApi(pipeline: PipelineIR, values: readonly DefParameterValue[]): { definition: DpDefinition | undefined; diagnostics: readonly Diagnostic[] } {
  const emitted = emitDataPipeline(pipeline, { form: "api", values });
  return { definition: toApiForm(emitted.definition) as unknown as DpDefinition, diagnostics: emitted.diagnostics };
}

export function emitStepFunctions(_pipeline: PipelineIR, _values: readonly DefParameterValue[]): { definition: SfnDefinition | undefined; diagnostics: readonly Diagnostic[] } {
  return { definition: undefined, diagnostics: [] };
}
