/**
 * From `.pipe` text to resource plans: compile, pick the pipeline, apply an environment's
 * parameter values, run the Data Pipeline or Step Functions emitter, and describe the
 * resources. Shared by the CDKTF constructs, the CDKTF app and `pipec build --target terraform`.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import { SourceFile } from "../../source/source.ts";
import { tfDiagnostic } from "./codes.ts";
import { compileSource, emitDataPipelineApi, emitStepFunctions } from "./emitters.ts";
import type { DefParameterValue } from "../datapipeline/definition.ts";
import { applyEnvironment } from "../datapipeline/environment.ts";
import { resolveRuntime } from "../../config/runtime.ts";
import type { Environment } from "./environments.ts";
import { dataPipelineSecrets } from "./secrets.ts";
import type { ResourcePlan } from "./model.ts";
import type { DataPipelinePlanOptions, StepFunctionsPlanOptions } from "./plan.ts";
import { dataPipelinePlan, LOG_RETENTION_DAYS, stepFunctionsPlan } from "./plan.ts";

export type Service = "datapipeline" | "stepfunctions";

/** Names run-time settings given as data (construct properties, build options) in diagnostics. */
export const RUNTIME_ORIGIN = "runtime";
export const SERVICES: readonly Service[] = ["datapipeline", "stepfunctions"];

export interface CompiledFile {
  readonly file: string;
  readonly source: SourceFile;
  readonly pipelines: readonly PipelineIR[];
  readonly diagnostics: readonly Diagnostic[];
}

export function compileFile(file: string, text: string): CompiledFile {
  const { pipelines, diagnostics } = compileSource(file, text);
  return { file, source: new SourceFile(file, text), pipelines, diagnostics };
}

/** Service-specific settings; the ones of the other service are ignored. */
export type ServiceOptions = Omit<DataPipelinePlanOptions, "id" | "name" | "description" | "tags"> &
  Omit<StepFunctionsPlanOptions, "id" | "name" | "description" | "tags"> & {
    /**
     * Step Functions: the run-time settings (ECS cluster, task definition, subnets, Redshift
     * workgroup, ...; compiler/config/runtime.ts), built into the state machine: the settings
     * themselves, or per environment `{"*": {...}, "<env>": {...}}` (the environment's over `*`).
     * A setting the machine needs and lacks is an error.
     */
    readonly runtime?: Readonly<Record<string, unknown>>;
  };

export interface PlanRequest {
  readonly pipeline: PipelineIR;
  readonly service: Service;
  /** Prefix of the Terraform logical names. */
  readonly id: string;
  /** AWS-side name; default `<pipeline>` or `<pipeline>-<environment>`. */
  readonly name?: string;
  readonly environment?: Environment;
  /** Extra tags, added to the pipeline's own. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly options?: ServiceOptions;
}

export interface PlanResult {
  readonly plan: ResourcePlan | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** The environment's values, checked against the pipeline's parameters (as `pipec build --env` does); undefined without values. */
export function environmentValues(pipeline: PipelineIR, env: Environment | undefined, diagnostics: Diagnostic[]): readonly DefParameterValue[] | undefined {
  if (!env?.values) return undefined;
  const applied = applyEnvironment(pipeline, { values: env.values }, { missing: "error" });
  // A secret parameter without a value is no gap in a stack: the Data Pipeline stack reads it from
  // a sensitive variable at deploy, and a state machine never holds it (docs/secrets.md).
  const secretIds = new Set(pipeline.parameters.filter((p) => p.id.startsWith("*")).map((p) => p.idSpan.start));
  diagnostics.push(...applied.diagnostics.filter((d) => !(d.code === "PIPE5101" && d.file === pipeline.file && secretIds.has(d.span.start))));
  return applied.values;
}

export function defaultName(pipeline: PipelineIR, env: Environment | undefined): string {
  return env?.name ? `${pipeline.name}-${env.name}` : pipeline.name;
}

/** Emits one pipeline for one service and describes its resources. */
export function planPipeline(req: PlanRequest): PlanResult {
  const diagnostics: Diagnostic[] = [];
  const { pipeline } = req;
  const values = environmentValues(pipeline, req.environment, diagnostics);
  // Tag keys are user text (`__proto__` is a valid key): a null-prototype map.
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of pipeline.tags) tags[t.key] = t.value;
  Object.assign(tags, req.tags ?? {});
  const common = { id: req.id, name: req.name ?? defaultName(pipeline, req.environment), description: pipeline.description, tags };
  if (req.service === "datapipeline") {
    const secrets = dataPipelineSecrets(pipeline, values, diagnostics);
    if (!secrets) return { plan: undefined, diagnostics };
    const emitted = emitDataPipelineApi(pipeline, values ?? []);
    diagnostics.push(...emitted.diagnostics);
    if (!emitted.definition) return { plan: undefined, diagnostics };
    for (const o of emitted.definition.pipelineObjects) {
      for (const f of o.fields) {
        if (f.refValue === undefined && f.stringValue === "") {
          const obj = pipeline.byId.get(o.id);
          diagnostics.push(tfDiagnostic("PIPE5303", pipeline.file, obj?.span ?? pipeline.nameSpan, `field '${f.key}' of '${o.id}' is empty; the Terraform AWS provider leaves it out`));
        }
      }
    }
    return { plan: dataPipelinePlan(emitted.definition, { ...common, logBucket: req.options?.logBucket, secrets }), diagnostics };
  }
  const o = req.options ?? {};
  if (o.logRetentionDays !== undefined && !LOG_RETENTION_DAYS.includes(o.logRetentionDays)) {
    diagnostics.push(
      tfDiagnostic("PIPE5306", pipeline.file, pipeline.nameSpan, `logRetentionDays is ${o.logRetentionDays}; CloudWatch Logs keeps logs for one of ${LOG_RETENTION_DAYS.join(", ")} days`),
    );
  }
  if (o.logLevel !== undefined && !["ALL", "ERROR", "FATAL"].includes(o.logLevel)) {
    diagnostics.push(tfDiagnostic("PIPE5306", pipeline.file, pipeline.nameSpan, `logLevel is '${String(o.logLevel)}'; use ALL, ERROR or FATAL`));
  }
  const runtime = resolveRuntime(o.runtime, req.environment?.name, RUNTIME_ORIGIN, diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return { plan: undefined, diagnostics };
  const emitted = emitStepFunctions(pipeline, values, runtime);
  diagnostics.push(...emitted.diagnostics);
  if (!emitted.definition) return { plan: undefined, diagnostics };
  return {
    plan: stepFunctionsPlan(emitted.definition, {
      ...common,
      logRetentionDays: o.logRetentionDays,
      logLevel: o.logLevel,
      includeExecutionData: o.includeExecutionData,
      tracing: o.tracing,
      alarmTopicArn: o.alarmTopicArn,
      scheduleEnabled: o.scheduleEnabled,
    }),
    diagnostics,
  };
}
