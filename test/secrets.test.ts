/**
 * Secrets (`*` parameters and fields) never reach a state machine, a Terraform or CDKTF stack, or
 * a committed values file unnoticed: a plain secret written as a parameter's default, a literal
 * field or a values-file value is an error for the Step Functions target and both stacks (at its
 * file and range), a warning for Data Pipeline JSON when it sits in a values file; references
 * (`secretsmanager:<arn>`, `ssm:<name>`) reach the tasks as references (the ECS and Redshift Data
 * API calls checked against the botocore models), the Data Pipeline stack through data sources
 * and sensitive variables.
 */
import "./helpers/cdktf.ts";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { check, compile } from "../compiler/compile.ts";
import { DataPipelinePipeline } from "../compiler/emit/cdktf/index.ts";
import { emitAsl } from "../compiler/emit/asl/emit.ts";
import { SQL_CLIENT } from "../compiler/emit/asl/ecs.ts";
import { applyEnvironment, mergeEnvironments, readValuesFile } from "../compiler/emit/datapipeline/environment.ts";
import { loadService, validateInput } from "./helpers/aws-models.ts";
import { NODE, scratchCli, type ScratchCli } from "./helpers/scratch-cli.ts";
import { ARN, callsTo, invalidCalls, run } from "./asl/run-pipe.ts";

const ORDERS_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-prod-AbCdEf";
const WAREHOUSE_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:warehouse-etl-AbCdEf";
const LEGACY_PARAMETER = "/etl/legacy/password";
/** Plain secrets: each must appear in no output, and each is reported where it is written. */
const CANARY = { default: "Canary-Default-7f3a91", literal: "Canary-Literal-9b2c44", values: "Canary-Values-4d1e08" } as const;

interface Variant {
  readonly legacyDefault: string;
  readonly warehousePassword: string;
  readonly ordersValue: string;
}
const PLAIN: Variant = { legacyDefault: CANARY.default, warehousePassword: CANARY.literal, ordersValue: CANARY.values };
const REFERENCES: Variant = { legacyDefault: `ssm:${LEGACY_PARAMETER}`, warehousePassword: `secretsmanager:${WAREHOUSE_SECRET}`, ordersValue: `secretsmanager:${ORDERS_SECRET}` };

function source(v: Variant): string {
  return `pipeline secrets_demo {
  param *myOrdersDbPassword: String
  param *myLegacyPassword: String = "${v.legacyDefault}"
  param *myApiToken: String
  param myUser: String = "etl"

  default {
    scheduleType = ondemand
    failureAndRerunMode = cascade
    role = "DataPipelineDefaultRole"
    resourceRole = "DataPipelineDefaultResourceRole"
    pipelineLogUri = "s3://example-logs/secrets-demo/"
  }

  Ec2Resource Host { instanceType = "m5.large"  terminateAfter = 1 hour }

  RdsDatabase OrdersDb {
    rdsInstanceId = "orders"
    username = "#<myUser>"
    *password = "#<*myOrdersDbPassword>"
  }

  JdbcDatabase Legacy {
    connectionString = "jdbc:postgresql://legacy.internal:5432/sales"
    jdbcDriverClass = "org.postgresql.Driver"
    username = "reader"
    *password = "#<*myLegacyPassword>"
  }

  RedshiftDatabase Warehouse {
    clusterId = "warehouse"
    databaseName = "dw"
    username = "etl"
    *password = "${v.warehousePassword}"
  }

  SqlActivity LoadOrders { database = OrdersDb  runsOn = Host  script = "select 1" }
  SqlActivity LoadLegacy { database = Legacy  runsOn = Host  script = "select 2"  dependsOn = LoadOrders }
  SqlActivity LoadWarehouse { database = Warehouse  runsOn = Host  script = "select 3"  dependsOn = LoadLegacy }
}
`;
}

function valuesFile(v: Variant): string {
  return `{\n  "values": {\n    "myUser": "loader",\n    "*myOrdersDbPassword": "${v.ordersValue}"\n  }\n}\n`;
}

