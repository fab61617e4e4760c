import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AjvModule from "ajv";
import { describe, expect, it } from "vitest";
import { codeName } from "../compiler/catalog.ts";
import { check } from "../compiler/compile.ts";
import { checkFile } from "../compiler/config/check-file.ts";
import { ConfigLoader, parseConfig, severitiesFor, type LoadedConfig } from "../compiler/config/config.ts";
import { applySuppressions, findSuppressions } from "../compiler/config/suppress.ts";
import {
  isRuntimeSection,
  mergeRuntime,
  parseRuntimeFlags,
  readConfigRuntime,
  readRuntimeFile,
  resolveRuntime,
  RUNTIME_KEYS,
  RUNTIME_SETTINGS,
  settingsFor,
} from "../compiler/config/runtime.ts";
import { OutputError, writeOutputs } from "../compiler/cli/files.ts";
import type { Diagnostic } from "../compiler/diagnostics/diagnostic.ts";
import { applyEdits, chooseFixes, fixText } from "../compiler/lint/fix.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const HEAD = [
  "pipeline test {",
  "  default {",
  "    scheduleType = cron",
  "    schedule = Daily",
  '    role = "DataPipelineDefaultRole"',
  '    resourceRole = "DataPipelineDefaultResourceRole"',
  '    pipelineLogUri = "s3://logs/"',
  "  }",
  "  Schedule Daily { period = 1 day  startAt = FIRST_ACTIVATION_DATE_TIME }",
  '  Ec2Resource Worker { instanceType = "m5.large"  terminateAfter = 2 hours }',
].join("\n");
const pipe = (...lines: string[]) => `${HEAD}\n${lines.join("\n")}\n}\n`;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "pipec-config-"));
}

function codesAt(ds: readonly { code: string; severity: string }[]): string[] {
  return ds.map((d) => `${d.code}:${d.severity}`).sort();
}

describe("config schema", () => {
  it("is a valid JSON Schema and accepts the documented example", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "schemas/pipec-config.schema.json"), "utf8"));
    const ajv = new AjvModule.default({ strict: true, allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate({ rules: { PIPE6001: "error", "repeated-bucket": "off" }, overrides: [{ files: ["legacy/**"], excludedFiles: "legacy/keep.pipe", rules: { "unused-object": "info" } }] })).toBe(true);
    expect(validate({ rules: { PIPE6001: "fatal" } })).toBe(false);
    expect(validate({ rulez: {} })).toBe(false);
    expect(validate({ overrides: [{ rules: {} }] })).toBe(false);
  });

  it("reports invalid JSON and schema violations as PIPE9004", () => {
    const bad = parseConfig("c.json", '{ "rules": ');
    expect(bad.config).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["PIPE9004"]);
    const wrong = parseConfig("c.json", '{ "rules": { "PIPE6001": "loud" }, "extra": true }');
    expect(wrong.config).toBeUndefined();
    const messages = wrong.diagnostics.map((d) => d.message).join("\n");
    expect(messages).toContain("`rules.PIPE6001` must be equal to one of the allowed values (off, info, warning, error)");
    expect(messages).toContain("must NOT have additional properties (`extra`)");
  });
});

describe("severities and overrides", () => {
  it("maps names to codes, applies matching overrides in order, honours excludedFiles", () => {
    const dir = tmp();
    const loaded: LoadedConfig = {
      path: "pipec.config.json",
      dir,
      config: {
        rules: { "activity-without-on-fail": "error" as const, PIPE6003: "off" as const },
        overrides: [
          { files: "legacy/**", rules: { PIPE6001: "off" as const } },
          { files: ["legacy/**"], excludedFiles: "legacy/keep.pipe", rules: { "unused-object": "off" as const } },
        ],
      },
    };
    expect(severitiesFor(loaded, join(dir, "a.pipe"))).toEqual({ PIPE6001: "error", PIPE6003: "off" });
    expect(severitiesFor(loaded, join(dir, "legacy/x/b.pipe"))).toEqual({ PIPE6001: "off", PIPE6003: "off", PIPE6005: "off" });
    expect(severitiesFor(loaded, join(dir, "legacy/keep.pipe"))).toEqual({ PIPE6001: "off", PIPE6003: "off" });
  });

  it("finds the nearest config file upward from each file", () => {
    const dir = tmp();
    mkdirSync(join(dir, "a/b"), { recursive: true });
    writeFileSync(join(dir, "pipec.config.json"), '{ "rules": { "PIPE6001": "error" } }');
    writeFileSync(join(dir, "a/.pipecrc.json"), '{ "rules": { "PIPE6001": "off" } }');
    const loader = new ConfigLoader();
    expect(loader.severities(join(dir, "x.pipe"))).toEqual({ PIPE6001: "error" });
    expect(loader.severities(join(dir, "a/b/y.pipe"))).toEqual({ PIPE6001: "off" });
    expect(loader.diagnostics).toEqual([]);
  });
});

