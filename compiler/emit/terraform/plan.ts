/**
 * The resources each target needs, as a target-neutral plan (model.ts). Inputs are the
 * outputs of the Data Pipeline and Step Functions emitters; nothing here reads `.pipe` text.
 */
import type { ResourcePlan, TfOutput, TfResource, TfValue, TfVariable } from "./model.ts";
import { concat, jsonWithRefs, ref, TfConcat, TfRef, varRef } from "./model.ts";
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
  /** What the ECS task role needs to read the secrets the pipeline references (the stack does not own that role). */
  readonly taskRoleStatements?: readonly PolicyStatement[];
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

/**
 * Where a secret of a Data Pipeline stack comes from at deploy: a sensitive variable
 * (`TF_VAR_<name>`), or a Secrets Manager secret or SSM SecureString parameter read by a data
 * source. Never a literal: the stack's files and plan show only the reference.
 */
export type DpSecretSource =
  | { readonly kind: "variable"; readonly description: string }
  | { readonly kind: "secretsmanager"; readonly arn: string }
  | { readonly kind: "ssm"; readonly name: string };

export interface DpSecrets {
  /** Secret parameters (`*myPassword`) by id: their `parameter_value` comes from here. */
  readonly parameters: ReadonlyMap<string, DpSecretSource>;
  /** Secret fields written as references, by `<objectId> NUL <key>`: their `string_value` comes from here. */
  readonly fields: ReadonlyMap<string, DpSecretSource>;
}

export interface DataPipelinePlanOptions extends CommonPlanOptions {
  /** Secrets given at deploy (docs/secrets.md). */
  readonly secrets?: DpSecrets;
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

  const variables: TfVariable[] = [];
  const secretValue = secretValues(resources, variables, id);
  const pipelineObject: TfValue[] = objects.map((obj) => {
    const field: TfValue[] = [];
    for (const f of obj.fields) {
      const secret = o.secrets?.fields.get(`${obj.id}\u0000${f.key}`);
      if (f.refValue !== undefined) field.push({ key: f.key, ref_value: f.refValue });
      else if (secret) field.push({ key: f.key, string_value: secretValue(secret, `${obj.id}_${f.key}`) });
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
  const secretParameters = o.secrets?.parameters ?? new Map<string, DpSecretSource>();
  if (parameterObjects.length > 0) {
    definitionConfig.parameter_object = parameterObjects.map((p) => {
      const out: Record<string, TfValue> = { id: p.id };
      // A secret parameter's value comes from the deploy, never from a default in the definition.
      const attributes = secretParameters.has(p.id) ? p.attributes.filter((a) => a.key !== "default") : p.attributes;
      if (attributes.length > 0) out.attribute = attributes.map((a) => ({ key: a.key, string_value: a.stringValue }));
      return out;
    });
  }
  const values: TfValue[] = parameterValues.filter((v) => !secretParameters.has(v.id)).map((v) => ({ id: v.id, string_value: v.stringValue }));
  for (const [pid, source] of [...secretParameters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) values.push({ id: pid, string_value: secretValue(source, pid) });
  if (values.length > 0) definitionConfig.parameter_value = values;
  resources.push(resource("aws_datapipeline_pipeline_definition", id, definitionConfig));
  return variables.length > 0 ? { resources, outputs, variables } : { resources, outputs };
}

/** A Terraform identifier from user text: `[A-Za-z0-9_]`, starting with a letter or `_`. */
function identifier(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
}

/**
 * Turns secret sources into references, creating a sensitive variable or a data source for
 * each (one per secret named, however often it is used).
 */
function secretValues(resources: TfResource[], variables: TfVariable[], id: string): (source: DpSecretSource, what: string) => TfRef {
  const made = new Map<string, TfRef>();
  const taken = new Set<string>();
  let secrets = 0;
  let parameters = 0;
  const unique = (base: string): string => {
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
  return (source, what) => {
    const key = source.kind === "variable" ? `var\u0000${what}` : source.kind === "secretsmanager" ? `sm\u0000${source.arn}` : `ssm\u0000${source.name}`;
    const known = made.get(key);
    if (known) return known;
    let r: TfRef;
    if (source.kind === "variable") {
      const name = unique(identifier(`${id}_${what.replace(/^\*/, "")}`));
      variables.push({ name, description: source.description, sensitive: true });
      r = varRef(name);
    } else if (source.kind === "secretsmanager") {
      const data: TfResource = { mode: "data", type: "aws_secretsmanager_secret_version", name: unique(`${id}_secret_${++secrets}`), config: { secret_id: source.arn } };
      resources.push(data);
      r = ref(data, "secret_string");
    } else {
      const data: TfResource = { mode: "data", type: "aws_ssm_parameter", name: unique(`${id}_parameter_${++parameters}`), config: { name: source.name, with_decryption: true } };
      resources.push(data);
      r = ref(data, "value");
    }
    made.set(key, r);
    return r;
  };
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
  if (def.taskRoleStatements && def.taskRoleStatements.length > 0) {
    // The task definition's role is not this stack's: the policy it needs is an output to attach.
    outputs.push({
      name: `${id}_task_role_policy`,
      value: policyDocument(def.taskRoleStatements.map((s) => ({ ...s, resources: s.resources.map((r) => pinArn(r, region, account)) }))),
      description: `The IAM policy the ECS task role of ${name} needs to read the secrets the pipeline references (ARNs only, no secret)`,
    });
  }

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
