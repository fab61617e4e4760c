/**
 * The resources each target needs, as a target-neutral plan (model.ts). Inputs are the
 * outputs of the Data Pipeline and Step Functions emitters; nothing here reads `.pipe` text.
 */
import type { ResourcePlan, TfOutput, TfResource, TfValue } from "./model.ts";
import { concat, jsonWithRefs, ref, TfConcat, TfRef } from "./model.ts";
import { awsName, logicalName, NAME_LIMITS } from "./names.ts";

// ---- inputs ----

/** A field of a Data Pipeline object in the API form: a string value or a reference. */
export interface DpField {
  readonly key: string;
  readonly stringValue?: string;
  readonly refValue?: string;
}
export interface DpObject {
  readonly id: string;
  readonly name: string;
  readonly fields: readonly DpField[];
}
export interface DpParameterObject {
  readonly id: string;
  readonly attributes: readonly { readonly key: string; readonly stringValue: string }[];
}
export interface DpParameterValue {
  readonly id: string;
  readonly stringValue: string;
}
/** A pipeline definition in the API form (`PutPipelineDefinition`). */
export interface DpDefinition {
  readonly pipelineObjects: readonly DpObject[];
  readonly parameterObjects?: readonly DpParameterObject[];
  readonly parameterValues?: readonly DpParameterValue[];
}