describe("inline suppressions", () => {
  const text = pipe(
    "  // pipec-ignore PIPE6005: kept for the backfill",
    "",
    "  // another comment",
    '  Ec2Resource Spare { instanceType = "m5.large"  terminateAfter = 1 hour }',
    '  ShellCommandActivity Copy { runsOn = Worker  command = "echo hi" } // pipec-ignore activity-without-on-fail, PIPE6004',
    "  /* pipec-ignore PIPE6009 */",
    '  S3DataNode Out { directoryPath = "s3://logs/out/" } // pipec-ignore PIPE6005',
  );

  it("silence the next code line or their own line, by code or name, and report the unused ones", () => {
    const r = check("s.pipe", text);
    const sup = findSuppressions(r.ast.comments, r.source);
    expect(sup.map((s) => [s.line, s.codes, s.reason])).toEqual([
      [14, ["PIPE6005"], "kept for the backfill"],
      [15, ["activity-without-on-fail", "PIPE6004"], undefined],
      [17, ["PIPE6009"], undefined],
      [17, ["PIPE6005"], undefined],
    ]);
    const { kept, unused } = applySuppressions(r.diagnostics, sup, r.source, codeName);
    expect(kept.filter((d) => ["PIPE6001", "PIPE6005"].includes(d.code))).toEqual([]);
    expect(r.diagnostics.filter((d) => ["PIPE6001", "PIPE6005"].includes(d.code)).length).toBe(3);
    expect(unused.map((d) => [r.source.position(d.span.start).line, d.message])).toEqual([
      [15, "`pipec-ignore PIPE6004` suppresses nothing on line 15"],
      [16, "`pipec-ignore PIPE6009` suppresses nothing on line 17"],
    ]);
    expect(unused.every((d) => d.code === "PIPE6000")).toBe(true);
  });

  it("are applied by checkFile together with the config's severities", () => {
    const dir = tmp();
    writeFileSync(join(dir, "pipec.config.json"), '{ "rules": { "unused-suppression": "error" } }');
    writeFileSync(join(dir, "s.pipe"), text);
    const r = checkFile(join(dir, "s.pipe"), text, new ConfigLoader());
    expect(codesAt(r.diagnostics.filter((d) => d.code === "PIPE6000"))).toEqual(["PIPE6000:error", "PIPE6000:error"]);
  });
});

