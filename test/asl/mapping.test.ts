/** The Step Functions mapping of each activity type, precondition and action, on both validators. */
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { emitAsl } from "../../compiler/emit/asl/emit.ts";
import { allStates, validateAsl } from "./harness.ts";

const HEAD = `  param *myDbPassword: String
  default { scheduleType = ondemand  role = "R"  resourceRole = "RR"  maximumRetries = 0 }
  Ec2Resource Box { terminateAfter = 1 hour }
  EmrCluster Cluster { releaseLabel = "emr-6.15.0"  coreInstanceCount = 1  terminateAfter = 2 hours }
  RedshiftDatabase Warehouse { clusterId = "wh"  databaseName = "dw"  username = "u"  *password = "#<*myDbPassword>" }
  RdsDatabase Orders { rdsInstanceId = "orders"  databaseName = "orders"  username = "u"  *password = "#<*myDbPassword>" }
  S3DataNode In { directoryPath = "s3://bucket/in/#<format(@scheduledStartTime, 'YYYY-MM-dd')>/" }
  S3DataNode Out { directoryPath = "s3://bucket/out/" }
  RedshiftDataNode Table { database = Warehouse  tableName = "events" }
`;

function build(body: string) {
  const r = compile("m.pipe", `pipeline m {\n${HEAD}${body}\n}\n`);
  const front = r.diagnostics.filter((d) => d.severity === "error");
  if (front.length) throw new Error(front.map((d) => `${d.code} ${d.message}`).join("; "));
  return emitAsl(r.ir.pipelines[0]!);
}

function state(a: ReturnType<typeof build>, name: string): Record<string, unknown> {
  const found = allStates(a.definition as never).find(([n]) => n === name);
  if (!found) throw new Error(`no state ${name}`);
  return found[1];
}

const CASES: { name: string; body: string; state: string; resource: string }[] = [
  { name: "ShellCommandActivity on an Ec2Resource", body: `ShellCommandActivity A { runsOn = Box  command = "echo hi" }`, state: "A", resource: "arn:aws:states:::ecs:runTask.sync" },
  { name: "ShellCommandActivity on an EmrCluster", body: `ShellCommandActivity A { runsOn = Cluster  command = "echo hi" }`, state: "A", resource: "arn:aws:states:::elasticmapreduce:addStep.sync" },
  { name: "ShellCommandActivity with staging", body: `ShellCommandActivity A { runsOn = Box  stage = true  input = In  output = Out  command = "cp -r \${INPUT1_STAGING_DIR}/* \${OUTPUT1_STAGING_DIR}/" }`, state: "A", resource: "arn:aws:states:::ecs:runTask.sync" },
  { name: "CopyActivity S3 to S3", body: `CopyActivity A { runsOn = Box  input = In  output = Out }`, state: "A", resource: "arn:aws:states:::ecs:runTask.sync" },
  { name: "EmrActivity", body: `EmrActivity A { runsOn = Cluster  step = ["s3://b/a.jar,arg1,arg2", "s3://b/b.jar"] }`, state: "A_step1", resource: "arn:aws:states:::elasticmapreduce:addStep.sync" },
  { name: "HadoopActivity", body: `HadoopActivity A { runsOn = Cluster  jarUri = "s3://b/a.jar"  mainClass = "Main"  argument = ["x"] }`, state: "A", resource: "arn:aws:states:::elasticmapreduce:addStep.sync" },
  { name: "HiveActivity", body: `HiveActivity A { runsOn = Cluster  stage = false  hiveScript = "select 1;" }`, state: "A", resource: "arn:aws:states:::elasticmapreduce:addStep.sync" },
  { name: "PigActivity", body: `PigActivity A { runsOn = Cluster  stage = false  scriptUri = "s3://b/x.pig" }`, state: "A", resource: "arn:aws:states:::elasticmapreduce:addStep.sync" },
  { name: "SqlActivity on Redshift", body: `SqlActivity A { runsOn = Box  database = Warehouse  script = "delete from t where d < '#<format(@scheduledStartTime, 'YYYY-MM-dd')>'" }`, state: "A_submit", resource: "arn:aws:states:::aws-sdk:redshiftdata:executeStatement" },
  { name: "SqlActivity on RDS", body: `SqlActivity A { runsOn = Box  database = Orders  script = "delete from sessions" }`, state: "A", resource: "arn:aws:states:::ecs:runTask.sync" },
  { name: "RedshiftCopyActivity", body: `RedshiftCopyActivity A { runsOn = Box  input = In  output = Table  insertMode = "TRUNCATE" }`, state: "A_submit", resource: "arn:aws:states:::aws-sdk:redshiftdata:batchExecuteStatement" },
];