/** Where each plain secret is written: file (relative), and the offsets of the quoted value or key. */
function plainSites(): { file: string; start: number; end: number }[] {
  const pipe = source(PLAIN);
  const values = valuesFile(PLAIN);
  const at = (text: string, s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
  return [
    { file: "secrets.pipe", ...at(pipe, `"${CANARY.default}"`) },
    { file: "secrets.pipe", ...at(pipe, `"${CANARY.literal}"`) },
    { file: "secrets.values.prod.json", ...at(values, `"*myOrdersDbPassword"`) },
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
}

const RUNTIME_FLAGS = [
  "--runtime", "ecsCluster=arn:aws:ecs:us-east-1:123456789012:cluster/etl",
  "--runtime", "shellTaskDefinition=pipec-shell:3",
  "--runtime", "shellContainer=shell",
  "--runtime", "subnets=subnet-0123456789abcdef0",
  "--runtime", "securityGroups=sg-0123456789abcdef0",
];

interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  readonly hint?: string;
  readonly range: { readonly start: { readonly offset: number }; readonly end: { readonly offset: number } };
}

/** Every file under `dir`, relative path → text. */
function outputSet(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (d: string, rel: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, `${rel}${n}/`);
      else out.set(`${rel}${n}`, readFileSync(p, "utf8"));
    }
  };
  walk(dir, "");
  return out;
}