describe("fixes", () => {
  const d = (start: number, end: number, text: string, code = "PIPE6006"): Diagnostic => ({
    code,
    severity: "warning",
    message: "m",
    file: "f",
    span: { start, end },
    fix: { description: "x", edits: [{ span: { start, end }, text }] },
  });

  it("chooses non-overlapping fixes whole and applies them from the end", () => {
    const fixes = chooseFixes([d(0, 2, "AA"), d(1, 3, "BB"), d(4, 4, "+"), d(4, 4, "-"), d(5, 6, "C")], "f", 6);
    expect(fixes.map((f) => f.edits[0].text)).toEqual(["AA", "+", "C"]);
    expect(applyEdits("abcdef", fixes.flatMap((f) => f.edits))).toBe("AAcd+eC");
  });

  it("re-checks after each round and stops when nothing changes or a text repeats", () => {
    let calls = 0;
    const r = fixText("f", "aaaa", (t) => {
      calls++;
      const i = t.indexOf("a");
      return i >= 0 ? [d(i, i + 1, "b")] : [];
    });
    expect(r.text).toBe("bbbb");
    expect(r.applied).toBe(4);
    expect(calls).toBe(5);
    const loop = fixText("f", "x", (t) => [d(0, 1, t === "x" ? "y" : "x")]);
    expect(loop.applied).toBe(1);
  });

  it("`pipec check --fix` rewrites the file atomically with the lint fixes and reports what is left", () => {
    const dir = tmp();
    const file = join(dir, "f.pipe");
    writeFileSync(
      file,
      pipe(
        "  S3DataNode Out { directoryPath = \"s3://logs/#<format(@scheduledStartTime, 'YYYY-MM-dd-hh')>/\" }",
        '  ShellCommandActivity Copy { runsOn = Worker  command = "echo hi"  output = Out  maximumRetries = 2 } // pipec-ignore PIPE6004',
      ),
    );
    chmodSync(file, 0o600);
    const r = spawnSync(join(ROOT, "node_modules/.bin/node"), [join(ROOT, "test/helpers/pipec-src.ts"), "check", "--fix", "-f", "concise", file], { encoding: "utf8" });
    const fixed = readFileSync(file, "utf8");
    expect(fixed).toContain("'YYYY-MM-dd-HH'");
    expect(fixed).toContain("maximumRetries = 2  retryDelay = 10 minutes }\n");
    expect(fixed).not.toContain("pipec-ignore");
    expect(r.stderr).toContain("fixed 3 problems");
    expect(r.stdout).not.toMatch(/PIPE600[068]/);
    expect(r.stdout).toMatch(/PIPE6001/);
    expect(r.status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["f.pipe"]);
    // A second run has nothing left to fix.
    const again = spawnSync(join(ROOT, "node_modules/.bin/node"), [join(ROOT, "test/helpers/pipec-src.ts"), "check", "--fix", file], { encoding: "utf8" });
    expect(again.stderr).not.toContain("fixed");
    expect(readFileSync(file, "utf8")).toBe(fixed);
  });
});

