/**
 * What the emitted state machines do, under Data Pipeline's semantics: small pipelines written
 * as a user would, compiled to Step Functions and run on the executor's virtual clock with mocked
 * AWS services. Each assertion is on the run (calls, their times and arguments, the outcome), not
 * on the shape of the JSON; every call's arguments are also checked against the AWS service model.
 */
import { describe, expect, it } from "vitest";
import { failure, never, ok, type CallRecord, type RunOptions, type RunResult, type ServiceHandler } from "./executor/executor.ts";
import { ARN, RUNTIME, WORK, callsTo, emitPipe, invalidCalls, machineOf, run } from "./run-pipe.ts";

const HEAD = `
  param *myDbPassword: String
  default { scheduleType = ondemand  role = "DataPipelineDefaultRole"  resourceRole = "DataPipelineDefaultResourceRole" }
  Ec2Resource Box { instanceType = "m5.large"  terminateAfter = 2 hours }
  EmrCluster Cluster { releaseLabel = "emr-6.15.0"  masterInstanceType = "m5.xlarge"  coreInstanceCount = 2  terminateAfter = 6 hours }
  RedshiftDatabase Warehouse { clusterId = "analytics-prod"  databaseName = "dw"  username = "etl"  *password = "#<*myDbPassword>" }
  RdsDatabase Orders { rdsInstanceId = "orders-prod"  databaseName = "orders"  username = "etl"  *password = "#<*myDbPassword>" }
  CSV OrdersCsv { column = ["id STRING", "amount DOUBLE"] }
  S3DataNode Landing { directoryPath = "s3://example-landing/orders/#<format(@scheduledStartTime, 'YYYY-MM-dd')>/"  dataFormat = OrdersCsv }
  S3DataNode Archive { directoryPath = "s3://example-archive/orders/"  dataFormat = OrdersCsv }
  RedshiftDataNode OrdersTable { database = Warehouse  schemaName = "staging"  tableName = "orders" }
  SnsAlarm Failed { topicArn = "arn:aws:sns:us-east-1:123456789012:etl-alarms"  subject = "#<node.name> failed"  message = "#<node.name> failed: #<node.errorMessage>" }
  SnsAlarm Succeeded { topicArn = "arn:aws:sns:us-east-1:123456789012:etl-alarms"  subject = "#<node.name> done"  message = "#<node.name> finished" }
`;

const pipe = (body: string) => `pipeline orders_etl {${HEAD}\n${body}\n}\n`;

/** Runs a machine and checks every call's arguments against the AWS models. */
async function exec(definition: unknown, services?: ServiceHandler, options?: Omit<RunOptions, "services">): Promise<RunResult> {
  const r = await run(definition, services, options);
  expect(invalidCalls(r.calls)).toEqual([]);
  return r;
}

const at = (calls: readonly CallRecord[]) => calls.map((c) => c.at);
const gaps = (xs: readonly number[]) => xs.slice(1).map((x, i) => x - xs[i]!);
const states = (r: RunResult) => r.calls.map((c) => c.state);
const onState = (r: RunResult, ...names: string[]) => r.calls.filter((c) => names.includes(c.state));
const message = (c: CallRecord) => String((c.args as { Message: unknown }).Message);

/** Each activity kind: its body (without the closing brace) and the state of the call that starts an attempt. */
const KINDS: Record<string, { body: string; submit: string; emr?: boolean }> = {
  "ShellCommandActivity (ECS)": { body: `ShellCommandActivity A { runsOn = Box  command = "load-orders --day #<format(@scheduledStartTime, 'YYYY-MM-dd')>"`, submit: "A" },
  "SqlActivity on Redshift": { body: `SqlActivity A { runsOn = Box  database = Warehouse  script = "delete from staging.orders where day < current_date - 30"`, submit: "A_submit" },
  "SqlActivity on RDS (ECS)": { body: `SqlActivity A { runsOn = Box  database = Orders  script = "delete from sessions where last_seen < now() - interval 30 day"`, submit: "A" },
  RedshiftCopyActivity: { body: `RedshiftCopyActivity A { runsOn = Box  input = Landing  output = OrdersTable  insertMode = "APPEND"`, submit: "A_submit" },
  "EmrActivity with 2 steps": { body: `EmrActivity A { runsOn = Cluster  step = ["s3://example-jobs/etl.jar,--day,2026-03-01", "command-runner.jar,spark-submit,s3://example-jobs/agg.py"]`, submit: "A_step1", emr: true },
  HiveActivity: { body: `HiveActivity A { runsOn = Cluster  input = Landing  output = Archive  hiveScript = "INSERT OVERWRITE TABLE \${output1} SELECT * FROM \${input1};"`, submit: "A_step1", emr: true },
  CopyActivity: { body: `CopyActivity A { runsOn = Box  input = Landing  output = Archive`, submit: "A" },
};

