/**
 * The CDKTF constructs: a `.pipe` pipeline as a Data Pipeline pipeline or as a Step Functions
 * state machine, compiled at synth time.
 *
 *   new StepFunctionsPipeline(stack, "nightly", { file: "pipelines/nightly.pipe", environment: "prod", valuesFile: "..." });
 */
import type { TerraformDataSource, TerraformResource } from "cdktf";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import type { SourceFile } from "../../source/source.ts";
import type { EnvValue, Environment, ParameterValues } from "../terraform/environments.ts";
import { readEnvironmentFile, valuesFromRecord } from "../terraform/environments.ts";
import type { ResourcePlan, TfValue } from "../terraform/model.ts";
import { TfConcat, TfRef } from "../terraform/model.ts";
import { escapeTemplate } from "../terraform/escape.ts";
import type { Service, ServiceOptions } from "../terraform/pipeline.ts";
import { planPipeline } from "../terraform/pipeline.ts";
import { logicalName } from "../terraform/names.ts";
import type { SfnLogLevel } from "../terraform/plan.ts";
import { renderPlan } from "./render.ts";
import type {
  CloudwatchLogGroup,
  CloudwatchMetricAlarm,
  DatapipelinePipeline,
  DatapipelinePipelineDefinition,
  IamRole,
  IamRolePolicy,
  S3Bucket,
  SchedulerSchedule,
  SfnStateMachine,
  SnsTopic,
  SqsQueue,
} from "./resources.ts";
import type { SourceProps } from "./source.ts";
import { failOnErrors, loadPipeline, PipecCompileError } from "./source.ts";

export interface PipelineConstructProps extends SourceProps {
  /** The environment (`prod`): appended to AWS names. */
  readonly environment?: string;
  /** Parameter values for this environment; they override the defaults in the file. */
  readonly values?: ParameterValues;
  /** Or a values file `{"values": {...}}`; `values` win over it. */
  readonly valuesFile?: string;
  /** The AWS-side name; default `<pipeline>` or `<pipeline>-<environment>`. */
  readonly name?: string;
  /** Tags added to the pipeline's own on every taggable resource. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Add Terraform outputs (ids and ARNs) named after this construct. */
  readonly outputs?: boolean;
}

export interface DataPipelinePipelineProps extends PipelineConstructProps {
  /**
   * Create an S3 bucket for the pipeline's logs (encrypted, all public access blocked) and point
   * `pipelineLogUri` at it, unless the pipeline sets `pipelineLogUri`. Default false.
   */
  readonly logBucket?: boolean;
}

export interface StepFunctionsPipelineProps extends PipelineConstructProps {
  /** Days the execution logs are kept (default 30). */
  readonly logRetentionDays?: number;
  /** Logging level (default ERROR). */
  readonly logLevel?: SfnLogLevel;
  /** Log execution input and output (default false). */
  readonly includeExecutionData?: boolean;
  /** X-Ray tracing (default false). */
  readonly tracing?: boolean;
  /** Send alarms to this existing SNS topic instead of creating one. */
  readonly alarmTopicArn?: string;
  /** Create the schedule disabled (default enabled). */
  readonly scheduleEnabled?: boolean;
  /**
   * The run-time settings built into the state machine: where tasks run (`ecsCluster`,
   * `shellTaskDefinition`, `shellContainer`, `subnets`, `securityGroups`, ...), the Redshift
   * workgroup and secret, the late-alarm role, `secrets` (docs/stepfunctions.md lists them).
   * Either the settings themselves, or per environment, `{"*": {...}, "prod": {...}}`, of which
   * `environment`'s entry goes over `*`. A setting the machine needs and lacks fails the synth.
   */
  readonly runtime?: Readonly<Record<string, unknown>>;
}

function environmentOf(props: PipelineConstructProps): { environment: Environment; sources: Map<string, SourceFile>; diagnostics: Diagnostic[] } {
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  if (props.valuesFile === undefined && props.values === undefined) return { environment: { name: props.environment, file: undefined, values: undefined }, sources, diagnostics };
  let values: EnvValue[] = [];
  if (props.valuesFile !== undefined) {
    const read = readEnvironmentFile(props.valuesFile);
    diagnostics.push(...read.diagnostics);
    if (read.source) sources.set(props.valuesFile, read.source);
    values = read.values;
  }
  const given = valuesFromRecord(props.values ?? {}, "values");
  const ids = new Set(given.map((v) => v.id));
  return { environment: { name: props.environment, file: props.valuesFile, values: [...values.filter((v) => !ids.has(v.id)), ...given] }, sources, diagnostics };
}

/** What both constructs share: compile, plan, render. */
abstract class PipelineConstruct extends Construct {
  /** The compiled pipeline. */
  readonly pipeline: PipelineIR;
  /** Warnings and notes from the compiler (errors fail the synth). */
  readonly diagnostics: readonly Diagnostic[];
  /** The resources, keyed by Terraform address (`type.name`). */
  readonly resources: ReadonlyMap<string, TerraformResource | TerraformDataSource>;
  /** The target-neutral description the resources were made from. */
  readonly plan: ResourcePlan;

