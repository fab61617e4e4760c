/**
 * The AWS service-model validator (test/helpers/aws-models.ts): botocore's models are found, a correct request
 * passes, each kind of defect is found at its JSON path, and every `Resource` the Step Functions back end emits
 * (compiler/emit, test/fixtures/asl) names an operation the models have.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { botocoreInfo, loadOperation, operationForResource, resolveSdkService, validateApiCall, validateInput } from "./helpers/aws-models.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** The one finding expected, by path and wording. */
function only(findings: readonly string[], path: string, words: RegExp): void {
  expect(findings, findings.join("\n")).toHaveLength(1);
  expect(findings[0].startsWith(`${path}: `), findings[0]).toBe(true);
  expect(findings[0]).toMatch(words);
}

/** The model's `max` (or `min`) of a member's shape: some limits differ between botocore releases. */
function limit(service: string, operation: string, member: string, which: "min" | "max"): number {
  const op = loadOperation(service, operation);
  const shape = op.model.shapes[op.shape.members![member].shape];
  const n = shape[which];
  if (n === undefined) throw new Error(`${service} ${operation} ${member} has no ${which}`);
  return n;
}

const MISSING = /missing required member/;
const UNKNOWN = /unknown member/;
const NOT_LIST = /expected a list/;
const NOT_ONE_OF = /is not one of/;
const ABOVE = /above the maximum/;
const BELOW = /below the minimum/;

describe("botocore service models", () => {
  it("are installed (python3-botocore; .ci/run installs it)", () => {
    const info = botocoreInfo();
    expect(statSync(info.dataDir).isDirectory()).toBe(true);
    const op = loadOperation("ecs", "runTask");
    expect(op.operation).toBe("RunTask");
    expect(op.shape.type).toBe("structure");
    expect(op.shape.required).toContain("taskDefinition");
  });
});