/** The activity of a kind with extra fields, the onFail alarm and a dependent. */
const withDependent = (body: string, fields: string) =>
  pipe(`  ${body}  ${fields}  onFail = Failed }\n  ShellCommandActivity After { runsOn = Box  dependsOn = A  command = "publish-orders" }`);

const failWork = (cause: string): ServiceHandler => (resource) => (WORK.has(resource) ? failure("States.TaskFailed", cause) : undefined);

describe("attempts: maximumRetries, retryDelay, onFail", () => {
  for (const [kind, k] of Object.entries(KINDS)) {
    it(`${kind}: 1 + 3 attempts 600 s apart, then onFail once, then the run fails; dependents never run`, async () => {
      const def = machineOf(withDependent(k.body, "maximumRetries = 3  retryDelay = 10 minutes"));
      const r = await exec(def, failWork(`boom in ${kind}`));
      expect(r).toMatchObject({ status: "FAILED", error: "ActivityFailed" });
      const submits = onState(r, k.submit);
      expect(submits).toHaveLength(4);
      expect(gaps(at(submits))).toEqual([600, 600, 600]);
      const alarms = callsTo(r, ARN.sns);
      expect(alarms).toHaveLength(1);
      expect(alarms[0]!.at).toBeGreaterThanOrEqual(submits[3]!.at);
      expect(message(alarms[0]!)).toBe(`A failed: boom in ${kind}`);
      expect(states(r)).not.toContain("After");
      if (k.emr) {
        expect(callsTo(r, ARN.terminateCluster)).toHaveLength(1);
        expect(callsTo(r, ARN.terminateCluster)[0]!.at).toBeGreaterThanOrEqual(alarms[0]!.at);
      }
    });

    it(`${kind}: maximumRetries = 0 is one attempt (run-time settings from the execution input)`, async () => {
      const def = machineOf(withDependent(k.body, "maximumRetries = 0"), {});
      const r = await exec(def, failWork("exit 1"), { input: { runtime: RUNTIME } });
      expect(r).toMatchObject({ status: "FAILED", error: "ActivityFailed" });
      expect(onState(r, k.submit)).toHaveLength(1);
      expect(callsTo(r, ARN.sns)).toHaveLength(1);
      expect(states(r)).not.toContain("After");
      for (const c of callsTo(r, ARN.ecs)) expect(c.args).toMatchObject({ Cluster: RUNTIME.ecsCluster, TaskDefinition: RUNTIME.shellTaskDefinition });
    });
  }
});

describe("Redshift statements: the whole submit-and-poll loop is one attempt", () => {
  const sql = (fields: string) => machineOf(withDependent(KINDS["SqlActivity on Redshift"]!.body, `maximumRetries = 2  retryDelay = 10 minutes  ${fields}`));
  /** A Data API that numbers its statements and reports `status` for each. */
  function dataApi(status: (id: string) => Record<string, unknown>): ServiceHandler {
    let n = 0;
    return (resource, args) => {
      if (resource === ARN.execute) return ok({ Id: stmt(++n) });
      if (resource === ARN.describe) return ok({ Id: (args as { Id: string }).Id, ...status((args as { Id: string }).Id) });
      return undefined;
    };
  }
  const stmt = (n: number) => `4d2c7a9e-0b1f-4e6a-9c3d-00000000000${n}`;
  const error = 'ERROR: relation "staging.orders" does not exist';

  it("a statement that ends FAILED fails the attempt: it is submitted again, and onFail follows the last", async () => {
    const r = await exec(sql(""), dataApi(() => ({ Status: "FAILED", Error: error })));
    expect(r).toMatchObject({ status: "FAILED", error: "ActivityFailed" });
    const submits = callsTo(r, ARN.execute);
    expect(submits).toHaveLength(3);
    // Each attempt: submit, one poll 10 s later that reads FAILED, then retryDelay.
    expect(gaps(at(submits))).toEqual([610, 610]);
    expect(callsTo(r, ARN.describe).map((c) => (c.args as { Id: string }).Id)).toEqual([stmt(1), stmt(2), stmt(3)]);
    const alarms = callsTo(r, ARN.sns);
    expect(alarms).toHaveLength(1);
    expect(message(alarms[0]!)).toBe(`A failed: ${error}`);
    expect(states(r)).not.toContain("After");
  });

  it("a statement that never finishes is cancelled at attemptTimeout, each attempt, then onFail", async () => {
    const r = await exec(sql("attemptTimeout = 1 hour"), dataApi(() => ({ Status: "STARTED" })));
    expect(r).toMatchObject({ status: "FAILED", error: "ActivityFailed" });
    const submits = callsTo(r, ARN.execute);
    const cancels = callsTo(r, ARN.cancel);
    expect(submits).toHaveLength(3);
    expect(cancels.map((c) => c.args)).toEqual([1, 2, 3].map((n) => ({ Id: stmt(n) })));
    for (let i = 0; i < 3; i++) {
      const took = cancels[i]!.at - submits[i]!.at;
      expect(took).toBeGreaterThanOrEqual(3600);
      expect(took).toBeLessThanOrEqual(3600 + 10);
      if (i < 2) expect(submits[i + 1]!.at - cancels[i]!.at).toBe(600);
    }
    const alarms = callsTo(r, ARN.sns);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.at).toBe(cancels[2]!.at);
    expect(r.trace.filter((t) => t.state === "A" && (t.event === "retry" || t.event === "caught")).map((t) => t.error)).toEqual(["Pipec.AttemptTimedOut", "Pipec.AttemptTimedOut", "Pipec.AttemptTimedOut"]);
  });

  it("without attemptTimeout the attempt waits for the statement for ever, as Data Pipeline does (no timeout means wait)", async () => {
    const r = await exec(sql(""), dataApi(() => ({ Status: "STARTED" })), { maxSeconds: 2 * 86_400, maxTransitions: 100_000 });
    expect(r).toMatchObject({ status: "LIMIT", limit: "time" });
    expect(callsTo(r, ARN.execute)).toHaveLength(1);
    expect(callsTo(r, ARN.describe).length).toBeGreaterThan(17_000);
    expect(callsTo(r, ARN.cancel)).toEqual([]);
    expect(callsTo(r, ARN.sns)).toEqual([]);
  });
});