describe("run-time settings", () => {
  const RUNTIME_SCHEMA = (JSON.parse(readFileSync(join(ROOT, "schemas/pipec-config.schema.json"), "utf8")) as { definitions: { runtimeSettings: { properties: Record<string, unknown> } } }).definitions
    .runtimeSettings;

  it("are one list of keys, which the schema, the docs and the examples agree with", () => {
    expect(RUNTIME_KEYS).toEqual([
      "ecsCluster", "shellTaskDefinition", "shellContainer", "subnets", "securityGroups", "assignPublicIp",
      "ecsTaskRoleArn", "ecsExecutionRoleArn", "redshiftWorkgroup", "redshiftSecretArn", "redshiftCopyRoleArn", "schedulerRoleArn", "secrets",
    ]);
    expect(Object.keys(RUNTIME_SCHEMA.properties)).toEqual(RUNTIME_KEYS);
    const docs = readFileSync(join(ROOT, "docs/stepfunctions.md"), "utf8");
    for (const spec of RUNTIME_SETTINGS) {
      expect(docs, `docs/stepfunctions.md lists ${spec.key}`).toContain(`| \`${spec.key}\` |`);
      // Every example value is valid, by the module and by the schema.
      const found: Diagnostic[] = [];
      expect(readRuntimeFile("x.json", JSON.stringify({ "*": { [spec.key]: spec.example } }), found).get("*")?.[spec.key], spec.key).toEqual(spec.example);
      expect(found, spec.key).toEqual([]);
    }
    // cdktf.json's settings (the examples' environments) are valid and match the schema.
    const cdktf = readFileSync(join(ROOT, "cdktf.json"), "utf8");
    const found: Diagnostic[] = [];
    const section = readRuntimeFile("cdktf.json", cdktf, found);
    expect(found).toEqual([]);
    expect([...section.keys()].sort()).toEqual(["*", "dev", "prod", "staging"]);
    const ajv = new AjvModule.default({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, "schemas/pipec-config.schema.json"), "utf8")));
    const runtime = (JSON.parse(cdktf) as { context: { pipec: { stepfunctions: { runtime: unknown } } } }).context.pipec.stepfunctions.runtime;
    expect(validate({ runtime }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ runtime: { "*": { ecsClustr: "x" } } })).toBe(false);
  });

  it("check types and forms, with the nearest key for an unknown one, at the key or value", () => {
    const text = [
      "{",
      '  "runtime": {',
      '    "*": {',
      '      "ecsClustr": "etl",',
      '      "subnets": "subnet-0123456789abcdef0",',
      '      "securityGroups": ["sg-0123456789abcdef0", 7],',
      '      "redshiftSecretArn": "arn:aws:iam::123456789012:role/not-a-secret",',
      '      "assignPublicIp": "YES",',
      '      "secrets": { "Db.*password": "plain-text", "Db": "arn:aws:secretsmanager:us-east-1:123456789012:secret:x" }',
      "    },",
      '    "prod": { "ecsCluster": ["a", "b"] },',
      '    "ecsCluster": "etl",',
      '    "not an env": {}',
      "  }",
      "}",
    ].join("\n");
    const found: Diagnostic[] = [];
    const section = readConfigRuntime("pipec.config.json", text, found);
    expect(found.every((d) => d.code === "PIPE9005" && d.severity === "error")).toBe(true);
    const at = (needle: string): Diagnostic | undefined => found.find((d) => d.message.includes(needle));
    const line = (d: Diagnostic | undefined): string => text.slice(0, d?.span.start).split("\n").length + ":" + text.slice(d?.span.start, d?.span.end);
    expect(at("ecsClustr")?.hint).toBe("did you mean `ecsCluster`?");
    expect(line(at("ecsClustr"))).toBe('4:"ecsClustr"');
    expect(line(at("runtime.*.subnets"))).toBe('5:"subnet-0123456789abcdef0"');
    expect(at("runtime.*.subnets")?.message).toContain("must be a list of subnet ids");
    expect(line(at("the list holds 7"))).toBe("6:7");
    expect(at("redshiftSecretArn")?.message).toContain("must be a Secrets Manager secret ARN");
    expect(at("assignPublicIp")?.hint).toBe("use one of ENABLED, DISABLED");
    expect(line(at("Db.*password"))).toBe('9:"plain-text"');
    expect(at("names 'Db'")).toBeDefined();
    expect(at("runtime.prod.ecsCluster")?.message).toContain("a list was given, and it takes one value");
    expect(at("'ecsCluster' is not an environment")?.hint).toContain('{"*": {"ecsCluster": ...}}');
    expect(at("'runtime.not an env'")).toBeDefined();
    // What is valid is kept: nothing of the bad entries.
    expect(section?.get("*")).toEqual({ __proto__: null });
    expect(found).toHaveLength(10);
  });

  it("merge per environment: * then the environment, layer over layer, secrets one by one", () => {
    const config = readRuntimeFile(
      "config.json",
      JSON.stringify({
        "*": { ecsCluster: "all", shellContainer: "all", secrets: { "A.*password": "arn:aws:secretsmanager:us-east-1:123456789012:secret:a" } },
        prod: { ecsCluster: "prod", secrets: { "B.*password": "arn:aws:secretsmanager:us-east-1:123456789012:secret:b" } },
      }),
      [],
    );
    const file = readRuntimeFile("file.json", JSON.stringify({ "*": { shellContainer: "file" }, prod: { secrets: { "A.*password": "arn:aws:secretsmanager:us-east-1:123456789012:secret:a2" } } }), []);
    const flags = parseRuntimeFlags(["shellTaskDefinition=cli:3"], []).settings;
    const prod = mergeRuntime(settingsFor(config, "prod"), settingsFor(file, "prod"), flags);
    expect({ ...prod }).toEqual({
      ecsCluster: "prod",
      secrets: { "A.*password": "arn:aws:secretsmanager:us-east-1:123456789012:secret:a2", "B.*password": "arn:aws:secretsmanager:us-east-1:123456789012:secret:b" },
      shellContainer: "file",
      shellTaskDefinition: "cli:3",
    });
    expect(Object.keys(prod)).toEqual(["ecsCluster", "secrets", "shellContainer", "shellTaskDefinition"]);
    expect({ ...mergeRuntime(settingsFor(config, "dev"), settingsFor(file, "dev")) }).toMatchObject({ ecsCluster: "all", shellContainer: "file" });
    // Environment names are data, never object keys.
    expect({ ...settingsFor(config, "constructor") }).toMatchObject({ ecsCluster: "all" });
    expect(Object.getPrototypeOf(prod)).toBeNull();
  });

  it("--runtime: a repeated key or a comma builds a list, secrets.<name> sets one secret", () => {
    const found: Diagnostic[] = [];
    const r = parseRuntimeFlags(
      ["subnets=subnet-0123456789abcdef0,subnet-0123456789abcdef1", "securityGroups=sg-0123456789abcdef0", "securityGroups=sg-0123456789abcdef1", "secrets.*myPassword=arn:aws:secretsmanager:us-east-1:123456789012:secret:p", "oops"],
      found,
    );
    expect(found).toEqual([]);
    expect(r.invalid).toEqual(["oops"]);
    expect(JSON.parse(JSON.stringify(r.settings))).toEqual({
      secrets: { "*myPassword": "arn:aws:secretsmanager:us-east-1:123456789012:secret:p" },
      securityGroups: ["sg-0123456789abcdef0", "sg-0123456789abcdef1"],
      subnets: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    });
    const bad: Diagnostic[] = [];
    parseRuntimeFlags(["ecsCluster=a", "ecsCluster=b", "shellContaner=x"], bad);
    expect(bad.map((d) => d.message)).toEqual(["'--runtime ecsCluster' must be an ECS cluster name or ARN; a list was given, and it takes one value", "unknown run-time setting '--runtime shellContaner'"]);
    expect(bad[1]?.hint).toBe("did you mean `shellContainer`?");
  });

  it("given as data (construct properties): the settings, or a section per environment", () => {
    expect(isRuntimeSection({ ecsCluster: "x" })).toBe(false);
    expect(isRuntimeSection({ "*": { ecsCluster: "x" } })).toBe(true);
    expect(isRuntimeSection({ prod: { ecsCluster: "x" } })).toBe(true);
    expect(isRuntimeSection({ secrets: { "A.*password": "arn" } })).toBe(false);
    expect(isRuntimeSection({})).toBe(false);
    const found: Diagnostic[] = [];
    expect({ ...resolveRuntime({ "*": { ecsCluster: "all" }, prod: { ecsCluster: "prod" } }, "prod", "runtime", found) }).toEqual({ ecsCluster: "prod" });
    expect({ ...resolveRuntime({ ecsCluster: "flat" }, "prod", "runtime", found) }).toEqual({ ecsCluster: "flat" });
    expect(found).toEqual([]);
    resolveRuntime({ ecsClustr: "flat" }, undefined, "runtime", found);
    expect(found.map((d) => [d.file, d.message, d.hint])).toEqual([["runtime", "unknown run-time setting 'runtime.ecsClustr'", "did you mean `ecsCluster`?"]]);
  });
});

describe("writing a set of outputs", () => {
  it("stays inside the directory and lands whole or not at all", () => {
    const dir = tmp();
    const out = join(dir, "out");
    expect(() => writeOutputs(out, [{ path: "a.json", text: "a" }, { path: "../escape.json", text: "x" }])).toThrow(OutputError);
    expect(() => readdirSync(out)).toThrow();
    expect(readdirSync(dir)).toEqual([]);
    // The second target is a directory: nothing of the set is written, no temporary file is left.
    mkdirSync(join(out, "b.json"), { recursive: true });
    expect(() => writeOutputs(out, [{ path: "a.json", text: "a" }, { path: "b.json", text: "b" }])).toThrow(OutputError);
    expect(readdirSync(out)).toEqual(["b.json"]);
    writeOutputs(out, [{ path: "a.json", text: "a" }, { path: "stack/main.tf.json", text: "{}" }]);
    expect(readFileSync(join(out, "a.json"), "utf8")).toBe("a");
    expect(readFileSync(join(out, "stack", "main.tf.json"), "utf8")).toBe("{}");
    expect(readdirSync(out).sort()).toEqual(["a.json", "b.json", "stack"]);
  });
});