describe("secrets through the real CLI", () => {
  let cli: ScratchCli;
  const dirs = new Map<string, string>();
  beforeAll(() => {
    cli = scratchCli("pipec-secrets-");
    for (const [name, v] of [["plain", PLAIN], ["references", REFERENCES]] as const) {
      const dir = join(cli.work, name);
      mkdirSync(dir);
      writeFileSync(join(dir, "secrets.pipe"), source(v));
      writeFileSync(join(dir, "secrets.values.prod.json"), valuesFile(v));
      dirs.set(name, dir);
    }
  }, 120_000);
  afterAll(() => cli?.remove());

  function build(variant: string, target: string, extra: readonly string[] = []): { status: number | null; diagnostics: JsonDiagnostic[]; out: string } {
    const dir = dirs.get(variant)!;
    const out = join(dir, `out-${target}-${extra.length}`);
    const r = spawnSync(NODE, [cli.bin, "build", "secrets.pipe", "--target", target, "--env", "prod", "--format", "json", "--out", out, ...extra], { cwd: dir, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });
    let diagnostics: JsonDiagnostic[] = [];
    try {
      diagnostics = JSON.parse(r.stderr) as JsonDiagnostic[];
    } catch {
      throw new Error(`pipec ${target}: stderr is not JSON (status ${r.status}): ${r.stderr}`);
    }
    return { status: r.status, diagnostics, out };
  }

  const sitesOf = (ds: readonly JsonDiagnostic[], code: string) =>
    ds.filter((d) => d.code === code).map((d) => ({ file: d.file, start: d.range.start.offset, end: d.range.end.offset })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));

  it("--target asl: a plain default, literal and values-file value are errors at their file and range, and nothing is written", () => {
    const r = build("plain", "asl", RUNTIME_FLAGS);
    expect(r.status).toBe(1);
    expect(sitesOf(r.diagnostics, "PIPE5215")).toEqual(plainSites());
    for (const d of r.diagnostics.filter((x) => x.code === "PIPE5215")) {
      expect(d.severity).toBe("error");
      expect(d.message).toMatch(/'(\*myLegacyPassword|\*myOrdersDbPassword|Warehouse\.\*password)'/);
      expect(d.hint).toMatch(/secretsmanager:|ssm:/);
    }
    expect(outputSet(r.out).size).toBe(0);
  }, 120_000);

  it("--target terraform: both stacks refuse them (PIPE5215, PIPE5307) at their file and range, and nothing is written", () => {
    const r = build("plain", "terraform", RUNTIME_FLAGS);
    expect(r.status).toBe(1);
    expect(sitesOf(r.diagnostics, "PIPE5215")).toEqual(plainSites());
    expect(sitesOf(r.diagnostics, "PIPE5307")).toEqual(plainSites());
    expect(r.diagnostics.find((d) => d.code === "PIPE5307")?.hint).toMatch(/TF_VAR_|secretsmanager:/);
    expect(outputSet(r.out).size).toBe(0);
  }, 120_000);

  it("--target datapipeline: the service encrypts `*` values, but one in a values file is a warning there", () => {
    const r = build("plain", "datapipeline");
    expect(r.status).toBe(0);
    const values = plainSites().filter((s) => s.file.endsWith(".json"));
    expect(sitesOf(r.diagnostics, "PIPE5108")).toEqual(values);
    expect(r.diagnostics.find((d) => d.code === "PIPE5108")?.severity).toBe("warning");
  }, 120_000);

  it("references build on asl and terraform, and no output file holds a secret, only references", () => {
    const asl = build("references", "asl", RUNTIME_FLAGS);
    expect(asl.status, JSON.stringify(asl.diagnostics.filter((d) => d.severity === "error"))).toBe(0);
    const tf = build("references", "terraform", RUNTIME_FLAGS);
    expect(tf.status, JSON.stringify(tf.diagnostics.filter((d) => d.severity === "error"))).toBe(0);
    // `*myApiToken` has no value: no gap for a stack, which reads it from a sensitive variable.
    expect(tf.diagnostics.filter((d) => d.code === "PIPE5101")).toEqual([]);
    const files = new Map([...outputSet(asl.out)].map(([k, v]) => [`asl/${k}`, v]));
    for (const [k, v] of outputSet(tf.out)) files.set(`terraform/${k}`, v);
    expect([...files.keys()]).toEqual([
      "asl/secrets_demo.prod.asl.json",
      "asl/secrets_demo.prod.iam.json",
      "terraform/secrets_demo-datapipeline-prod/main.tf.json",
      "terraform/secrets_demo-stepfunctions-prod/main.tf.json",
    ]);
    for (const [name, text] of files) for (const canary of Object.values(CANARY)) expect(text, name).not.toContain(canary);

    // The state machine carries the references, never a value for a secret parameter.
    const machine = files.get("asl/secrets_demo.prod.asl.json")!;
    expect(machine).toContain(ORDERS_SECRET);
    expect(machine).toContain(WAREHOUSE_SECRET);
    expect(machine).toContain(LEGACY_PARAMETER);
    expect(machine).not.toMatch(/\\"\*my/);

    // The Data Pipeline stack reads every secret from a data source or a sensitive variable.
    const dp = JSON.parse(files.get("terraform/secrets_demo-datapipeline-prod/main.tf.json")!) as {
      variable?: Record<string, { sensitive?: boolean; type?: string }>;
      data?: Record<string, Record<string, Record<string, unknown>>>;
      output?: Record<string, { value: string }>;
      resource: { aws_datapipeline_pipeline_definition: Record<string, { parameter_value?: { id: string; string_value: string }[]; parameter_object?: { id: string; attribute?: { key: string }[] }[]; pipeline_object: { id: string; field?: { key: string; string_value?: string }[] }[] }> };
    };
    expect(dp.variable).toEqual({ secrets_demo_myApiToken: { type: "string", sensitive: true, nullable: false, description: "The secret parameter *myApiToken of the pipeline secrets_demo" } });
    expect(dp.data?.aws_secretsmanager_secret_version).toEqual({ secrets_demo_secret_1: { secret_id: WAREHOUSE_SECRET }, secrets_demo_secret_2: { secret_id: ORDERS_SECRET } });
    expect(dp.data?.aws_ssm_parameter).toEqual({ secrets_demo_parameter_1: { name: LEGACY_PARAMETER, with_decryption: true } });
    const def = dp.resource.aws_datapipeline_pipeline_definition.secrets_demo!;
    const secretValues = Object.fromEntries((def.parameter_value ?? []).filter((v) => v.id.startsWith("*")).map((v) => [v.id, v.string_value]));
    expect(secretValues).toEqual({
      "*myApiToken": "${var.secrets_demo_myApiToken}",
      "*myLegacyPassword": "${data.aws_ssm_parameter.secrets_demo_parameter_1.value}",
      "*myOrdersDbPassword": "${data.aws_secretsmanager_secret_version.secrets_demo_secret_2.secret_string}",
    });
    for (const p of def.parameter_object ?? []) if (p.id.startsWith("*")) expect((p.attribute ?? []).map((a) => a.key)).not.toContain("default");
    const warehouse = def.pipeline_object.find((o) => o.id === "Warehouse")!;
    expect(warehouse.field?.find((f) => f.key === "*password")?.string_value).toBe("${data.aws_secretsmanager_secret_version.secrets_demo_secret_1.secret_string}");
    for (const o of Object.values(dp.output ?? {})) expect(o.value).not.toMatch(/var\.|aws_secretsmanager|aws_ssm/);

    // The Step Functions stack: no variable; the task role's policy, scoped to the references, as an output.
    const sfn = JSON.parse(files.get("terraform/secrets_demo-stepfunctions-prod/main.tf.json")!) as { variable?: unknown; output: Record<string, { value: string }> };
    expect(sfn.variable).toBeUndefined();
    const policy = JSON.parse(sfn.output.secrets_demo_task_role_policy!.value.replace(/\$\{data\.aws_region\.[^}]+\}/g, "us-east-1").replace(/\$\{data\.aws_caller_identity\.[^}]+\}/g, "123456789012")) as { Statement: { Action: string | string[]; Resource: string }[] };
    expect(policy.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      [["ssm:GetParameter", "ssm:GetParameters"], `arn:aws:ssm:us-east-1:123456789012:parameter${LEGACY_PARAMETER}`],
      ["secretsmanager:GetSecretValue", ORDERS_SECRET],
    ]);
  }, 240_000);

  it("--target datapipeline: a reference, which the service would not resolve, is an error at its file and range", () => {
    const r = build("references", "datapipeline");
    expect(r.status).toBe(1);
    const pipe = source(REFERENCES);
    const values = valuesFile(REFERENCES);
    expect(sitesOf(r.diagnostics, "PIPE5109")).toEqual([
      { file: "secrets.pipe", start: pipe.indexOf(`"ssm:`), end: pipe.indexOf(`"ssm:`) + `"ssm:${LEGACY_PARAMETER}"`.length },
      { file: "secrets.pipe", start: pipe.indexOf(`"secretsmanager:`), end: pipe.indexOf(`"secretsmanager:`) + `"secretsmanager:${WAREHOUSE_SECRET}"`.length },
      { file: "secrets.values.prod.json", start: values.indexOf(`"*myOrdersDbPassword"`), end: values.indexOf(`"*myOrdersDbPassword"`) + `"*myOrdersDbPassword"`.length },
    ]);
    expect(outputSet(r.out).size).toBe(0);
  }, 120_000);
});