describe("attemptTimeout on ECS and EMR tasks", () => {
  const cases: { name: string; body: string; submit: string; services: ServiceHandler }[] = [
    { name: "an ECS task that never ends", body: KINDS["ShellCommandActivity (ECS)"]!.body, submit: "A", services: (res) => (res === ARN.ecs ? never() : undefined) },
    { name: "an EMR step that never ends", body: `HadoopActivity A { runsOn = Cluster  jarUri = "s3://example-jobs/etl.jar"  argument = ["--day", "2026-03-01"]`, submit: "A", services: (res) => (res === ARN.addStep ? never() : undefined) },
    {
      name: "two EMR steps, the second never ends: the attempt's hour covers both",
      body: KINDS["EmrActivity with 2 steps"]!.body,
      submit: "A_step1",
      services: (res, _args, call) => (res === ARN.addStep ? (call.state === "A_step1" ? ok({}, 3000) : never()) : undefined),
    },
  ];
  for (const c of cases) {
    it(`${c.name}: cut at attemptTimeout (States.Timeout), retried, onFail after the last`, async () => {
      const r = await exec(machineOf(withDependent(c.body, "maximumRetries = 2  retryDelay = 10 minutes  attemptTimeout = 1 hour")), c.services);
      expect(r).toMatchObject({ status: "FAILED", error: "ActivityFailed" });
      const starts = at(onState(r, c.submit));
      const ends = r.trace.filter((t) => t.state === "A" && (t.event === "retry" || t.event === "caught"));
      expect(starts).toHaveLength(3);
      expect(ends.map((t) => t.error)).toEqual(["States.Timeout", "States.Timeout", "States.Timeout"]);
      expect(ends.map((t, i) => t.at - starts[i]!)).toEqual([3600, 3600, 3600]);
      expect(gaps(starts)).toEqual([4200, 4200]);
      expect(at(callsTo(r, ARN.sns))).toEqual([ends[2]!.at]);
      expect(states(r)).not.toContain("After");
    });
  }
});

