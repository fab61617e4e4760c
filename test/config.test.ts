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
