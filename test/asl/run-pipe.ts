/**
 * Building `.pipe` pipelines for Step Functions and running the machines on the executor with
 * mocked AWS services, for the behaviour and API-call tests. Every run checks each service call's
 * evaluated arguments against the AWS service model of the API it calls.
 */
import { compile } from "../../compiler/compile.ts";
import { emitAsl, type AslResult, type EmitAslOptions } from "../../compiler/emit/asl/emit.ts";
import { ok, runMachine, type CallRecord, type RunOptions, type RunResult, type ServiceHandler, type ServiceOutcome } from "./executor/executor.ts";
import { validateApiCall } from "../helpers/aws-models.ts";

/** Run-time settings of a realistic deployment (account 123456789012). */
export const RUNTIME = {
  ecsCluster: "arn:aws:ecs:us-east-1:123456789012:cluster/data-pipelines",
  shellTaskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/pipec-shell:7",
  shellContainer: "shell",
  subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
  securityGroups: ["sg-0a1b2c3d4e5f60718"],
  assignPublicIp: "DISABLED",
  ecsTaskRoleArn: "arn:aws:iam::123456789012:role/pipec-shell-task",
  ecsExecutionRoleArn: "arn:aws:iam::123456789012:role/pipec-shell-execution",
  redshiftWorkgroup: "analytics",
  redshiftSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift/etl-AbCdEf",
  redshiftCopyRoleArn: "arn:aws:iam::123456789012:role/redshift-copy",
  schedulerRoleArn: "arn:aws:iam::123456789012:role/pipec-late-alarms",
  secrets: {
    "Orders.*password": "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf",
    "SourceDb.*password": "arn:aws:secretsmanager:us-east-1:123456789012:secret:source-db-AbCdEf",
    "OrdersDb.*password": "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf",
  },
} as const;

/** Compiles one pipeline; front-end errors throw. */
export function emitPipe(text: string, options: EmitAslOptions = { runtime: RUNTIME }, file = "test.pipe"): AslResult {
  const r = compile(file, text);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(`front end: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return emitAsl(r.ir.pipelines[0]!, options);
}

/** The definition of a pipeline that must compile without errors. */
export function machineOf(text: string, options?: EmitAslOptions): Record<string, unknown> {
  const a = emitPipe(text, options);
  const errors = a.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !a.definition) throw new Error(`asl: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return a.definition;
}

export const ARN = {
  ecs: "arn:aws:states:::ecs:runTask.sync",
  sns: "arn:aws:states:::sns:publish",
  createCluster: "arn:aws:states:::elasticmapreduce:createCluster.sync",
  addStep: "arn:aws:states:::elasticmapreduce:addStep.sync",
  terminateCluster: "arn:aws:states:::elasticmapreduce:terminateCluster.sync",
  execute: "arn:aws:states:::aws-sdk:redshiftdata:executeStatement",
  batch: "arn:aws:states:::aws-sdk:redshiftdata:batchExecuteStatement",
  describe: "arn:aws:states:::aws-sdk:redshiftdata:describeStatement",
  cancel: "arn:aws:states:::aws-sdk:redshiftdata:cancelStatement",
  list: "arn:aws:states:::aws-sdk:s3:listObjectsV2",
  describeTable: "arn:aws:states:::aws-sdk:dynamodb:describeTable",
  scan: "arn:aws:states:::aws-sdk:dynamodb:scan",
  createSchedule: "arn:aws:states:::aws-sdk:scheduler:createSchedule",
  deleteSchedule: "arn:aws:states:::aws-sdk:scheduler:deleteSchedule",
} as const;

/** Resources that do an activity's work (as opposed to checks, alarms, clusters and schedules). */
export const WORK = new Set<string>([ARN.ecs, ARN.addStep, ARN.execute, ARN.batch]);

/** What a healthy account answers: every call succeeds, preconditions hold, statements finish. */
export function succeeding(resource: string, args: unknown, seconds = 60): ServiceOutcome {
  const a = (args ?? {}) as Record<string, unknown>;
  switch (resource) {
    case ARN.createCluster:
      return ok({ ClusterId: "j-ABC", ClusterArn: "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-ABC" }, 300);
    case ARN.addStep:
      return ok({ StepId: "s-1A2B3C", Status: { State: "COMPLETED" } }, seconds);
    case ARN.ecs:
      return ok({ Tasks: [{ LastStatus: "STOPPED", Containers: [{ ExitCode: 0 }] }] }, seconds);
    case ARN.execute:
    case ARN.batch:
      return ok({ Id: "d9b6c0c9-2f8e-4c3a-9a0e-5b7f4c1d2e3f", CreatedAt: "2026-01-01T00:00:00Z" });
    case ARN.describe:
      return ok({ Id: a.Id, Status: "FINISHED", HasResultSet: false });
    case ARN.list:
      return ok({ KeyCount: 1, Contents: [{ Key: String(a.Prefix ?? ""), Size: 10 }], Name: a.Bucket, Prefix: a.Prefix });
    case ARN.describeTable:
      return ok({ Table: { TableName: a.TableName, TableStatus: "ACTIVE" } });
    case ARN.scan:
      return ok({ Count: 1, ScannedCount: 1, Items: [{ id: { S: "1" } }] });
    case ARN.sns:
      return ok({ MessageId: "6f0d9b5e-0c1a-4f1e-9f5e-000000000001" });
    case ARN.createSchedule:
      return ok({ ScheduleArn: "arn:aws:scheduler:us-east-1:123456789012:schedule/default/late" });
    default:
      return ok({});
  }
}

/** Findings of the AWS service models on every call of a run (`state: finding`). */
export function invalidCalls(calls: readonly CallRecord[]): string[] {
  return calls.flatMap((c) => validateApiCall(c.resource, c.args).map((f) => `${c.state} (${c.resource}): ${f}`));
}

/** Runs a machine; `services` falls back to `succeeding` when it returns undefined. */
export function run(definition: unknown, services: ServiceHandler = () => undefined, options: Omit<RunOptions, "services"> = {}): Promise<RunResult> {
  return runMachine(definition, {
    startTime: "2026-03-01T02:00:00.000Z",
    ...options,
    services: async (resource, args, call) => (await services(resource, args, call)) ?? succeeding(resource, args),
  });
}

/** Calls to one resource (or several), in order. */
export const callsTo = (r: RunResult, ...resources: string[]): CallRecord[] => r.calls.filter((c) => resources.includes(c.resource));

/** Every Task state of a definition, with its resource, branches included. */
export function taskStates(definition: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (states: Record<string, Record<string, unknown>>): void => {
    for (const [name, s] of Object.entries(states)) {
      if (s.Type === "Task") out.set(name, String(s.Resource));
      for (const b of (s.Branches as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? []) walk(b.States);
    }
  };
  walk((definition as { States: Record<string, Record<string, unknown>> }).States);
  return out;
}