describe("ECS RunTask", () => {
  const RESOURCE = "arn:aws:states:::ecs:runTask.sync";
  const args = (): Record<string, any> => ({
    LaunchType: "FARGATE",
    Cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/pipec",
    TaskDefinition: "pipec-shell:3",
    NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ["subnet-1"], SecurityGroups: ["sg-1"], AssignPublicIp: "DISABLED" } },
    Overrides: { ContainerOverrides: [{ Name: "shell", Command: ["sh", "-c", "echo hi"], Environment: [{ Name: "A", Value: "1" }] }] },
    CapacityProviderStrategy: [{ CapacityProvider: "FARGATE_SPOT", Weight: 1 }],
    Tags: [{ Key: "pipeline", Value: "hello" }],
  });

  it("passes a correct request, in the model's names and in Step Functions' names", () => {
    expect(validateApiCall(RESOURCE, args())).toEqual([]);
    const model = { taskDefinition: "pipec-shell:3", launchType: "FARGATE", overrides: { containerOverrides: [{ name: "shell", command: ["true"] }] } };
    expect(validateInput("ecs", "RunTask", model)).toEqual([]);
  });

  it("leaves JSONata expressions to run time but checks the names around them", () => {
    const a = args();
    a.Cluster = "{% $runtime.ecsCluster %}";
    a.NetworkConfiguration.AwsvpcConfiguration.Subnets = "{% $runtime.subnets %}";
    a.Overrides.ContainerOverrides[0].Command = ["sh", "-c", "{% 'echo ' & $x %}"];
    expect(validateApiCall(RESOURCE, a)).toEqual([]);
    expect(validateApiCall(RESOURCE, "{% $states.input.task %}")).toEqual([]);
    a.Clusterr = "{% $runtime.ecsCluster %}";
    only(validateApiCall(RESOURCE, a), "$.Clusterr", UNKNOWN);
  });

  it("finds a missing required member", () => {
    const a = args();
    delete a.TaskDefinition;
    only(validateApiCall(RESOURCE, a), "$.TaskDefinition", MISSING);
    only(validateInput("ecs", "RunTask", { cluster: "c" }), "$.taskDefinition", MISSING);
  });

  it("finds unknown members, case-sensitively", () => {
    only(validateApiCall(RESOURCE, { ...args(), Cluser: "c" }), "$.Cluser", UNKNOWN);
    const camel = args();
    camel.Overrides.ContainerOverrides[0].command = ["true"];
    only(validateApiCall(RESOURCE, camel), "$.Overrides.ContainerOverrides[0].command", /unknown member of ContainerOverride \(did you mean Command\?\)/);
    only(validateInput("ecs", "RunTask", { taskDefinition: "t", Cluster: "c" }), "$.Cluster", /did you mean cluster\?/);
  });

  it("finds a string where a list belongs", () => {
    const a = args();
    a.Overrides.ContainerOverrides[0].Command = "echo hi";
    only(validateApiCall(RESOURCE, a), "$.Overrides.ContainerOverrides[0].Command", NOT_LIST);
  });

  it("finds a value outside an enum", () => {
    only(validateApiCall(RESOURCE, { ...args(), LaunchType: "FARGATE_SPOT" }), "$.LaunchType", NOT_ONE_OF);
    const a = args();
    a.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp = "disabled";
    only(validateApiCall(RESOURCE, a), "$.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp", NOT_ONE_OF);
  });

  it("finds a string that is too long and an integer out of range", () => {
    const a = args();
    a.Tags[0].Key = "k".repeat(129);
    only(validateApiCall(RESOURCE, a), "$.Tags[0].Key", /length 129 is above the maximum 128/);
    const b = args();
    b.CapacityProviderStrategy[0].Weight = 1001;
    only(validateApiCall(RESOURCE, b), "$.CapacityProviderStrategy[0].Weight", /value 1001 is above the maximum 1000/);
    const c = args();
    c.CapacityProviderStrategy[0].Weight = -1;
    only(validateApiCall(RESOURCE, c), "$.CapacityProviderStrategy[0].Weight", BELOW);
  });

  it("finds wrong scalar types", () => {
    only(validateApiCall(RESOURCE, { ...args(), Count: "1" }), "$.Count", /expected an integer/);
    only(validateApiCall(RESOURCE, { ...args(), Count: 1.5 }), "$.Count", /expected an integer/);
    only(validateApiCall(RESOURCE, { ...args(), EnableExecuteCommand: "true" }), "$.EnableExecuteCommand", /expected a boolean/);
    only(validateApiCall(RESOURCE, { ...args(), Overrides: [] }), "$.Overrides", /expected an object/);
  });
});