/** One IAM policy statement the state machine's role needs. */
export interface PolicyStatement {
  readonly sid?: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** An EventBridge Scheduler schedule for the state machine. */
export interface SfnSchedule {
  /** `rate(...)`, `cron(...)` or `at(...)`. */
  readonly expression: string;
  readonly timezone?: string;
  /** ISO 8601 date-times. */
  readonly startDate?: string;
  readonly endDate?: string;
  /** The execution input: JSON text (may hold `<aws.scheduler.scheduled-time>`). */
  readonly input?: string;
  /** Flexible window in minutes (1–1440); absent means OFF. */
  readonly flexibleWindowMinutes?: number;
}

export interface SfnDefinition {
  /** The ASL definition as JSON text. */
  readonly definition: string;
  readonly schedule: SfnSchedule | undefined;
  readonly statements: readonly PolicyStatement[];
}

// ---- options ----

export interface CommonPlanOptions {
  /** Prefix of the logical names (Terraform addresses). */
  readonly id: string;
  /** The AWS-side name: the pipeline name, usually with the environment appended. */
  readonly name: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface DataPipelinePlanOptions extends CommonPlanOptions {
  /**
   * Create an encrypted, private S3 bucket for the pipeline's logs and point `pipelineLogUri`
   * (on Default) at it, unless the pipeline sets `pipelineLogUri` itself.
   */
  readonly logBucket?: boolean;
}

export type SfnLogLevel = "ALL" | "ERROR" | "FATAL";

export interface StepFunctionsPlanOptions extends CommonPlanOptions {
  /** Days the execution logs are kept (default 30). */
  readonly logRetentionDays?: number;
  /** Logging level (default ERROR). */
  readonly logLevel?: SfnLogLevel;
  /** Log execution input and output (default false: they may hold secrets). */
  readonly includeExecutionData?: boolean;
  /** Enable X-Ray tracing (default false). */
  readonly tracing?: boolean;
  /** Publish alarms to this existing topic instead of creating one. */
  readonly alarmTopicArn?: string;
  /** Create the schedule disabled (default enabled). */
  readonly scheduleEnabled?: boolean;
}

export const DEFAULT_LOG_RETENTION_DAYS = 30;
export const DEFAULT_LOG_LEVEL: SfnLogLevel = "ERROR";

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function tagsOf(o: CommonPlanOptions): Record<string, TfValue> | undefined {
  if (!o.tags || Object.keys(o.tags).length === 0) return undefined;
  return { ...o.tags };
}

function withTags(config: Record<string, TfValue>, o: CommonPlanOptions): Record<string, TfValue> {
  const tags = tagsOf(o);
  if (tags) config.tags = tags;
  return config;
}

function resource(type: string, name: string, config: Record<string, TfValue>, dependsOn?: TfRef[]): TfResource {
  return dependsOn ? { type, name, config, dependsOn } : { type, name, config };
}

/**
 * A trust policy letting one AWS service assume the role, on behalf of this account only
 * (`aws:SourceAccount`, against the confused deputy problem).
 */
function trustPolicy(service: string, account: TfRef): TfConcat | string {
  return jsonWithRefs({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
  });
}

/**
 * An ARN the Step Functions back end leaves open in region and account (`arn:aws:events:*:*:rule/...`),
 * pinned to the deploying account and region.
 */
export function pinArn(arn: string, region: TfRef, account: TfRef): string | TfConcat {
  const m = /^arn:(aws[a-z-]*):([a-z0-9-]+):\*:\*:(.+)$/.exec(arn);
  if (!m) return arn;
  return concat(`arn:${m[1]}:${m[2]}:`, region, ":", account, `:${m[3]}`);
}

// ---- Data Pipeline ----

/** `aws_datapipeline_pipeline` + `aws_datapipeline_pipeline_definition` (+ the optional log bucket). */
export function dataPipelinePlan(def: DpDefinition, o: DataPipelinePlanOptions): ResourcePlan {
  const id = logicalName(o.id);
  const resources: TfResource[] = [];
  const pipelineConfig: Record<string, TfValue> = { name: awsName([o.name], NAME_LIMITS.dataPipeline) };
  if (o.description !== undefined && o.description !== "") pipelineConfig.description = o.description;
  const pipeline = resource("aws_datapipeline_pipeline", id, withTags(pipelineConfig, o));
  resources.push(pipeline);

  const objects = def.pipelineObjects.some((p) => p.id === "Default")
    ? [...def.pipelineObjects]
    : [{ id: "Default", name: "Default", fields: [] }, ...def.pipelineObjects];

  let logUri: TfConcat | undefined;
  const outputs: TfOutput[] = [{ name: `${id}_pipeline_id`, value: ref(pipeline, "id"), description: `The id of the Data Pipeline pipeline ${o.name}` }];
  const defaults = objects.find((p) => p.id === "Default");
  if (o.logBucket && !defaults?.fields.some((f) => f.key === "pipelineLogUri")) {
    const bucket = bucketResources(resources, `${id}_logs`, o.name, o);
    logUri = concat("s3://", ref(bucket, "bucket"), "/logs/");
    outputs.push({ name: `${id}_log_bucket`, value: ref(bucket, "bucket"), description: `The bucket holding the logs of ${o.name}` });
  }

  const pipelineObject: TfValue[] = objects.map((obj) => {
    const field: TfValue[] = [];
    for (const f of obj.fields) {
      if (f.refValue !== undefined) field.push({ key: f.key, ref_value: f.refValue });
      else if (f.stringValue !== undefined && f.stringValue !== "") field.push({ key: f.key, string_value: f.stringValue });
    }
    if (obj.id === "Default" && logUri) field.push({ key: "pipelineLogUri", string_value: logUri });
    const out: Record<string, TfValue> = { id: obj.id, name: obj.name };
    if (field.length > 0) out.field = field;
    return out;
  });
  const definitionConfig: Record<string, TfValue> = { pipeline_id: ref(pipeline, "id"), pipeline_object: pipelineObject };
  const parameterObjects = def.parameterObjects ?? [];
  const parameterValues = def.parameterValues ?? [];
  if (parameterObjects.length > 0) {
    definitionConfig.parameter_object = parameterObjects.map((p) => {
      const out: Record<string, TfValue> = { id: p.id };
      if (p.attributes.length > 0) out.attribute = p.attributes.map((a) => ({ key: a.key, string_value: a.stringValue }));
      return out;
    });
  }
  if (parameterValues.length > 0) {
    definitionConfig.parameter_value = parameterValues.map((v) => ({ id: v.id, string_value: v.stringValue }));
  }
  resources.push(resource("aws_datapipeline_pipeline_definition", id, definitionConfig));
  return { resources, outputs };
}

/** An S3 bucket that is encrypted (SSE-S3, bucket key) and blocks every kind of public access. */
function bucketResources(resources: TfResource[], id: string, name: string, o: CommonPlanOptions): TfResource {
  const prefix = `${awsName([name.toLowerCase()], 30).replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "")}-`;
  const bucket = resource("aws_s3_bucket", id, withTags({ bucket_prefix: prefix }, o));
  resources.push(bucket);
  resources.push(
    resource("aws_s3_bucket_server_side_encryption_configuration", id, {
      bucket: ref(bucket, "id"),
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: true }],
    }),
  );
  resources.push(
    resource("aws_s3_bucket_public_access_block", id, {
      bucket: ref(bucket, "id"),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    }),
  );
  return bucket;
}

// ---- Step Functions ----

/**
 * Actions Step Functions needs to deliver execution logs to CloudWatch Logs. The log-delivery
 * APIs do not support resource-level permissions, so the resource is `*` (see docs/cdktf.md).
 */
export const LOG_DELIVERY_ACTIONS: readonly string[] = [
  "logs:CreateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:GetLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:UpdateLogDelivery",
];

/** X-Ray actions for tracing; they do not support resource-level permissions either. */
export const XRAY_ACTIONS: readonly string[] = ["xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments"];

/**
 * The services each `iam:PassRole` statement of the Step Functions back end passes roles to: the
 * statement is limited to them with the `iam:PassedToService` condition.
 */
