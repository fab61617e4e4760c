/** How the command line reports findings: one per fact, suggestions kept, options checked per target. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, NODE, ROOT } from "./helpers/datapipeline.ts";

function run(args: string[]) {
  return spawnSync(NODE, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

const HEAD = `pipeline p {
  default {
    scheduleType = ondemand
    role = "DataPipelineDefaultRole"
    resourceRole = "DataPipelineDefaultResourceRole"
    pipelineLogUri = "s3://logs/"
  }
  Ec2Resource Worker { instanceType = "m5.large"  terminateAfter = 2 hours }
`;

function source(name: string, body: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pipec-diag-"));
  const file = join(dir, name);
  writeFileSync(file, `${HEAD}${body}}\n`);
  return file;
}

describe("findings, one per fact", () => {
  it("reports a dependsOn cycle once, with the other members as related locations", () => {
    const file = source("cycle.pipe", `  ShellCommandActivity A { runsOn = Worker  command = "a"  dependsOn = B }
  ShellCommandActivity B { runsOn = Worker  command = "b"  dependsOn = C }
  ShellCommandActivity C { runsOn = Worker  command = "c"  dependsOn = A }
`);
    const r = run(["check", file, "--format", "json"]);
    const cycles = (JSON.parse(r.stdout) as { code: string; range: { start: { line: number } }; related?: { range: { start: { line: number } } }[] }[]).filter((d) => d.code === "PIPE4001");
    expect(cycles).toHaveLength(1);
    expect(cycles[0].range.start.line).toBe(9);
    expect(cycles[0].related?.map((x) => x.range.start.line)).toEqual([10, 11]);
  });

  it("leaves out a missing-field error that follows from a misspelled field with a suggestion", () => {
    const file = source("typo.pipe", `  S3DataNode Out {
    directoryPth = "s3://b/out/"
  }
  CopyActivity Copy { runsOn = Worker  input = Out  output = Out }
`);
    const r = run(["check", file, "--format", "concise"]);
    expect(r.status).toBe(1);
    const errors = r.stdout.split("\n").filter((l) => / error /.test(l));
    expect(errors.map((l) => l.replace(/^.*?:(\d+):\d+: error (PIPE\d+).*$/, "$1 $2"))).not.toContain("9 PIPE3005");
    expect(errors.some((l) => l.includes("PIPE2005") && l.includes("did you mean `directoryPath`?"))).toBe(true);
  });

  it("keeps a missing-field error when the object has no misspelling of it", () => {
    const file = source("missing.pipe", `  S3DataNode Out {}
  S3DataNode Other {
    directoryPth = "s3://b/out/"
  }
  CopyActivity Copy { runsOn = Worker  input = Out  output = Other }
`);
    const r = run(["check", file, "--format", "concise"]);
    expect(r.stdout).toMatch(/:9:\d+: error PIPE3005/);
    expect(r.stdout).not.toMatch(/:10:\d+: error PIPE3005/);
  });

  it("prints a warning once per build, not once per environment", () => {
    const file = source("envs.pipe", `  param mySecretTopic: String
  ShellCommandActivity A { runsOn = Worker  command = "echo #<mySecretTopic>" }
`);
    const dir = join(file, "..");
    writeFileSync(join(dir, "envs.values.dev.json"), '{"values": {}}');
    writeFileSync(join(dir, "envs.values.prod.json"), '{"values": {}}');
    const r = run(["build", file, "--target", "datapipeline", "--all-envs", "--out", join(dir, "out"), "--format", "concise"]);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe("--format concise", () => {
  it("keeps the did-you-mean suggestion on the line", () => {
    const file = source("hint.pipe", `  ShellCommandActivity A { runsOn = Wroker  command = "a" }
`);
    const r = run(["check", file, "--format", "concise"]);
    expect(r.stdout).toMatch(/error PIPE2003: .* \(did you mean `Worker`\?\)$/m);
  });
});

describe("pipec build options", () => {
  it("lists every target when the target is unknown", () => {
    const r = run(["build", "examples/hello-world.pipe", "--target", "cdktf"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown target 'cdktf' (expected one of: datapipeline, asl, terraform)");
  });

  it.each([
    [["--target", "datapipeline", "--explain"], "--explain does not apply to --target datapipeline"],
    [["--target", "asl", "--form", "api"], "--form does not apply to --target asl"],
    [["--target", "datapipeline", "--service", "stepfunctions"], "--service does not apply to --target datapipeline"],
    [["--target", "terraform", "--out", "x", "--explain"], "--explain does not apply to --target terraform"],
  ])("rejects options of another target: %j", (args, message) => {
    const r = run(["build", "examples/hello-world.pipe", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe("pipec import", () => {
  it("prints the build command that reads the values it wrote", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipec-imp-"));
    const def = join(dir, "def.json");
    writeFileSync(def, JSON.stringify({ objects: [{ id: "Default", scheduleType: "ondemand" }], parameters: [{ id: "myX" }], values: { myX: "hi" } }));
    const out = join(dir, "p.pipe");
    const r = run(["import", def, "-o", out, "--name", "nightly"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`pipec build ${out} --target datapipeline --values ${join(dir, "p.values.json")}`);
  });
});

describe("GitHub annotations", () => {
  it("one workflow command per finding, at its position, with the hint and escapes the runner expects", () => {
    const file = source("typo.pipe", `  ShellCommandActivity A { runsOn = Workr  command = "100% done" }
`);
    const r = run(["check", file, "--format", "github"]);
    expect(r.status).toBe(1);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("::error "));
    const ref = lines.find((l) => l.includes("Workr"));
    expect(ref, r.stdout).toBeDefined();
    // file, line and column of `Workr` (line 9, column 37), and the hint after an escaped line break.
    expect(ref).toMatch(new RegExp(`^::error file=${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:/g, "%3A")},line=9,col=37,endLine=9,endColumn=42,title=PIPE\\d{4} [a-z-]+::`));
    expect(ref).toMatch(/%0Adid you mean `Worker`\?$/);
    expect(lines.every((l) => !l.includes("\n"))).toBe(true);
  });
});