describe("EMR addStep (AddJobFlowSteps)", () => {
  const RESOURCE = "arn:aws:states:::elasticmapreduce:addStep.sync";
  const step = (): Record<string, any> => ({ Name: "Sessionize", ActionOnFailure: "CONTINUE", HadoopJarStep: { Jar: "command-runner.jar", Args: ["bash", "-c", "echo hi"] } });

  it("passes a correct request: ClusterId and a single Step, which the API takes as JobFlowId and Steps", () => {
    expect(validateApiCall(RESOURCE, { ClusterId: "j-1", Step: step() })).toEqual([]);
    expect(validateApiCall(RESOURCE, { ClusterId: "{% $cluster %}", Step: { ...step(), HadoopJarStep: { Jar: "{% $jar %}", Args: "{% $args %}" } } })).toEqual([]);
    expect(validateInput("emr", "AddJobFlowSteps", { JobFlowId: "j-1", Steps: [step()] })).toEqual([]);
  });

  it("finds a missing required member, also inside the step", () => {
    only(validateApiCall(RESOURCE, { ClusterId: "j-1" }), "$.Step", MISSING);
    const s = step();
    delete s.HadoopJarStep.Jar;
    only(validateApiCall(RESOURCE, { ClusterId: "j-1", Step: s }), "$.Step.HadoopJarStep.Jar", MISSING);
  });

  it("finds the API's own names, which the integration does not take", () => {
    const findings = validateApiCall(RESOURCE, { JobFlowId: "j-1", Steps: [step()] });
    expect(findings).toHaveLength(4);
    expect(findings).toContainEqual(expect.stringMatching(/^\$\.JobFlowId: unknown member .*takes ClusterId/));
    expect(findings).toContainEqual(expect.stringMatching(/^\$\.Steps: unknown member .*takes Step, a single item,/));
    expect(findings).toContainEqual(expect.stringMatching(/^\$\.ClusterId: missing required member/));
    expect(findings).toContainEqual(expect.stringMatching(/^\$\.Step: missing required member/));
  });

  it("finds a string where a list belongs, an enum, a name too long", () => {
    const a = step();
    a.HadoopJarStep.Args = "bash -c 'echo hi'";
    only(validateApiCall(RESOURCE, { ClusterId: "j-1", Step: a }), "$.Step.HadoopJarStep.Args", NOT_LIST);
    only(validateApiCall(RESOURCE, { ClusterId: "j-1", Step: { ...step(), ActionOnFailure: "IGNORE" } }), "$.Step.ActionOnFailure", NOT_ONE_OF);
    only(validateApiCall(RESOURCE, { ClusterId: "j-1", Step: { ...step(), Name: "s".repeat(257) } }), "$.Step.Name", /length 257 is above the maximum 256/);
    only(validateApiCall(RESOURCE, { ClusterId: "j-1", Step: [step()] }), "$.Step", /expected an object/);
  });
});

describe("EMR createCluster (RunJobFlow), terminateCluster (TerminateJobFlows), cancelStep (CancelSteps)", () => {
  const CREATE = "arn:aws:states:::elasticmapreduce:createCluster.sync";
  const cluster = (): Record<string, any> => ({
    Name: "pipec-ExportCluster",
    ReleaseLabel: "emr-6.15.0",
    Applications: [{ Name: "Hadoop" }, { Name: "Hive" }],
    ServiceRole: "EMR_DefaultRole",
    JobFlowRole: "EMR_EC2_DefaultRole",
    Instances: {
      KeepJobFlowAliveWhenNoSteps: true,
      InstanceGroups: [
        { InstanceRole: "MASTER", InstanceType: "m5.xlarge", InstanceCount: 1 },
        { InstanceRole: "CORE", InstanceType: "m5.xlarge", InstanceCount: 2 },
      ],
    },
    StepConcurrencyLevel: 10,
    VisibleToAllUsers: true,
    LogUri: "s3://logs/emr/",
    AutoTerminationPolicy: { IdleTimeout: 3600 },
    Tags: [{ Key: "pipeline", Value: "export" }],
  });

  it("passes a correct request", () => {
    expect(validateApiCall(CREATE, cluster())).toEqual([]);
    expect(validateApiCall("arn:aws:states:::elasticmapreduce:terminateCluster.sync", { ClusterId: "j-1" })).toEqual([]);
    expect(validateApiCall("arn:aws:states:::elasticmapreduce:cancelStep", { ClusterId: "j-1", StepId: "s-1" })).toEqual([]);
  });

  it("finds missing required members", () => {
    const a = cluster();
    delete a.Instances;
    only(validateApiCall(CREATE, a), "$.Instances", MISSING);
    const b = cluster();
    delete b.Instances.InstanceGroups[1].InstanceType;
    only(validateApiCall(CREATE, b), "$.Instances.InstanceGroups[1].InstanceType", MISSING);
    only(validateApiCall("arn:aws:states:::elasticmapreduce:terminateCluster", {}), "$.ClusterId", MISSING);
  });

  it("finds what createCluster does not take or requires beyond RunJobFlow", () => {
    only(validateApiCall(CREATE, { ...cluster(), Steps: [] }), "$.Steps", /unknown member .*does not accept it/);
    const a = cluster();
    a.Instances.KeepJobFlowAliveWhenNoSteps = false;
    only(validateApiCall(CREATE, a), "$.Instances.KeepJobFlowAliveWhenNoSteps", /requires true/);
    const b = cluster();
    delete b.Instances.KeepJobFlowAliveWhenNoSteps;
    only(validateApiCall(CREATE, b), "$.Instances.KeepJobFlowAliveWhenNoSteps", /requires it to be true/);
    const findings = validateApiCall("arn:aws:states:::elasticmapreduce:terminateCluster.sync", { JobFlowIds: ["j-1"] });
    expect(findings).toEqual([expect.stringMatching(/^\$\.JobFlowIds: unknown member .*takes ClusterId/), expect.stringMatching(/^\$\.ClusterId: missing required member/)]);
  });

  it("finds unknown members, wrong types, enums, lengths", () => {
    only(validateApiCall(CREATE, { ...cluster(), ReleaseLable: "emr-6.15.0" }), "$.ReleaseLable", UNKNOWN);
    only(validateApiCall(CREATE, { ...cluster(), Applications: "Hadoop,Hive" }), "$.Applications", NOT_LIST);
    const a = cluster();
    a.Instances.InstanceGroups[0].InstanceRole = "PRIMARY";
    only(validateApiCall(CREATE, a), "$.Instances.InstanceGroups[0].InstanceRole", NOT_ONE_OF);
    const b = cluster();
    b.Instances.InstanceGroups[0].InstanceCount = "1";
    only(validateApiCall(CREATE, b), "$.Instances.InstanceGroups[0].InstanceCount", /expected an integer/);
    only(validateApiCall(CREATE, { ...cluster(), Name: "n".repeat(257) }), "$.Name", /above the maximum 256/);
    only(validateApiCall("arn:aws:states:::elasticmapreduce:cancelStep", { ClusterId: "j-1", StepId: ["s-1"] }), "$.StepId", /expected a string/);
  });
});