describe("success path", () => {
  const def = machineOf(
    pipe(`
  ShellCommandActivity Extract { runsOn = Box  command = "extract-orders"  onSuccess = Succeeded }
  ShellCommandActivity Clean { runsOn = Box  dependsOn = Extract  command = "clean-orders" }
  SqlActivity Purge { runsOn = Box  database = Warehouse  dependsOn = Extract  script = "delete from staging.orders where day < current_date - 30" }
  ShellCommandActivity Publish { runsOn = Box  dependsOn = [Clean, Purge]  command = "publish-orders" }`),
  );

  it("onSuccess publishes after the activity; dependents after their dependencies; parallel branches both run", async () => {
    const r = await exec(def, (res) => (res === ARN.ecs ? ok({}, 120) : undefined));
    expect(r.status).toBe("SUCCEEDED");
    const [extract, clean, purge, publish] = ["Extract", "Clean", "Purge_submit", "Publish"].map((s) => onState(r, s));
    for (const c of [extract, clean, purge, publish]) expect(c).toHaveLength(1);
    const alarm = onState(r, "Extract_onSuccess_Succeeded");
    expect(alarm.map(message)).toEqual(["Extract finished"]);
    expect(alarm[0]!.at).toBe(extract![0]!.at + 120);
    // Clean and Purge start together once Extract and its alarm are done.
    expect(clean![0]!.at).toBe(alarm[0]!.at);
    expect(purge![0]!.at).toBe(alarm[0]!.at);
    expect(clean![0]!.path).not.toBe(purge![0]!.path);
    // Publish waits for the slower branch: Clean takes 120 s, Purge one 10 s poll.
    expect(publish![0]!.at).toBe(clean![0]!.at + 120);
    const order = states(r);
    expect(order.indexOf("Extract")).toBeLessThan(order.indexOf("Extract_onSuccess_Succeeded"));
    expect(order.indexOf("Purge_poll")).toBeLessThan(order.indexOf("Publish"));
    expect(callsTo(r, ARN.sns)).toHaveLength(1);
  });
});

/** S3 as ListObjectsV2 sees it: each object exists from `from` seconds on; keys in UTF-8 order. */
function s3(objects: readonly { uri: string; from?: number }[]): ServiceHandler {
  return (resource, args, call) => {
    if (resource !== ARN.list) return undefined;
    const a = args as { Bucket: string; Prefix: string; MaxKeys: number };
    const base = `s3://${a.Bucket}/`;
    const keys = objects
      .filter((o) => (o.from ?? 0) <= call.at && o.uri.startsWith(base + a.Prefix))
      .map((o) => o.uri.slice(base.length))
      .sort()
      .slice(0, a.MaxKeys);
    return ok({ Name: a.Bucket, Prefix: a.Prefix, MaxKeys: a.MaxKeys, KeyCount: keys.length, ...(keys.length ? { Contents: keys.map((Key) => ({ Key, Size: 0 })) } : {}) });
  };
}
const READY = `S3KeyExists Ready { s3Key = "s3://example-landing/orders/#<format(@scheduledStartTime, 'YYYY-MM-dd')>/_SUCCESS"  preconditionTimeout = 1 hour  retryDelay = 10 minutes }`;
const SUCCESS = "s3://example-landing/orders/2026-03-01/_SUCCESS";

describe("preconditions", () => {
  const def = machineOf(pipe(`  ${READY}\n  ${KINDS["ShellCommandActivity (ECS)"]!.body}  precondition = Ready  onFail = Failed }`));

  for (const [name, objects] of [["nothing there", []], ["only x/_SUCCESS.tmp", [{ uri: `${SUCCESS}.tmp` }]]] as const) {
    it(`never met (${name}): the task never runs; the run fails PreconditionTimedOut after preconditionTimeout`, async () => {
      const r = await exec(def, s3(objects));
      expect(r).toMatchObject({ status: "FAILED", error: "PreconditionTimedOut" });
      expect(callsTo(r, ARN.ecs)).toEqual([]);
      expect(callsTo(r, ARN.sns)).toEqual([]);
      const checks = callsTo(r, ARN.list);
      expect(checks[0]!.args).toEqual({ Bucket: "example-landing", Prefix: "orders/2026-03-01/_SUCCESS", MaxKeys: 1 });
      expect(new Set(gaps(at(checks)))).toEqual(new Set([600]));
      expect(r.elapsedSeconds).toBeGreaterThan(3600 - 600);
      expect(r.elapsedSeconds).toBeLessThanOrEqual(3600);
    });
  }

  it("met when the key appears: the task starts at the next check", async () => {
    const r = await exec(def, s3([{ uri: `${SUCCESS}.tmp` }, { uri: SUCCESS, from: 1500 }]));
    expect(r.status).toBe("SUCCEEDED");
    expect(at(callsTo(r, ARN.list))).toEqual([0, 600, 1200, 1800]);
    expect(at(callsTo(r, ARN.ecs))).toEqual([1800]);
  });
});

