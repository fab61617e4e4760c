/** The compiler stages and emitters the Terraform back ends build on. */
import { compile } from "../../compile.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import { toApiForm } from "../datapipeline/definition.ts";
import { emitDataPipeline } from "../datapipeline/emit.ts";
import type { DefParameterValue } from "../datapipeline/definition.ts";
import { emitAsl } from "../asl/emit.ts";
import { sfnDefinitionOf } from "./asl-adapter.ts";
import type { DpDefinition, PolicyStatement, SfnDefinition } from "./plan.ts";

export function compileSource(file: string, text: string): { pipelines: readonly PipelineIR[]; diagnostics: readonly Diagnostic[] } {
  const compiled = compile(file, text);
  return { pipelines: compiled.ir.pipelines, diagnostics: compiled.diagnostics };
}

export function emitDataPipelineApi(pipeline: PipelineIR, values: readonly DefParameterValue[]): { definition: DpDefinition | undefined; diagnostics: readonly Diagnostic[] } {
  const emitted = emitDataPipeline(pipeline, { form: "api", values });
  return { definition: toApiForm(emitted.definition) as unknown as DpDefinition, diagnostics: emitted.diagnostics };
}

/**
 * The state machine, its schedule and IAM statements. An environment's parameter values are
 * compiled into the machine over the pipeline's defaults (the schedule's input carries only the
 * scheduled time), and so are the environment's run-time settings; `requireRuntime` makes a
 * setting the machine needs and lacks an error, so that no machine that cannot start is deployed.
 */
export function emitStepFunctions(
  pipeline: PipelineIR,
  values: readonly DefParameterValue[] | undefined,
  runtime: Readonly<Record<string, unknown>>,
): { definition: SfnDefinition | undefined; diagnostics: readonly Diagnostic[] } {
  const result = emitAsl(pipeline, { runtime, values, requireRuntime: true });
  const read = result.definition ? sfnDefinitionOf({ definition: result.text ?? result.definition, schedule: result.schedule, iam: result.iam }) : undefined;
  const definition = read ? { ...read, statements: narrowSnsPublish(pipeline, values ?? [], read.statements) } : undefined;
  return { definition, diagnostics: result.diagnostics };
}

/**
 * `sns:Publish` on `*` when an alarm's topic is a parameter: with the environment's values (or
 * the parameters' defaults), which the state machine is built with, every topic is known when
 * synthesizing, so the grant names them. Kept as `*` when any topic is built from an expression
 * or has no value.
 */
export function narrowSnsPublish(pipeline: PipelineIR, values: readonly DefParameterValue[], statements: readonly PolicyStatement[]): PolicyStatement[] {
  const topics = new Set<string>();
  for (const o of pipeline.objects) {
    if (o.type !== "SnsAlarm") continue;
    const field = o.effective.get("topicArn")?.field;
    const v = field?.values.length === 1 ? field.values[0] : undefined;
    // The topics this alarm may publish to: the literal, or the parameter's value in this
    // environment, else its default (the value compiled into the state machine).
    const candidates: string[] = [];
    if (v?.kind === "literal") candidates.push(v.text);
    else if (v?.kind === "template" && v.parts.length === 1 && v.parts[0].kind === "expr" && v.parts[0].expr.kind === "param") {
      const id = v.parts[0].expr.id;
      const given = values.find((x) => x.id === id);
      const declared = pipeline.parameters.find((p) => p.id === id);
      if (given) candidates.push(...given.values);
      else if (declared?.default !== undefined) candidates.push(...(typeof declared.default === "string" ? [declared.default] : declared.default));
    }
    if (candidates.length === 0 || !candidates.every((t) => /^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+(\.fifo)?$/.test(t))) return [...statements];
    for (const t of candidates) topics.add(t);
  }
  if (topics.size === 0) return [...statements];
  return statements.map((s) => (s.sid === "SnsPublish" && s.resources.includes("*") ? { ...s, resources: [...topics].sort() } : s));
}