describe("Redshift Data ExecuteStatement, BatchExecuteStatement", () => {
  const EXEC = "arn:aws:states:::aws-sdk:redshiftdata:executeStatement";
  const BATCH = "arn:aws:states:::aws-sdk:redshiftdata:batchExecuteStatement";
  const stmt = (): Record<string, any> => ({ Database: "dev", Sql: "select 1", ClusterIdentifier: "warehouse", SecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rs", StatementName: "pipec-load" });

  it("passes a correct request", () => {
    expect(validateApiCall(EXEC, stmt())).toEqual([]);
    expect(validateApiCall(EXEC, { ...stmt(), Parameters: [{ Name: "day", Value: "2024-01-01" }] })).toEqual([]);
    const { Sql: _sql, ...batch } = stmt();
    expect(validateApiCall(BATCH, { ...batch, Sqls: ["select 1", "select 2"] })).toEqual([]);
    expect(validateApiCall("arn:aws:states:::aws-sdk:redshiftdata:describeStatement", { Id: "{% $stmt %}" })).toEqual([]);
  });

  it("finds missing, unknown and mistyped members", () => {
    const { Sql: _sql, ...noSql } = stmt();
    only(validateApiCall(EXEC, noSql), "$.Sql", MISSING);
    only(validateApiCall(EXEC, { ...stmt(), Query: "select 1" }), "$.Query", UNKNOWN);
    only(validateApiCall(EXEC, { ...stmt(), WithEvent: "yes" }), "$.WithEvent", /expected a boolean/);
    only(validateApiCall(EXEC, { ...stmt(), Parameters: [{ Name: "day" }] }), "$.Parameters[0].Value", MISSING);
    const { Sql: _s, ...batch } = stmt();
    only(validateApiCall(BATCH, batch), "$.Sqls", MISSING);
    only(validateApiCall(BATCH, { ...batch, Sqls: "select 1" }), "$.Sqls", NOT_LIST);
  });

  it("finds lengths and item counts out of range", () => {
    const max = limit("redshift-data", "ExecuteStatement", "StatementName", "max");
    only(validateApiCall(EXEC, { ...stmt(), StatementName: "s".repeat(max + 1) }), "$.StatementName", new RegExp(`length ${max + 1} is above the maximum ${max}`));
    only(validateApiCall(EXEC, { ...stmt(), Parameters: [] }), "$.Parameters", /item count 0 is below the minimum 1/);
    const { Sql: _s, ...batch } = stmt();
    only(validateApiCall(BATCH, { ...batch, Sqls: Array.from({ length: 41 }, (_, i) => `select ${i}`) }), "$.Sqls", /item count 41 is above the maximum 40/);
  });
});

describe("SNS Publish", () => {
  const RESOURCE = "arn:aws:states:::sns:publish";
  const msg = (): Record<string, any> => ({ TopicArn: "arn:aws:sns:us-east-1:123456789012:alarms", Subject: "failed", Message: "Compact failed", MessageAttributes: { stage: { DataType: "String", StringValue: "prod" } } });

  it("passes a correct request; Message may be JSON, which Step Functions serializes", () => {
    expect(validateApiCall(RESOURCE, msg())).toEqual([]);
    expect(validateApiCall(`${RESOURCE}.waitForTaskToken`, { ...msg(), Message: { Input: "x", TaskToken: "{% $states.context.Task.Token %}" } })).toEqual([]);
    expect(validateApiCall("arn:aws:scheduler:::aws-sdk:sns:publish", msg())).toEqual([]);
  });

  it("finds missing, unknown and mistyped members", () => {
    const { Message: _m, ...noMessage } = msg();
    only(validateApiCall(RESOURCE, noMessage), "$.Message", MISSING);
    only(validateApiCall(RESOURCE, { ...msg(), Topic: "t" }), "$.Topic", UNKNOWN);
    only(validateApiCall(RESOURCE, { ...msg(), Subject: 42 }), "$.Subject", /expected a string/);
    only(validateApiCall(RESOURCE, { ...msg(), MessageAttributes: { stage: { StringValue: "prod" } } }), "$.MessageAttributes.stage.DataType", MISSING);
    only(validateApiCall(RESOURCE, { ...msg(), MessageAttributes: { "my stage": { DataType: "String", Value: "prod" } } }), '$.MessageAttributes["my stage"].Value', UNKNOWN);
    expect(validateApiCall(RESOURCE, { ...msg(), MessageAttributes: { "my stage": { DataType: "String", StringValue: "prod" } } })).toEqual([]);
  });
});

describe("EventBridge Scheduler CreateSchedule", () => {
  const RESOURCE = "arn:aws:states:::aws-sdk:scheduler:createSchedule";
  const schedule = (): Record<string, any> => ({
    Name: "pipec-late-0123456789abcdef",
    ScheduleExpression: "at(2024-01-01T05:00:00)",
    ScheduleExpressionTimezone: "UTC",
    FlexibleTimeWindow: { Mode: "OFF" },
    Target: { Arn: "arn:aws:scheduler:::aws-sdk:sns:publish", RoleArn: "arn:aws:iam::123456789012:role/pipec-scheduler", Input: '{"TopicArn":"t","Message":"late"}' },
  });

  it("passes a correct request", () => {
    expect(validateApiCall(RESOURCE, schedule())).toEqual([]);
    expect(validateApiCall(RESOURCE, { ...schedule(), FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 15 }, StartDate: "2024-01-01T00:00:00Z", EndDate: 1735689600 })).toEqual([]);
    expect(validateApiCall("arn:aws:states:::aws-sdk:scheduler:deleteSchedule", { Name: "pipec-late-0123456789abcdef" })).toEqual([]);
  });

  it("finds missing and unknown members, wrong types", () => {
    const a = schedule();
    delete a.Target.RoleArn;
    only(validateApiCall(RESOURCE, a), "$.Target.RoleArn", MISSING);
    only(validateApiCall(RESOURCE, { ...schedule(), Schedule: "rate(1 hour)" }), "$.Schedule", UNKNOWN);
    only(validateApiCall(RESOURCE, { ...schedule(), Target: [schedule().Target] }), "$.Target", /expected an object/);
    only(validateApiCall(RESOURCE, { ...schedule(), StartDate: "tomorrow" }), "$.StartDate", /expected a timestamp/);
  });

  it("finds enums, lengths, patterns and integer ranges", () => {
    only(validateApiCall(RESOURCE, { ...schedule(), FlexibleTimeWindow: { Mode: "ON" } }), "$.FlexibleTimeWindow.Mode", NOT_ONE_OF);
    only(validateApiCall(RESOURCE, { ...schedule(), Name: "n".repeat(65) }), "$.Name", /length 65 is above the maximum 64/);
    only(validateApiCall(RESOURCE, { ...schedule(), Name: "late alarm" }), "$.Name", /does not match the pattern/);
    only(validateApiCall(RESOURCE, { ...schedule(), FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 1441 } }), "$.FlexibleTimeWindow.MaximumWindowInMinutes", /value 1441 is above the maximum 1440/);
    only(validateApiCall(RESOURCE, { ...schedule(), FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 0 } }), "$.FlexibleTimeWindow.MaximumWindowInMinutes", /value 0 is below the minimum 1/);
    only(validateApiCall(RESOURCE, { ...schedule(), Target: { ...schedule().Target, Input: "" } }), "$.Target.Input", /length 0 is below the minimum 1/);
  });
});