describe("EMR clusters", () => {
  const def = machineOf(
    pipe(`  ${READY}
  DynamoDBTableExists OrdersReady { tableName = "orders-export"  preconditionTimeout = 30 minutes  retryDelay = 5 minutes }
  ${KINDS["EmrActivity with 2 steps"]!.body}  precondition = Ready  maximumRetries = 1  onFail = Failed }
  HadoopActivity B { runsOn = Cluster  dependsOn = A  precondition = OrdersReady  jarUri = "s3://example-jobs/export.jar"  maximumRetries = 0 }`),
  );
  const table = (exists: boolean): ServiceHandler => (res) =>
    res === ARN.describeTable ? (exists ? ok({ Table: { TableName: "orders-export", TableStatus: "ACTIVE" } }) : failure("DynamoDB.ResourceNotFoundException", "Requested resource not found")) : undefined;
  const both = (...hs: ServiceHandler[]): ServiceHandler => async (res, args, call) => {
    for (const h of hs) {
      const out = await h(res, args, call);
      if (out) return out;
    }
    return undefined;
  };
  const order = (r: RunResult) => r.calls.filter((c) => [ARN.list, ARN.createCluster, ARN.addStep, ARN.terminateCluster].includes(c.resource as never)).map((c) => c.state);

  it("created only after the first activity's precondition holds; terminated once after the last activity", async () => {
    const r = await exec(def, both(s3([{ uri: SUCCESS, from: 700 }]), table(true)));
    expect(r.status).toBe("SUCCEEDED");
    expect(order(r)).toEqual(["A_Ready_check", "A_Ready_check", "A_Ready_check", "Cluster_create", "A_step1", "A_step2", "B", "Cluster_terminate"]);
    expect(callsTo(r, ARN.createCluster)[0]!.at).toBe(1200);
    expect(callsTo(r, ARN.terminateCluster).map((c) => c.args)).toEqual([{ ClusterId: "j-ABC" }]);
    for (const c of callsTo(r, ARN.addStep)) expect((c.args as { ClusterId: string }).ClusterId).toBe("j-ABC");
  });

  it("terminated once when an activity on it fails every attempt", async () => {
    const r = await exec(def, both(s3([{ uri: SUCCESS }]), (res) => (res === ARN.addStep ? failure("States.TaskFailed", "Step failed") : undefined)));
    expect(r).toMatchObject({ status: "FAILED", error: "ActivityFailed" });
    expect(onState(r, "A_step1")).toHaveLength(2);
    expect(callsTo(r, ARN.createCluster)).toHaveLength(1);
    const term = callsTo(r, ARN.terminateCluster);
    expect(term.map((c) => c.args)).toEqual([{ ClusterId: "j-ABC" }]);
    expect(term[0]!.at).toBe(r.elapsedSeconds);
    expect(states(r)).not.toContain("B");
  });

  it("terminated once when a precondition inside its part of the run never holds", async () => {
    const r = await exec(def, both(s3([{ uri: SUCCESS }]), table(false)));
    expect(r).toMatchObject({ status: "FAILED", error: "PreconditionTimedOut" });
    expect(states(r)).not.toContain("B");
    expect(callsTo(r, ARN.describeTable).length).toBeGreaterThan(1);
    expect(callsTo(r, ARN.terminateCluster)).toHaveLength(1);
  });

  it("never created when the first activity's precondition never holds", async () => {
    const r = await exec(def, both(s3([]), table(true)));
    expect(r).toMatchObject({ status: "FAILED", error: "PreconditionTimedOut" });
    expect(callsTo(r, ARN.createCluster, ARN.addStep, ARN.terminateCluster)).toEqual([]);
  });
});

describe("a failure in one branch of a Parallel", () => {
  const def = machineOf(
    pipe(`  ShellCommandActivity A { runsOn = Box  command = "fails"  maximumRetries = 0  onFail = Failed }
  ${KINDS["EmrActivity with 2 steps"]!.body}  maximumRetries = 0 }`.replace("EmrActivity A", "EmrActivity E")),
  );

  it("lets the other branches finish, so a cluster there is terminated, then fails the run with that error", async () => {
    // A fails at once; E's steps run for 300 s each on the cluster in the other branch.
    const r = await exec(def, (res) => (res === ARN.ecs ? failure("States.TaskFailed", "exit 1") : res === ARN.addStep ? ok({}, 300) : undefined));
    expect(r).toMatchObject({ status: "FAILED", error: "ActivityFailed" });
    expect(onState(r, "E_step1", "E_step2")).toHaveLength(2);
    const term = callsTo(r, ARN.terminateCluster);
    expect(term.map((c) => c.args)).toEqual([{ ClusterId: "j-ABC" }]);
    expect(term[0]!.at).toBeGreaterThanOrEqual(600);
    expect(callsTo(r, ARN.sns).map(message)).toEqual(["A failed: exit 1"]);
  });
});

