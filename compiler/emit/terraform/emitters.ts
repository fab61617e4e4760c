/** The compiler stages and emitters the Terraform back ends build on. */
import { compile } from "../../compile.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import { toApiForm } from "../datapipeline/definition.ts";
import { emitDataPipeline } from "../datapipeline/emit.ts";
import type { DefParameterValue } from "../datapipeline/definition.ts";
import { emitAsl } from "../asl/emit.ts";
import { sfnDefinitionOf } from "./asl-adapter.ts";
import type { DpDefinition, SfnDefinition } from "./plan.ts";

export function compileSource(file: string, text: string): { pipelines: readonly PipelineIR[]; diagnostics: readonly Diagnostic[] } {
  const compiled = compile(file, text);
  return { pipelines: compiled.ir.pipelines, diagnostics: compiled.diagnostics };
}

export function emitDataPipelineApi(pipeline: PipelineIR, values: readonly DefParameterValue[]): { definition: DpDefinition | undefined; diagnostics: readonly Diagnostic[] } {
  const emitted = emitDataPipeline(pipeline, { form: "api", values });
  return { definition: toApiForm(emitted.definition) as unknown as DpDefinition, diagnostics: emitted.diagnostics };
}

/**
 * The state machine, its schedule and IAM statements. An environment's parameter values go into
 * the schedule's execution input (`parameters`), where the state machine reads them over the
 * defaults written in the pipeline.
 */
export function emitStepFunctions(
  pipeline: PipelineIR,
  values: readonly DefParameterValue[],
  runtime: Readonly<Record<string, unknown>> | undefined,
): { definition: SfnDefinition | undefined; diagnostics: readonly Diagnostic[] } {
  const result = emitAsl(pipeline, runtime ? { runtime } : {});
  const definition = result.definition ? sfnDefinitionOf({ definition: result.text ?? result.definition, schedule: result.schedule, iam: result.iam }) : undefined;
  if (definition?.schedule && values.length > 0) {
    let input: Record<string, unknown> = {};
    try {
      input = JSON.parse(definition.schedule.input ?? "{}") as Record<string, unknown>;
    } catch {
      input = {};
    }
    const parameters: Record<string, unknown> = { ...((input.parameters as Record<string, unknown> | undefined) ?? {}) };
    for (const v of values) parameters[v.id] = v.list || v.values.length !== 1 ? [...v.values] : v.values[0];
    return { definition: { ...definition, schedule: { ...definition.schedule, input: JSON.stringify({ ...input, parameters }) } }, diagnostics: result.diagnostics };
  }
  return { definition, diagnostics: result.diagnostics };
}