describe("S3 ListObjectsV2, DynamoDB DescribeTable", () => {
  const LIST = "arn:aws:states:::aws-sdk:s3:listObjectsV2";
  const DESCRIBE = "arn:aws:states:::aws-sdk:dynamodb:describeTable";

  it("passes correct requests", () => {
    expect(validateApiCall(LIST, { Bucket: "data", Prefix: "in/manifest", MaxKeys: 10 })).toEqual([]);
    expect(validateApiCall(DESCRIBE, { TableName: "events" })).toEqual([]);
    expect(validateApiCall("arn:aws:states:::aws-sdk:dynamodb:scan", { TableName: "events", Limit: 1 })).toEqual([]);
  });

  it("finds defects in ListObjectsV2", () => {
    only(validateApiCall(LIST, { Prefix: "in/" }), "$.Bucket", MISSING);
    only(validateApiCall(LIST, { Bucket: "data", Key: "in/x" }), "$.Key", UNKNOWN);
    only(validateApiCall(LIST, { Bucket: "data", MaxKeys: "10" }), "$.MaxKeys", /expected an integer/);
    only(validateApiCall(LIST, { Bucket: "data", EncodingType: "base64" }), "$.EncodingType", NOT_ONE_OF);
    only(validateApiCall(LIST, { Bucket: ["data"] }), "$.Bucket", /expected a string/);
  });

  it("finds defects in DescribeTable", () => {
    only(validateApiCall(DESCRIBE, {}), "$.TableName", MISSING);
    only(validateApiCall(DESCRIBE, { TableName: "events", Table: "events" }), "$.Table", UNKNOWN);
    const max = limit("dynamodb", "DescribeTable", "TableName", "max");
    only(validateApiCall(DESCRIBE, { TableName: "t".repeat(max + 1) }), "$.TableName", ABOVE);
    const min = limit("dynamodb", "DescribeTable", "TableName", "min");
    only(validateApiCall(DESCRIBE, { TableName: "t".repeat(min - 1) }), "$.TableName", BELOW);
  });
});