describe("late alarm and preconditions", () => {
  const def = machineOf(
    pipe(`  SnsAlarm Late { topicArn = "arn:aws:sns:us-east-1:123456789012:etl-alarms"  subject = "late"  message = "#<node.name> is late" }
  S3KeyExists Slow { s3Key = "${SUCCESS}"  preconditionTimeout = 4 hours  retryDelay = 30 minutes }
  ShellCommandActivity A { runsOn = Box  command = "go"  precondition = Slow  lateAfterTimeout = 2 hours  onLateAction = Late }`),
  );

  it("arms the alarm before waiting on preconditions: late is counted from the scheduled start", async () => {
    const met = await exec(def, s3([{ uri: SUCCESS, from: 3 * 3600 }]));
    expect(met.status).toBe("SUCCEEDED");
    const create = callsTo(met, ARN.createSchedule);
    expect(create).toHaveLength(1);
    expect(create[0]!.at).toBe(0);
    expect(callsTo(met, ARN.list)[0]!.at).toBeGreaterThanOrEqual(create[0]!.at);
    expect((create[0]!.args as { ScheduleExpression: string }).ScheduleExpression).toBe("at(2026-03-01T04:00:00)");
    expect(callsTo(met, ARN.deleteSchedule)).toHaveLength(1);
    // Never met: the alarm stays armed and fires, as the activity never finishes.
    const never = await exec(def, s3([]));
    expect(never).toMatchObject({ status: "FAILED", error: "PreconditionTimedOut" });
    expect(callsTo(never, ARN.createSchedule)).toHaveLength(1);
    expect(callsTo(never, ARN.deleteSchedule)).toEqual([]);
  });
});

describe("parameters in fields that must be literals", () => {
  const text = `pipeline retries {
  param myMaxRetries: Integer = 1
${HEAD}
  ShellCommandActivity A { runsOn = Box  command = "exit 1"  maximumRetries = "#<myMaxRetries>"  retryDelay = 10 minutes }
}`;
  const attempts = async (values?: { id: string; values: string[]; list: boolean }[]) => {
    const r = await exec(machineOf(text, { runtime: RUNTIME, values }), failWork("exit 1"));
    expect(r.status).toBe("FAILED");
    return callsTo(r, ARN.ecs).length;
  };

  it("maximumRetries from a parameter: the environment's value, else the default", async () => {
    expect(await attempts([{ id: "myMaxRetries", values: ["3"], list: false }])).toBe(4);
    expect(await attempts()).toBe(2);
  });

  it("an expression computed at run time there is PIPE5213, and no machine is written", () => {
    const a = emitPipe(text.replace(`"#<myMaxRetries>"`, `"#<format(@scheduledStartTime,'H')>"`));
    expect(a.definition).toBeUndefined();
    expect(a.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["PIPE5213"]);
  });
});

describe("EMR step arguments written with expressions", () => {
  it("are a list also when there is one; escaped commas stay in one argument", async () => {
    const def = machineOf(`pipeline steps {
  param myJar: String = "s3://example-jobs/etl.jar"
  param myArg: String = "--full"
  param myStep: String = "s3://b/x.jar,onlyarg"
${HEAD}
  EmrActivity E { runsOn = Cluster  step = ["#<myJar>,#<myArg>", "#<myStep>", "#<myJar>,a\\\\,b,c", "#<myJar>", "s3://b/literal.jar,x\\\\,y"] }
}`);
    const r = await exec(def);
    expect(r.status).toBe("SUCCEEDED");
    expect(callsTo(r, ARN.addStep).map((c) => (c.args as { Step: { HadoopJarStep: unknown } }).Step.HadoopJarStep)).toEqual([
      { Jar: "s3://example-jobs/etl.jar", Args: ["--full"] },
      { Jar: "s3://b/x.jar", Args: ["onlyarg"] },
      { Jar: "s3://example-jobs/etl.jar", Args: ["a,b", "c"] },
      { Jar: "s3://example-jobs/etl.jar", Args: [] },
      { Jar: "s3://b/literal.jar", Args: ["x,y"] },
    ]);
  });
});