describe("activity mapping", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const a = build(c.body);
      expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(state(a, c.state).Resource).toBe(c.resource);
      expect(await validateAsl(a.definition, a.text!)).toEqual([]);
    });
  }

  it("EMR activities: the cluster is created before and terminated after, also on failure", () => {
    const a = build(`HadoopActivity A { runsOn = Cluster  jarUri = "s3://b/a.jar" }`);
    expect(state(a, "Cluster_create").Resource).toBe("arn:aws:states:::elasticmapreduce:createCluster.sync");
    expect((state(a, "Cluster_create").Arguments as { Instances: { KeepJobFlowAliveWhenNoSteps: boolean } }).Instances.KeepJobFlowAliveWhenNoSteps).toBe(true);
    expect(state(a, "Cluster_run").Catch).toEqual([expect.objectContaining({ Next: "Cluster_terminate_on_failure" })]);
    expect(state(a, "Cluster_terminate").Resource).toBe("arn:aws:states:::elasticmapreduce:terminateCluster.sync");
    expect(state(a, "Cluster_terminate_on_failure").Next).toBe("Cluster_failed");
  });

  it("preconditions become poll loops; onSuccess publishes; onLateAction arms a one-time schedule", async () => {
    const a = build(`
  S3PrefixNotEmpty HasInput { s3Prefix = "s3://bucket/in/"  retryDelay = 2 minutes }
  DynamoDBTableExists TableReady { tableName = "t"  retryDelay = 2 minutes }
  SnsAlarm Ok { topicArn = "arn:aws:sns:us-east-1:1:ok"  subject = "ok"  message = "#<node.name> done" }
  SnsAlarm Late { topicArn = "arn:aws:sns:us-east-1:1:late"  subject = "late"  message = "#<node.name> is late" }
  ShellCommandActivity A { runsOn = Box  command = "x"  precondition = [HasInput, TableReady]  onSuccess = Ok  onLateAction = Late  lateAfterTimeout = 2 hours }`);
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(await validateAsl(a.definition, a.text!)).toEqual([]);
    expect(state(a, "A_HasInput_check").Resource).toBe("arn:aws:states:::aws-sdk:s3:listObjectsV2");
    expect(state(a, "A_TableReady_check").Resource).toBe("arn:aws:states:::aws-sdk:dynamodb:describeTable");
    expect(state(a, "A_onSuccess_Ok").Resource).toBe("arn:aws:states:::sns:publish");
    expect(state(a, "A_late_alarm").Resource).toBe("arn:aws:states:::aws-sdk:scheduler:createSchedule");
    expect(state(a, "A_late_alarm_delete").Resource).toBe("arn:aws:states:::aws-sdk:scheduler:deleteSchedule");
    const iam = a.iam.statements.flatMap((s) => s.actions);
    for (const x of ["sns:Publish", "s3:ListBucket", "dynamodb:DescribeTable", "scheduler:CreateSchedule", "ecs:RunTask"]) expect(iam).toContain(x);
  });

  it("parameters come from the execution input over their defaults", () => {
    const r = compile("p.pipe", `pipeline p {
  default { scheduleType = ondemand  role = "R"  resourceRole = "RR" }
  param myBucket: String = "dflt"
  Ec2Resource Box { terminateAfter = 1 hour }
  ShellCommandActivity A { runsOn = Box  command = "ls #<myBucket>" }
}
`);
    const a = emitAsl(r.ir.pipelines[0]!);
    const init = state(a, "Init").Assign as Record<string, string>;
    expect(init.params).toBe('{% $merge([{"myBucket":"dflt"}, $exists($states.input.parameters) ? $states.input.parameters : {}]) %}');
    expect(a.schedule).toBeUndefined();
  });

  const REFUSED: { name: string; body: string; code: string; mentions: string }[] = [
    { name: "HiveCopyActivity", body: `HiveCopyActivity A { runsOn = Cluster  input = In  output = Out }`, code: "PIPE5201", mentions: "'A'" },
    { name: "a workerGroup", body: `ShellCommandActivity A { workerGroup = "wg"  command = "x" }`, code: "PIPE5201", mentions: "workerGroup" },
    { name: "a CopyActivity into Redshift", body: `CopyActivity A { runsOn = Box  input = In  output = Table }`, code: "PIPE5201", mentions: "RedshiftDataNode" },
    { name: "an Exists precondition", body: `Exists E { }\n  ShellCommandActivity A { runsOn = Box  command = "x"  precondition = E }`, code: "PIPE5203", mentions: "'E'" },
    { name: "day arithmetic in a DST zone", body: `ShellCommandActivity A { runsOn = Box  command = "#<format(plusDays(inTimeZone(@scheduledStartTime, 'Europe/Paris'), 1), 'YYYY')>" }`, code: "PIPE5202", mentions: "daylight saving" },
  ];
  for (const c of REFUSED) {
    it(`refuses ${c.name} with ${c.code}, naming the object`, () => {
      const r = compile("m.pipe", `pipeline m {\n${HEAD}${c.body}\n}\n`);
      const a = emitAsl(r.ir.pipelines[0]!);
      const e = a.diagnostics.filter((d) => d.severity === "error");
      expect(e.map((d) => d.code)).toContain(c.code);
      expect(e.map((d) => d.message).join("\n")).toContain(c.mentions);
      expect(a.definition).toBeUndefined();
    });
  }
});
