import { readdirSync, readFileSync, existsSync } from "node:fs";
import { compile } from "../../compiler/compile.ts";
import { emitAsl } from "../../compiler/emit/asl/emit.ts";
import { applyEnvironment, mergeEnvironments, readValuesFile } from "../../compiler/emit/datapipeline/environment.ts";
import { importDefinition } from "../../compiler/import/index.ts";
import { taskStates } from "./run-pipe.ts";
import { it } from "vitest";
import { failure, never, ok } from "./executor/executor.ts";
import { RUNTIME, ARN, WORK, callsTo, emitPipe, invalidCalls, machineOf, run } from "./run-pipe.ts";

const HEAD = `
  default { scheduleType = ondemand  role = "DataPipelineDefaultRole"  resourceRole = "DataPipelineDefaultResourceRole" }
  Ec2Resource Box { terminateAfter = 2 hours }
  EmrCluster Cluster { releaseLabel = "emr-6.15.0"  masterInstanceType = "m5.xlarge"  coreInstanceCount = 2  terminateAfter = 4 hours }
  RedshiftDatabase Warehouse { clusterId = "analytics-prod"  databaseName = "dw"  username = "etl"  *password = "unused" }
  RdsDatabase Orders { rdsInstanceId = "orders-prod"  databaseName = "orders"  username = "etl"  *password = "unused" }
  S3DataNode Landing { directoryPath = "s3://example-landing/orders/#<format(@scheduledStartTime, 'YYYY-MM-dd')>/"  dataFormat = OrdersCsv }
  S3DataNode Archive { directoryPath = "s3://example-archive/orders/"  dataFormat = OrdersCsv }
  CSV OrdersCsv { column = ["id STRING", "amount DOUBLE"] }
  RedshiftDataNode OrdersTable { database = Warehouse  schemaName = "staging"  tableName = "orders" }
  SnsAlarm Failed { topicArn = "arn:aws:sns:us-east-1:123456789012:etl-alarms"  subject = "#<node.name> failed"  message = "#<node.name> failed: #<node.errorMessage>" }
  ShellCommandActivity After { runsOn = Box  dependsOn = A  command = "echo after"  maximumRetries = 0 }
`;
const KINDS: Record<string, string> = {
  shell: `ShellCommandActivity A { runsOn = Box  command = "exit 1" `,
  sqlRedshift: `SqlActivity A { runsOn = Box  database = Warehouse  script = "delete from staging.orders where day < current_date - 30" `,
  sqlRds: `SqlActivity A { runsOn = Box  database = Orders  script = "delete from sessions" `,
  redshiftCopy: `RedshiftCopyActivity A { runsOn = Box  input = Landing  output = OrdersTable  insertMode = "APPEND" `,
  emr: `EmrActivity A { runsOn = Cluster  step = ["s3://example-jobs/etl.jar,--day,2026-03-01", "command-runner.jar,spark-submit,s3://example-jobs/agg.py"] `,
  hive: `HiveActivity A { runsOn = Cluster  input = Landing  output = Archive  hiveScript = "INSERT OVERWRITE TABLE \${output1} SELECT * FROM \${input1};" `,
  copy: `CopyActivity A { runsOn = Box  input = Landing  output = Archive `,
};
const s3 = (objects: string[]) => (res: string, args: unknown) => {
  if (res !== ARN.list) return undefined;
  const a = args as { Bucket: string; Prefix: string; MaxKeys: number };
  const keys = objects.filter((o) => o.startsWith(`s3://${a.Bucket}/${a.Prefix}`)).map((o) => o.slice(`s3://${a.Bucket}/`.length)).sort().slice(0, a.MaxKeys);
  return ok({ KeyCount: keys.length, Contents: keys.length ? keys.map((Key) => ({ Key })) : undefined, Name: a.Bucket, Prefix: a.Prefix, MaxKeys: a.MaxKeys });
};
it("scratch", async () => {
  const dir = "../shared/corpus/datapipeline-samples/";
  const codes: Record<string, number> = {};
  let okc = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".json")).sort()) {
    const imported = importDefinition(f, readFileSync(dir + f, "utf8"), { pipelineName: "p" });
    const pipe = f.replace(/\.json$/, ".pipe");
    const r = compile(pipe, imported.text);
    const fe = r.diagnostics.filter((d) => d.severity === "error");
    if (fe.length) { console.log(f, "FRONT", fe.map((d) => d.code)); codes["front:" + [...new Set(fe.map((d) => d.code))].join("+")] = (codes["front:" + [...new Set(fe.map((d) => d.code))].join("+")] ?? 0) + 1; continue; }
    const p = r.ir.pipelines[0]!;
    const values = imported.valuesFile ? applyEnvironment(p, mergeEnvironments(readValuesFile("values.json", imported.valuesFile).values)).values : [];
    const pre = emitAsl(p, { runtime: RUNTIME, values });
    const secrets = Object.fromEntries(pre.runtime.needs.filter((n) => n.key.startsWith("secrets.")).map((n) => [n.key.slice(8), `arn:aws:secretsmanager:us-east-1:123456789012:secret:${n.objectId}-AbCdEf`]));
    const a = emitAsl(p, { runtime: { ...RUNTIME, secrets }, values });
    const errs = a.diagnostics.filter((d) => d.severity === "error");
    if (errs.length) { const k = [...new Set(errs.map((d) => d.code))].sort().join("+"); codes[k] = (codes[k] ?? 0) + 1; console.log(f, k, errs.map((d) => d.message).join(" | ").slice(0, 300)); continue; }
    okc++;
    const missing = p.parameters.filter((x) => !values.some((v) => v.id === x.id) && x.default === undefined).map((x) => [x.id, x.type]);
    const json = JSON.stringify(a.definition);
    const given = new Set(values.map((v) => v.id).concat(p.parameters.filter((x) => x.default !== undefined).map((x) => x.id)));
    const params = Object.fromEntries([...json.matchAll(/\$lookup\(\$params, '([^']+)'\)/g)].map((m) => m[1]!).filter((id) => !given.has(id)).map((id) => [id, /s3|path|loc|uri|folder/i.test(id) ? "s3://example-bucket/prefix" : "value"]));
    const res = await run(a.definition, undefined, { input: { parameters: params } });
    if (res.status !== "SUCCEEDED") console.log(res.trace.filter((t) => t.event === "failed" || t.event === "caught").slice(0, 3));
    const called = new Set(res.calls.map((c) => c.state));
    const notCalled = [...taskStates(a.definition).keys()].filter((t) => !called.has(t));
    console.log(f, "OK", res.status, res.error, res.cause?.slice(0, 200), "missing", JSON.stringify(missing), invalidCalls(res.calls), "notCalled", notCalled);
  }
  console.log(okc, codes);
});