describe("Redshift SQL", () => {
  const sqlCalls = async (body: string) => {
    const r = await exec(machineOf(pipe(`  RedshiftDataNode Keyed { database = Warehouse  schemaName = "sales"  tableName = "orders"  primaryKeys = ["id", "day"] }\n  ${body}`)));
    expect(r.status).toBe("SUCCEEDED");
    return callsTo(r, ARN.execute, ARN.batch).map((c): Record<string, unknown> => ({ api: c.resource.split(":").pop(), ...(c.args as Record<string, unknown>) }));
  };
  const COPY_FROM = "FROM 's3://example-landing/orders/2026-03-01/' IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-copy' CSV";

  it("TRUNCATE: DELETE then COPY into the quoted schema and table, in one transaction", async () => {
    expect(await sqlCalls(`RedshiftCopyActivity A { runsOn = Box  input = Landing  output = OrdersTable  insertMode = "TRUNCATE" }`)).toEqual([
      { api: "batchExecuteStatement", ClusterIdentifier: "analytics-prod", Database: "dw", SecretArn: RUNTIME.redshiftSecretArn, StatementName: "A", Sqls: ['DELETE FROM "staging"."orders"', `COPY "staging"."orders" ${COPY_FROM}`] },
    ]);
  });

  it("OVERWRITE_EXISTING with primaryKeys merges through a staging temp table", async () => {
    const [call] = await sqlCalls(`RedshiftCopyActivity A { runsOn = Box  input = Landing  output = Keyed  insertMode = "OVERWRITE_EXISTING" }`);
    expect(call).toMatchObject({ api: "batchExecuteStatement" });
    expect(call!.Sqls).toEqual([
      'CREATE TEMP TABLE "staging" (LIKE "sales"."orders")',
      `COPY "staging" ${COPY_FROM}`,
      'DELETE FROM "sales"."orders" USING "staging" WHERE "sales"."orders"."id" = "staging"."id" AND "sales"."orders"."day" = "staging"."day"',
      'INSERT INTO "sales"."orders" SELECT * FROM "staging"',
    ]);
  });

  it("KEEP_EXISTING without primaryKeys is PIPE5201", () => {
    const a = emitPipe(pipe(`  RedshiftCopyActivity A { runsOn = Box  input = Landing  output = OrdersTable  insertMode = "KEEP_EXISTING" }`));
    expect(a.definition).toBeUndefined();
    expect(a.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["PIPE5201"]);
  });

  it("a script of two statements (';' in a string and in comments) is one batch of two; one statement is executeStatement", async () => {
    const two = await sqlCalls(`SqlActivity A { runsOn = Box  database = Warehouse  script = """
      -- purge; then reload
      delete from staging.orders where note = 'a;b';
      /* keep; going */ insert into staging.orders select * from raw.orders;
      """ }`);
    expect(two).toHaveLength(1);
    expect(two[0]).toMatchObject({ api: "batchExecuteStatement" });
    expect(two[0]!.Sqls).toEqual(["-- purge; then reload\ndelete from staging.orders where note = 'a;b'", "/* keep; going */ insert into staging.orders select * from raw.orders"]);
    const one = await sqlCalls(`SqlActivity A { runsOn = Box  database = Warehouse  script = "vacuum staging.orders;" }`);
    expect(one).toEqual([{ api: "executeStatement", ClusterIdentifier: "analytics-prod", Database: "dw", SecretArn: RUNTIME.redshiftSecretArn, StatementName: "A", Sql: "vacuum staging.orders" }]);
  });
});

describe("late alarm", () => {
  const def = machineOf(`pipeline nightly {
  default { scheduleType = cron  schedule = Nightly  role = "DataPipelineDefaultRole"  resourceRole = "DataPipelineDefaultResourceRole" }
  Schedule Nightly { period = 1 day  startDateTime = 2026-01-01T02:00:00 }
  Ec2Resource Box { instanceType = "m5.large"  terminateAfter = 2 hours }
  SnsAlarm Late { topicArn = "arn:aws:sns:us-east-1:123456789012:etl-alarms"  subject = "#<node.name> is late"  message = "#<node.name> is not done 2 hours after #<node.@scheduledStartTime>" }
  SnsAlarm Failed { topicArn = "arn:aws:sns:us-east-1:123456789012:etl-alarms"  subject = "failed"  message = "#<node.name> failed: #<node.errorMessage>" }
  ShellCommandActivity Report { runsOn = Box  command = "run-report"  lateAfterTimeout = 2 hours  onLateAction = Late  onFail = Failed  maximumRetries = 1 }
}`);
  const input = { scheduledTime: "2026-03-01T02:00:00Z" };

  for (const outcome of ["success", "failure"] as const) {
    it(`armed before the activity for scheduled start + lateAfterTimeout, deleted after it (${outcome})`, async () => {
      const r = await exec(def, (res) => (outcome === "failure" && res === ARN.ecs ? failure("States.TaskFailed", "exit 2") : undefined), { input, startTime: "2026-03-01T02:00:04.000Z" });
      expect(r.status).toBe(outcome === "success" ? "SUCCEEDED" : "FAILED");
      const [create, ...more] = callsTo(r, ARN.createSchedule);
      expect(more).toEqual([]);
      expect(create!.args).toMatchObject({ ScheduleExpression: "at(2026-03-01T04:00:00)", ScheduleExpressionTimezone: "UTC", ActionAfterCompletion: "DELETE" });
      const target = (create!.args as { Target: { Arn: string; RoleArn: string; Input: string } }).Target;
      expect(target).toMatchObject({ Arn: "arn:aws:scheduler:::aws-sdk:sns:publish", RoleArn: RUNTIME.schedulerRoleArn });
      expect(JSON.parse(target.Input)).toEqual({ TopicArn: "arn:aws:sns:us-east-1:123456789012:etl-alarms", Subject: "Report is late", Message: "Report is not done 2 hours after 2026-03-01T02:00:00" });
      const deletes = callsTo(r, ARN.deleteSchedule);
      expect(deletes.map((c) => c.args)).toEqual([{ Name: (create!.args as { Name: string }).Name }]);
      const work = callsTo(r, ARN.ecs);
      expect(work).toHaveLength(outcome === "success" ? 1 : 2);
      const order = r.calls.map((c) => c.resource);
      expect(order.indexOf(ARN.createSchedule)).toBeLessThan(order.indexOf(ARN.ecs));
      expect(order.indexOf(ARN.deleteSchedule)).toBeGreaterThan(order.lastIndexOf(ARN.ecs));
      expect(deletes[0]!.at).toBeGreaterThanOrEqual(work[work.length - 1]!.at);
    });
  }
});