/** The reference variant's pipeline with the prod values applied, through the compile API. */
function referencePipeline() {
  const compiled = compile("secrets.pipe", source(REFERENCES));
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const p = compiled.ir.pipelines[0]!;
  const env = applyEnvironment(p, mergeEnvironments(readValuesFile("secrets.values.prod.json", valuesFile(REFERENCES)).values));
  return { p, values: env.values };
}

describe("secrets on Step Functions, through the compile API", () => {
  const runtime = {
    ecsCluster: "arn:aws:ecs:us-east-1:123456789012:cluster/etl",
    shellTaskDefinition: "pipec-shell:3",
    shellContainer: "shell",
    subnets: ["subnet-0123456789abcdef0"],
    securityGroups: ["sg-0123456789abcdef0"],
  };

  it("RunTask cannot carry a container's secrets, which only a task definition can (botocore models)", () => {
    const ecs = loadService("ecs");
    expect(Object.keys(ecs.shapes.ContainerOverride!.members!)).not.toContain("secrets");
    expect(Object.keys(ecs.shapes.ContainerDefinition!.members!)).toContain("secrets");
  });

  it("tasks get references: ECS environment names the secret, Redshift signs in with SecretArn; every call valid; grants scoped", async () => {
    const { p, values } = referencePipeline();
    // No `secrets` and no `redshiftSecretArn` setting: the references are enough.
    const r = emitAsl(p, { values, runtime, requireRuntime: true });
    expect(r.diagnostics.filter((d) => d.severity === "error" || d.code === "PIPE5212").map((d) => `${d.code} ${d.message}`)).toEqual([]);
    const run1 = await run(r.definition);
    expect(run1.status).toBe("SUCCEEDED");
    expect(invalidCalls(run1.calls)).toEqual([]);
    const envOf = (args: unknown) => {
      const o = (args as { Overrides: { ContainerOverrides: { Environment?: { Name: string; Value: string }[] }[] } }).Overrides.ContainerOverrides[0]!;
      return Object.fromEntries((o.Environment ?? []).map((e) => [e.Name, e.Value]));
    };
    const ecs = callsTo(run1, ARN.ecs).map((c) => envOf(c.args));
    expect(ecs.map((e) => [e.PIPEC_DB_PASSWORD_SECRET_ARN, e.PIPEC_DB_PASSWORD_PARAMETER])).toEqual([
      [ORDERS_SECRET, undefined],
      [undefined, LEGACY_PARAMETER],
    ]);
    for (const e of ecs) expect(Object.keys(e).filter((k) => /PASSWORD$/.test(k))).toEqual([]);
    const sql = callsTo(run1, ARN.execute, ARN.batch);
    expect(sql.map((c) => (c.args as { SecretArn: string }).SecretArn)).toEqual([WAREHOUSE_SECRET]);
    // The execution's input and every state's data hold no secret parameter.
    expect(JSON.stringify(run1.calls)).not.toMatch(/"\*my/);

    const statements = Object.fromEntries(r.iam.statements.map((s) => [s.sid, s.resources]));
    expect(statements.RedshiftSecret).toEqual([WAREHOUSE_SECRET]);
    expect(r.iam.statements.flatMap((s) => s.actions)).not.toContain("ssm:GetParameter");
    expect(r.iam.taskRoleStatements?.map((s) => [s.sid, s.actions, s.resources])).toEqual([
      ["ReadParameters", ["ssm:GetParameter", "ssm:GetParameters"], [`arn:aws:ssm:*:*:parameter${LEGACY_PARAMETER}`]],
      ["ReadSecrets", ["secretsmanager:GetSecretValue"], [ORDERS_SECRET]],
    ]);
  });

  it("without a reference, the run-time settings name the secret by field or by secret parameter, and the task role's grant names it", async () => {
    const p = compile("s.pipe", source(REFERENCES)).ir.pipelines[0]!;
    const secrets = { "*myOrdersDbPassword": ORDERS_SECRET };
    const r = emitAsl(p, { runtime: { ...runtime, secrets }, requireRuntime: true });
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
    const run1 = await run(r.definition);
    expect(invalidCalls(run1.calls)).toEqual([]);
    const first = (callsTo(run1, ARN.ecs)[0]!.args as { Overrides: { ContainerOverrides: { Environment: { Name: string; Value: string }[] }[] } }).Overrides.ContainerOverrides[0]!.Environment;
    expect(first.find((e) => e.Name === "PIPEC_DB_PASSWORD_SECRET_ARN")?.Value).toBe(ORDERS_SECRET);
    expect(r.iam.taskRoleStatements?.find((s) => s.sid === "ReadSecrets")?.resources).toEqual([ORDERS_SECRET]);
  });

  it("the ECS container reads the password from the reference it is given (its shell prelude, with a stub AWS CLI)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipec-secret-shell-"));
    try {
      const bin = join(dir, "bin");
      mkdirSync(bin);
      const stub = (name: string, body: string) => {
        writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
        chmodSync(join(bin, name), 0o755);
      };
      stub("aws", `printf '%s\\n' "$*" >> "${join(dir, "aws.log")}"\ncase "$1 $2" in\n  "ssm get-parameter") echo from-ssm ;;\n  "secretsmanager get-secret-value") echo from-secrets-manager ;;\n  "rds describe-db-instances") echo "orders.internal 3306 mysql" ;;\nesac`);
      stub("mysql", `echo "password=$MYSQL_PWD"`);
      const shell = (env: Record<string, string>) =>
        spawnSync("sh", ["-c", `${SQL_CLIENT}\nsql_query 'select 1'`], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, PIPEC_DB_INSTANCE: "orders", PIPEC_DB_USER: "etl", ...env } });
      expect(shell({ PIPEC_DB_PASSWORD_PARAMETER: LEGACY_PARAMETER }).stdout).toBe("password=from-ssm\n");
      expect(shell({ PIPEC_DB_PASSWORD_SECRET_ARN: ORDERS_SECRET }).stdout).toBe("password=from-secrets-manager\n");
      const log = readFileSync(join(dir, "aws.log"), "utf8");
      expect(log).toContain(`ssm get-parameter --name ${LEGACY_PARAMETER} --with-decryption`);
      expect(log).toContain(`secretsmanager get-secret-value --secret-id ${ORDERS_SECRET}`);
      // The CLI calls' arguments as the APIs take them.
      expect(validateInput("ssm", "GetParameter", { Name: LEGACY_PARAMETER, WithDecryption: true })).toEqual([]);
      expect(validateInput("secretsmanager", "GetSecretValue", { SecretId: ORDERS_SECRET })).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an SSM reference for Redshift, which the Data API cannot sign in with, and a malformed reference are errors", () => {
    const text = source({ ...REFERENCES, warehousePassword: `ssm:${LEGACY_PARAMETER}`, legacyDefault: "ssm:not a name" });
    const p = compile("s.pipe", text).ir.pipelines[0]!;
    const values = applyEnvironment(p, mergeEnvironments(readValuesFile("v.json", valuesFile(REFERENCES)).values)).values;
    const r = emitAsl(p, { values, runtime });
    expect(r.definition).toBeUndefined();
    const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
    expect(errors).toContainEqual(["PIPE5201", "Warehouse"]);
    expect(errors).toContainEqual(["PIPE5215", '"ssm:not a name"']);
  });

  it("a --param value for a secret parameter is refused too", () => {
    const p = compile("s.pipe", source(REFERENCES)).ir.pipelines[0]!;
    const r = emitAsl(p, { runtime, values: [{ id: "*myOrdersDbPassword", values: [CANARY.values], list: false, source: { file: "<command line>", span: { start: 0, end: 0 } } }] });
    expect(r.text).toBeUndefined();
    expect(r.diagnostics.filter((d) => d.code === "PIPE5215").map((d) => d.message)).toEqual([expect.stringContaining("'*myOrdersDbPassword' given with --param")]);
  });
});