export const PASS_ROLE_SERVICES: Readonly<Record<string, readonly string[]>> = {
  EcsPassRole: ["ecs-tasks.amazonaws.com"],
  EmrPassRole: ["elasticmapreduce.amazonaws.com", "ec2.amazonaws.com"],
  SchedulerPassRole: ["scheduler.amazonaws.com"],
};

function limitPassRole(s: PolicyStatement): PolicyStatement {
  const services = s.sid !== undefined ? PASS_ROLE_SERVICES[s.sid] : undefined;
  if (!services || s.condition || !s.actions.every((a) => a === "iam:PassRole")) return { ...s };
  return { ...s, condition: { StringEquals: { "iam:PassedToService": services.length === 1 ? services[0] : [...services] } } };
}

/** The statements of the state machine's policy: the tasks' own, then logging (and tracing). */
export function stateMachineStatements(def: SfnDefinition, o: StepFunctionsPlanOptions): PolicyStatement[] {
  const out: PolicyStatement[] = def.statements.map(limitPassRole);
  out.push({ sid: "DeliverExecutionLogs", actions: [...LOG_DELIVERY_ACTIONS], resources: ["*"] });
  if (o.tracing) out.push({ sid: "XRayTracing", actions: [...XRAY_ACTIONS], resources: ["*"] });
  return out;
}

function policyDocument(
  statements: readonly { sid?: string; actions: readonly string[]; resources: readonly (string | TfRef | TfConcat)[]; condition?: PolicyStatement["condition"] }[],
): TfConcat | string {
  return jsonWithRefs({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: "Allow",
      Action: s.actions.length === 1 ? s.actions[0] : [...s.actions],
      Resource: s.resources.length === 1 ? s.resources[0] : [...s.resources],
      ...(s.condition ? { Condition: s.condition } : {}),
    })),
  });
}

/**
 * The state machine with its role and policy, its log group, an SNS topic and an alarm on
 * failed executions, and (for scheduled pipelines) an EventBridge Scheduler schedule with its
 * own role.
 */