describe("order from data flow alone (no dependsOn)", () => {
  const S3 = `
  S3DataNode Raw { directoryPath = "s3://example-landing/raw/" }
  S3DataNode Clean { directoryPath = "s3://example-landing/clean/" }
  S3DataNode Scored { directoryPath = "s3://example-landing/scored/" }
  S3DataNode Summary { directoryPath = "s3://example-landing/summary/" }
  S3DataNode Report { directoryPath = "s3://example-landing/report/" }`;
  /** Activities in the order written, each one run as one ECS task; the readers come first. */
  const flow = (activities: string) => pipe(`${S3}\n${activities}`);
  /** Each activity's task lasts `seconds[state]` (default 60); returns start and end of each task. */
  async function spans(def: unknown, seconds: Record<string, number> = {}): Promise<Map<string, { start: number; end: number }>> {
    const r = await exec(def, (res, _args, call) => (res === ARN.ecs ? ok({ Tasks: [{ LastStatus: "STOPPED", Containers: [{ ExitCode: 0 }] }] }, seconds[call.state] ?? 60) : undefined));
    expect(r.status).toBe("SUCCEEDED");
    const out = new Map<string, { start: number; end: number }>();
    for (const c of callsTo(r, ARN.ecs)) out.set(c.state, { start: c.at, end: c.at + (seconds[c.state] ?? 60) });
    return out;
  }

  it("the reader of a node starts after its writer ends, whatever the order written", async () => {
    const def = machineOf(flow(`
  ShellCommandActivity Publish { runsOn = Box  input = Clean  command = "publish"  stage = false }
  ShellCommandActivity Prepare { runsOn = Box  input = Raw  output = Clean  command = "prepare"  stage = false }`));
    const s = await spans(def, { Prepare: 900 });
    expect([...s.keys()].sort()).toEqual(["Prepare", "Publish"]);
    expect(s.get("Publish")!.start).toBeGreaterThanOrEqual(s.get("Prepare")!.end);
  });

  it("a chain of three through two nodes, written backwards, runs front to back", async () => {
    const def = machineOf(flow(`
  ShellCommandActivity C { runsOn = Box  input = Scored  output = Report  command = "c"  stage = false }
  ShellCommandActivity B { runsOn = Box  input = Clean  output = Scored  command = "b"  stage = false }
  ShellCommandActivity A { runsOn = Box  input = Raw  output = Clean  command = "a"  stage = false }`));
    const s = await spans(def, { A: 300, B: 120 });
    expect(s.get("B")!.start).toBeGreaterThanOrEqual(s.get("A")!.end);
    expect(s.get("C")!.start).toBeGreaterThanOrEqual(s.get("B")!.end);
  });

  it("a diamond: two readers of one node wait for its writer, the reader of both their outputs waits for both", async () => {
    const def = machineOf(flow(`
  ShellCommandActivity Join { runsOn = Box  input = [Scored, Summary]  output = Report  command = "join"  stage = false }
  ShellCommandActivity Score { runsOn = Box  input = Clean  output = Scored  command = "score"  stage = false }
  ShellCommandActivity Summarize { runsOn = Box  input = Clean  output = Summary  command = "summarize"  stage = false }
  ShellCommandActivity Cleanse { runsOn = Box  input = Raw  output = Clean  command = "cleanse"  stage = false }`));
    const s = await spans(def, { Cleanse: 600, Score: 120, Summarize: 1800 });
    for (const reader of ["Score", "Summarize"]) expect(s.get(reader)!.start).toBeGreaterThanOrEqual(s.get("Cleanse")!.end);
    expect(s.get("Join")!.start).toBeGreaterThanOrEqual(Math.max(s.get("Score")!.end, s.get("Summarize")!.end));
    // The two readers are independent: they run side by side.
    expect(s.get("Score")!.start).toBe(s.get("Summarize")!.start);
  });
});
