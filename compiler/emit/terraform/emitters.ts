/** The compiler stages and emitters the Terraform back ends build on. */
import { check } from "../../compile.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import type { ParameterValues } from "./environments.ts";
import type { DpDefinition, SfnDefinition } from "./plan.ts";

export function compileSource(file: string, text: string): { pipelines: readonly PipelineIR[]; diagnostics: readonly Diagnostic[] } {
  const r = check(file, text);
  return { pipelines: [], diagnostics: r.diagnostics };
}

export function emitDataPipelineApi(_pipeline: PipelineIR, _values: ParameterValues): { definition: DpDefinition | undefined; diagnostics: readonly Diagnostic[] } {
  return { definition: undefined, diagnostics: [] };
}

export function emitStepFunctions(_pipeline: PipelineIR, _values: ParameterValues): { definition: SfnDefinition | undefined; diagnostics: readonly Diagnostic[] } {
  return { definition: undefined, diagnostics: [] };
}