describe("secrets in the CDKTF Data Pipeline construct and the source rule", () => {
  it("the construct declares sensitive variables and data sources, and no plain secret", () => {
    const { p } = referencePipeline();
    expect(p.name).toBe("secrets_demo");
    const synth = JSON.parse(
      Testing.synthScope((scope) => {
        new DataPipelinePipeline(scope, "demo", { file: "secrets.pipe", source: source(REFERENCES), values: { "*myOrdersDbPassword": `secretsmanager:${ORDERS_SECRET}` } });
      }),
    ) as { variable?: Record<string, { sensitive?: boolean }>; data?: Record<string, unknown>; resource: Record<string, Record<string, { parameter_value?: { id: string; string_value: string }[] }>> };
    expect(Object.entries(synth.variable ?? {}).map(([k, v]) => [k, v.sensitive])).toEqual([["demo_myApiToken", true]]);
    expect(Object.keys(synth.data ?? {}).sort()).toEqual(["aws_secretsmanager_secret_version", "aws_ssm_parameter"]);
    const values = synth.resource.aws_datapipeline_pipeline_definition!.demo!.parameter_value!;
    expect(values.find((v) => v.id === "*myApiToken")?.string_value).toBe("${var.demo_myApiToken}");
    expect(values.find((v) => v.id === "*myOrdersDbPassword")?.string_value).toMatch(/^\$\{data\.aws_secretsmanager_secret_version\.demo_secret_\d\.secret_string\}$/);
  });

  it("the construct fails the synth on a plain secret, naming it", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new DataPipelinePipeline(scope, "demo", { file: "secrets.pipe", source: source(PLAIN) });
      }),
    ).toThrow(/PIPE5307[\s\S]*'\*myLegacyPassword'/);
  });

  it("PIPE3018 reports plain secrets in the source, not references", () => {
    const codes = (text: string) => check("s.pipe", text).diagnostics.filter((d) => d.code === "PIPE3018").map((d) => text.slice(d.span.start, d.span.end));
    expect(codes(source(PLAIN))).toEqual([`"${CANARY.default}"`, `"${CANARY.literal}"`]);
    expect(codes(source(REFERENCES))).toEqual([]);
  });
});