/** Resource strings in the sources under `dir` (recursively) whose names pass `keep`. */
function resourcesIn(dir: string, keep: (file: string) => boolean): { resources: Set<string>; sdkMentions: number } {
  const resources = new Set<string>();
  let sdkMentions = 0;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (keep(p)) {
        const text = readFileSync(p, "utf8");
        for (const m of text.matchAll(/arn:aws:(?:states|scheduler):::[A-Za-z0-9:._-]+/g)) resources.add(m[0]);
        sdkMentions += text.split("aws-sdk:").length - 1;
      }
    }
  };
  walk(dir);
  return { resources, sdkMentions };
}

describe("Resource strings", () => {
  it("resolve SDK service names as Step Functions spells them", () => {
    const expected: Record<string, string> = {
      redshiftdata: "redshift-data",
      sfn: "stepfunctions",
      s3: "s3",
      dynamodb: "dynamodb",
      scheduler: "scheduler",
      ecs: "ecs",
      emr: "emr",
      sns: "sns",
      sqs: "sqs",
      lambda: "lambda",
      eventbridge: "events",
      cloudwatchlogs: "logs",
      cognitoidentityserviceprovider: "cognito-idp",
    };
    for (const [sdk, service] of Object.entries(expected)) expect(resolveSdkService(sdk), sdk).toBe(service);
    expect(resolveSdkService("nosuchservice")).toBeUndefined();
  });

  it("resolve every SDK service name the compiler emits", () => {
    const { resources } = resourcesIn(join(ROOT, "compiler/emit"), (f) => f.endsWith(".ts"));
    const names = new Set([...resources].map((r) => /aws-sdk:([a-z0-9]+):/.exec(r)?.[1]).filter((n): n is string => n !== undefined));
    expect([...names].sort()).toEqual(expect.arrayContaining(["dynamodb", "redshiftdata", "s3", "scheduler"]));
    for (const name of names) expect(resolveSdkService(name), name).toBeDefined();
  });

  it("in compiler/emit and the ASL goldens name operations the models have", () => {
    const emit = resourcesIn(join(ROOT, "compiler/emit"), (f) => f.endsWith(".ts"));
    const goldens = resourcesIn(join(ROOT, "test/fixtures/asl"), (f) => f.endsWith(".json"));
    const all = new Set([...emit.resources, ...goldens.resources]);
    const sdkResources = [...emit.resources].filter((r) => r.includes("aws-sdk:"));
    expect(sdkResources.length, "every aws-sdk: in compiler/emit is part of a whole resource string").toBe(emit.sdkMentions);
    expect(all).toContain("arn:aws:states:::ecs:runTask.sync");
    expect(all).toContain("arn:aws:states:::elasticmapreduce:addStep.sync");
    for (const r of all) {
      const call = operationForResource(r);
      expect(call, r).toBeDefined();
      expect(loadOperation(call!.service, call!.operation).operation).toBe(call!.operation);
    }
  });

  it("map optimized integrations to their API operations", () => {
    const cases: [string, string, string][] = [
      ["ecs:runTask", "ecs", "RunTask"],
      ["ecs:runTask.sync", "ecs", "RunTask"],
      ["ecs:runTask.waitForTaskToken", "ecs", "RunTask"],
      ["elasticmapreduce:createCluster", "emr", "RunJobFlow"],
      ["elasticmapreduce:createCluster.sync", "emr", "RunJobFlow"],
      ["elasticmapreduce:addStep", "emr", "AddJobFlowSteps"],
      ["elasticmapreduce:addStep.sync", "emr", "AddJobFlowSteps"],
      ["elasticmapreduce:terminateCluster", "emr", "TerminateJobFlows"],
      ["elasticmapreduce:terminateCluster.sync", "emr", "TerminateJobFlows"],
      ["elasticmapreduce:cancelStep", "emr", "CancelSteps"],
      ["sns:publish", "sns", "Publish"],
      ["sns:publish.waitForTaskToken", "sns", "Publish"],
      ["states:startExecution", "stepfunctions", "StartExecution"],
      ["states:startExecution.sync", "stepfunctions", "StartExecution"],
      ["states:startExecution.sync:2", "stepfunctions", "StartExecution"],
      ["glue:startJobRun", "glue", "StartJobRun"],
      ["glue:startJobRun.sync", "glue", "StartJobRun"],
      ["athena:startQueryExecution", "athena", "StartQueryExecution"],
      ["athena:startQueryExecution.sync", "athena", "StartQueryExecution"],
      ["batch:submitJob", "batch", "SubmitJob"],
      ["batch:submitJob.sync", "batch", "SubmitJob"],
      ["lambda:invoke", "lambda", "Invoke"],
      ["lambda:invoke.waitForTaskToken", "lambda", "Invoke"],
      ["sqs:sendMessage", "sqs", "SendMessage"],
      ["dynamodb:putItem", "dynamodb", "PutItem"],
      ["dynamodb:getItem", "dynamodb", "GetItem"],
      ["dynamodb:updateItem", "dynamodb", "UpdateItem"],
      ["dynamodb:deleteItem", "dynamodb", "DeleteItem"],
      ["events:putEvents", "events", "PutEvents"],
    ];
    for (const [tail, service, operation] of cases) {
      const call = operationForResource(`arn:aws:states:::${tail}`);
      expect(call, tail).toMatchObject({ kind: "optimized", service, operation });
    }
    expect(operationForResource("arn:aws:states:::aws-sdk:s3:listObjectsV2.waitForTaskToken")).toMatchObject({ kind: "aws-sdk", service: "s3", operation: "ListObjectsV2", pattern: ".waitForTaskToken" });
  });

  it("are unknown for integrations, actions and patterns that do not exist", () => {
    for (const r of [
      "arn:aws:states:::sns:publish.sync",
      "arn:aws:states:::athena:startQueryExecution.waitForTaskToken",
      "arn:aws:states:::elasticmapreduce:cancelStep.sync",
      "arn:aws:states:::aws-sdk:s3:listObjectsV2.sync",
      "arn:aws:states:::aws-sdk:s3:listObjectsV3",
      "arn:aws:states:::aws-sdk:nosuchservice:doThing",
      "arn:aws:states:::ecs:startTask",
      "arn:aws:lambda:us-east-1:123456789012:function:f",
      "arn:aws:scheduler:::aws-sdk:sns:publish.waitForTaskToken",
    ]) {
      expect(operationForResource(r), r).toBeUndefined();
      expect(validateApiCall(r, {})).toEqual([`unknown integration: ${r}`]);
    }
  });

  it("take JSON where Step Functions serializes it, and JSONPath members", () => {
    expect(validateApiCall("arn:aws:states:::states:startExecution.sync:2", { StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:child", Input: { a: 1 } })).toEqual([]);
    expect(validateApiCall("arn:aws:states:::lambda:invoke", { FunctionName: "f", Payload: { a: [1, 2] } })).toEqual([]);
    expect(validateApiCall("arn:aws:states:::sqs:sendMessage", { QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/q", MessageBody: { a: 1 } })).toEqual([]);
    const events = { Entries: [{ Detail: { Message: "m" }, DetailType: "t", Source: "pipec" }] };
    expect(validateApiCall("arn:aws:states:::events:putEvents", events)).toEqual([]);
    only(validateApiCall("arn:aws:states:::events:putEvents", { Entries: [{ ...events.Entries[0], Details: "x" }] }), "$.Entries[0].Details", UNKNOWN);
    expect(validateApiCall("arn:aws:states:::sns:publish", { "TopicArn.$": "$.topic", "Message.$": "$.message" })).toEqual([]);
    only(validateApiCall("arn:aws:states:::sns:publish", { "Topic.$": "$.topic", "Message.$": "$.message" }), "$.Topic", UNKNOWN);
  });
});