export function stepFunctionsPlan(def: SfnDefinition, o: StepFunctionsPlanOptions): ResourcePlan {
  const id = logicalName(o.id);
  const name = awsName([o.name], NAME_LIMITS.stateMachine);
  const resources: TfResource[] = [];
  const outputs: TfOutput[] = [];

  // The deploying account and region, for trust conditions and ARNs the back end leaves open.
  const caller: TfResource = { mode: "data", type: "aws_caller_identity", name: `${id}_account`, config: {} };
  const currentRegion: TfResource = { mode: "data", type: "aws_region", name: `${id}_region`, config: {} };
  resources.push(caller, currentRegion);
  const account = ref(caller, "account_id");
  const region = ref(currentRegion, "region");

  const retention = o.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
  const logGroup = resource(
    "aws_cloudwatch_log_group",
    `${id}_logs`,
    withTags({ name: `/aws/vendedlogs/states/${name}`, retention_in_days: retention }, o),
  );
  resources.push(logGroup);

  const role = resource(
    "aws_iam_role",
    `${id}_role`,
    withTags({ name: awsName([o.name, "sfn"], NAME_LIMITS.iamRole), assume_role_policy: trustPolicy("states.amazonaws.com", account) }, o),
  );
  resources.push(role);
  const policy = resource("aws_iam_role_policy", `${id}_role_policy`, {
    name: awsName([o.name, "sfn"], NAME_LIMITS.iamPolicy),
    role: ref(role, "id"),
    policy: policyDocument(stateMachineStatements(def, o).map((s) => ({ ...s, resources: s.resources.map((r) => pinArn(r, region, account)) }))),
  });
  resources.push(policy);

  const smConfig: Record<string, TfValue> = {
    name,
    type: "STANDARD",
    role_arn: ref(role, "arn"),
    definition: def.definition,
    logging_configuration: {
      level: o.logLevel ?? DEFAULT_LOG_LEVEL,
      include_execution_data: o.includeExecutionData ?? false,
      log_destination: concat(ref(logGroup, "arn"), ":*"),
    },
  };
  if (o.tracing) smConfig.tracing_configuration = { enabled: true };
  // The role must be allowed to deliver logs before the state machine is created with logging.
  const sm = resource("aws_sfn_state_machine", id, withTags(smConfig, o), [ref(policy, "id")]);
  resources.push(sm);
  outputs.push({ name: `${id}_state_machine_arn`, value: ref(sm, "arn"), description: `The ARN of the state machine ${name}` });

  let topicArn: TfValue;
  if (o.alarmTopicArn !== undefined) {
    topicArn = o.alarmTopicArn;
  } else {
    const topic = resource("aws_sns_topic", `${id}_alarms`, withTags({ name: awsName([o.name, "alarms"], NAME_LIMITS.snsTopic) }, o));
    resources.push(topic);
    topicArn = ref(topic, "arn");
    outputs.push({ name: `${id}_alarm_topic_arn`, value: topicArn, description: `The SNS topic that receives the alarms of ${name}` });
  }
  // Alarms on executions that failed, timed out or were aborted.
  const alarms: readonly [string, string, string][] = [
    ["failed", "ExecutionsFailed", "failed"],
    ["timed_out", "ExecutionsTimedOut", "timed out"],
    ["aborted", "ExecutionsAborted", "was aborted"],
  ];
  for (const [suffix, metric, what] of alarms) {
    resources.push(
      resource(
        "aws_cloudwatch_metric_alarm",
        `${id}_${suffix}`,
        withTags(
          {
            alarm_name: awsName([o.name, `executions-${suffix.replace("_", "-")}`], NAME_LIMITS.alarm),
            alarm_description: `An execution of the state machine ${name} ${what}.`,
            namespace: "AWS/States",
            metric_name: metric,
            dimensions: { StateMachineArn: ref(sm, "arn") },
            statistic: "Sum",
            period: 300,
            evaluation_periods: 1,
            threshold: 1,
            comparison_operator: "GreaterThanOrEqualToThreshold",
            treat_missing_data: "notBreaching",
            alarm_actions: [topicArn],
          },
          o,
        ),
      ),
    );
  }

  if (def.schedule) {
    const s = def.schedule;
    const schedulerRole = resource(
      "aws_iam_role",
      `${id}_scheduler_role`,
      withTags({ name: awsName([o.name, "scheduler"], NAME_LIMITS.iamRole), assume_role_policy: trustPolicy("scheduler.amazonaws.com", account) }, o),
    );
    resources.push(schedulerRole);
    // Runs the scheduler could not start after its retries land in an encrypted queue, and
    // the first one raises an alarm.
    const dlq = resource(
      "aws_sqs_queue",
      `${id}_schedule_dlq`,
      withTags({ name: awsName([o.name, "schedule-dlq"], NAME_LIMITS.sqsQueue), sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 }, o),
    );
    resources.push(dlq);
    resources.push(
      resource("aws_iam_role_policy", `${id}_scheduler_role_policy`, {
        name: awsName([o.name, "scheduler"], NAME_LIMITS.iamPolicy),
        role: ref(schedulerRole, "id"),
        policy: policyDocument([
          { sid: "StartExecution", actions: ["states:StartExecution"], resources: [ref(sm, "arn")] },
          { sid: "DeadLetterQueue", actions: ["sqs:SendMessage"], resources: [ref(dlq, "arn")] },
        ]),
      }),
    );
    resources.push(
      resource(
        "aws_cloudwatch_metric_alarm",
        `${id}_schedule_dropped`,
        withTags(
          {
            alarm_name: awsName([o.name, "schedule-dropped"], NAME_LIMITS.alarm),
            alarm_description: `The schedule could not start the state machine ${name}; the run is in the dead-letter queue.`,
            namespace: "AWS/SQS",
            metric_name: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: ref(dlq, "name") },
            statistic: "Maximum",
            period: 300,
            evaluation_periods: 1,
            threshold: 1,
            comparison_operator: "GreaterThanOrEqualToThreshold",
            treat_missing_data: "notBreaching",
            alarm_actions: [topicArn],
          },
          o,
        ),
      ),
    );
    const target: Record<string, TfValue> = {
      arn: ref(sm, "arn"),
      role_arn: ref(schedulerRole, "arn"),
      retry_policy: { maximum_retry_attempts: 3, maximum_event_age_in_seconds: 3600 },
      dead_letter_config: { arn: ref(dlq, "arn") },
    };
    if (s.input !== undefined) target.input = s.input;
    const schedule: Record<string, TfValue> = {
      name: awsName([o.name], NAME_LIMITS.schedule),
      schedule_expression: s.expression,
      schedule_expression_timezone: s.timezone ?? "UTC",
      state: o.scheduleEnabled === false ? "DISABLED" : "ENABLED",
      flexible_time_window:
        s.flexibleWindowMinutes !== undefined ? { mode: "FLEXIBLE", maximum_window_in_minutes: s.flexibleWindowMinutes } : { mode: "OFF" },
      target,
    };
    if (s.startDate !== undefined) schedule.start_date = s.startDate;
    if (s.endDate !== undefined) schedule.end_date = s.endDate;
    if (o.description !== undefined && o.description !== "") schedule.description = o.description;
    resources.push(resource("aws_scheduler_schedule", id, schedule));
  }
  return { resources, outputs };
}

export { TfRef, TfConcat };