  constructor(scope: Construct, id: string, props: PipelineConstructProps, service: Service, options: ServiceOptions) {
    super(scope, id);
    const { compiled, pipeline } = loadPipeline(props);
    const env = environmentOf(props);
    const result = planPipeline({ pipeline, service, id, name: props.name, environment: env.environment, tags: props.tags, options });
    const diagnostics = [...compiled.diagnostics, ...env.diagnostics, ...result.diagnostics];
    failOnErrors(`pipec: ${compiled.file}`, diagnostics, new Map([[compiled.file, compiled.source], ...env.sources]));
    if (!result.plan) throw new PipecCompileError(`pipec: ${compiled.file}: pipeline '${pipeline.name}' could not be compiled for ${service}`, diagnostics);
    this.pipeline = pipeline;
    this.diagnostics = diagnostics;
    this.plan = result.plan;
    this.resources = renderPlan(this, this.plan);
    if (props.outputs) {
      for (const o of this.plan.outputs) {
        const out = new TerraformOutput(this, o.name, { value: outputValue(this.resources, o.value), description: o.description });
        out.overrideLogicalId(o.name);
      }
    }
  }

  /** The resource whose logical name is this construct's id plus `suffix`. */
  protected named<T>(type: string, suffix = ""): T {
    return this.resources.get(`${type}.${logicalName(this.node.id)}${suffix}`) as T;
  }
}

function outputValue(resources: ReadonlyMap<string, TerraformResource | TerraformDataSource>, v: TfValue): string {
  if (v instanceof TfConcat) return v.parts.map((p) => (typeof p === "string" ? escapeTemplate(p) : outputValue(resources, p))).join("");
  if (!(v instanceof TfRef)) return String(v);
  const res = resources.get(`${v.type}.${v.name}`);
  return res ? res.getStringAttribute(v.attribute) : String(v);
}

/** A pipeline as `aws_datapipeline_pipeline` + `aws_datapipeline_pipeline_definition`. */
export class DataPipelinePipeline extends PipelineConstruct {
  readonly dataPipeline: DatapipelinePipeline;
  readonly definition: DatapipelinePipelineDefinition;
  /** The log bucket, when `logBucket` is set and the pipeline sets no `pipelineLogUri`. */
  readonly logBucket: S3Bucket | undefined;

  constructor(scope: Construct, id: string, props: DataPipelinePipelineProps) {
    super(scope, id, props, "datapipeline", { logBucket: props.logBucket });
    this.dataPipeline = this.named("aws_datapipeline_pipeline");
    this.definition = this.named("aws_datapipeline_pipeline_definition");
    this.logBucket = this.named("aws_s3_bucket", "_logs");
  }
}

/**
 * A pipeline as a Step Functions state machine with logging, its IAM role, an EventBridge
 * Scheduler schedule (unless on demand), an SNS topic and an alarm on failed executions.
 */
export class StepFunctionsPipeline extends PipelineConstruct {
  readonly stateMachine: SfnStateMachine;
  readonly role: IamRole;
  readonly rolePolicy: IamRolePolicy;
  readonly logGroup: CloudwatchLogGroup;
  /** The alarm on failed executions. */
  readonly alarm: CloudwatchMetricAlarm;
  /** The alarms on failed, timed-out and aborted executions. */
  readonly alarms: readonly CloudwatchMetricAlarm[];
  /** Undefined when `alarmTopicArn` was given. */
  readonly alarmTopic: SnsTopic | undefined;
  /** Undefined for on-demand pipelines. */
  readonly schedule: SchedulerSchedule | undefined;
  readonly schedulerRole: IamRole | undefined;
  /** The schedule's dead-letter queue (undefined for on-demand pipelines). */
  readonly scheduleDeadLetterQueue: SqsQueue | undefined;

  constructor(scope: Construct, id: string, props: StepFunctionsPipelineProps) {
    super(scope, id, props, "stepfunctions", {
      logRetentionDays: props.logRetentionDays,
      logLevel: props.logLevel,
      includeExecutionData: props.includeExecutionData,
      tracing: props.tracing,
      alarmTopicArn: props.alarmTopicArn,
      scheduleEnabled: props.scheduleEnabled,
      runtime: props.runtime,
    });
    this.stateMachine = this.named("aws_sfn_state_machine");
    this.role = this.named("aws_iam_role", "_role");
    this.rolePolicy = this.named("aws_iam_role_policy", "_role_policy");
    this.logGroup = this.named("aws_cloudwatch_log_group", "_logs");
    this.alarm = this.named("aws_cloudwatch_metric_alarm", "_failed");
    this.alarms = ["_failed", "_timed_out", "_aborted"].map((suffix) => this.named<CloudwatchMetricAlarm>("aws_cloudwatch_metric_alarm", suffix));
    this.alarmTopic = this.named("aws_sns_topic", "_alarms");
    this.schedule = this.named("aws_scheduler_schedule");
    this.schedulerRole = this.named("aws_iam_role", "_scheduler_role");
    this.scheduleDeadLetterQueue = this.named("aws_sqs_queue", "_schedule_dlq");
  }
}
