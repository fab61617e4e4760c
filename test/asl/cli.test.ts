/**
 * `pipec build --target asl`: stdout, --out files and --explain; environments (--env, --values,
 * --param, --all-envs) compiled into per-environment files; run-time settings from
 * pipec.config.json, --runtime-file and --runtime.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../compiler/cli/main.ts";

let out = "";
let err = "";
let dir = "";

beforeEach(() => {
  out = "";
  err = "";
  dir = mkdtempSync(join(tmpdir(), "pipec-asl-"));
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const N_SHAPE = `pipeline n {
  default { scheduleType = cron  schedule = Hourly  role = "R"  resourceRole = "RR" }
  Schedule Hourly { period = 1 hour  startDateTime = 2026-01-01T00:00:00 }
  Ec2Resource Box { terminateAfter = 1 hour }
  ShellCommandActivity a { runsOn = Box  command = "a" }
  ShellCommandActivity b { runsOn = Box  command = "b" }
  ShellCommandActivity c { runsOn = Box  command = "c"  dependsOn = [a, b] }
  ShellCommandActivity d { runsOn = Box  command = "d"  dependsOn = b }
}
`;

describe("pipec build --target asl", () => {
  it("writes the state machine to stdout", async () => {
    const file = join(dir, "n.pipe");
    writeFileSync(file, N_SHAPE);
    expect(await main(["build", file, "--target", "asl"])).toBe(0);
    const def = JSON.parse(out);
    expect(def.QueryLanguage).toBe("JSONata");
    expect(def.StartAt).toBe("Init");
  });

  it("writes definition, schedule and IAM with --out, and explains added orderings", async () => {
    const file = join(dir, "n.pipe");
    writeFileSync(file, N_SHAPE);
    const target = join(dir, "out");
    expect(await main(["build", file, "--target", "asl", "--out", target, "--explain"])).toBe(0);
    expect(readdirSync(target).sort()).toEqual(["n.asl.json", "n.iam.json", "n.schedule.json"]);
    const schedule = JSON.parse(readFileSync(join(target, "n.schedule.json"), "utf8"));
    expect(schedule).toMatchObject({ scheduleExpression: "rate(1 hour)", startDate: "2026-01-01T00:00:00Z", flexibleTimeWindow: { mode: "OFF" } });
    expect(schedule.input).toContain("<aws.scheduler.scheduled-time>");
    expect(err).toMatch(/critical path \d activities in the state machine, 2 in the dependency graph \(ratio \d\.\d{3}\)/);
    expect(err).toMatch(/added ordering: \w runs before \w/);
  });

  it("exits 1 with a PIPE52xx error and writes nothing when an activity has no mapping", async () => {
    const file = join(dir, "h.pipe");
    writeFileSync(file, `pipeline h {
  default { scheduleType = ondemand  role = "R"  resourceRole = "RR" }
  ShellCommandActivity a { workerGroup = "wg"  command = "a" }
}
`);
    const target = join(dir, "out2");
    expect(await main(["build", file, "--target", "asl", "--out", target])).toBe(1);
    expect(err).toContain("PIPE5201");
    expect(() => readdirSync(target)).toThrow();
  });
});

const P_SHAPE = `pipeline p {
  param myBucket: String = "default-bucket"
  default { scheduleType = cron  schedule = Hourly  role = "R"  resourceRole = "RR" }
  Schedule Hourly { period = 1 hour  startDateTime = 2026-01-01T00:00:00 }
  Ec2Resource Box { terminateAfter = 1 hour }
  ShellCommandActivity a { runsOn = Box  command = "echo #<myBucket>" }
}
`;

/** A source with two environments (dev, prod) next to it. */
function withEnvironments(): string {
  const file = join(dir, "p.pipe");
  writeFileSync(file, P_SHAPE);
  writeFileSync(join(dir, "p.values.dev.json"), JSON.stringify({ values: { myBucket: "dev-bucket" } }));
  writeFileSync(join(dir, "p.values.prod.json"), JSON.stringify({ values: { myBucket: "prod-bucket" } }));
  return file;
}

type Asl = { States: Record<string, { Type: string; Assign?: Record<string, string> }> };

/** The Init Pass state's Assign: `params` and `runtime` as JSONata text. */
function init(def: Asl): { params: string; runtime: string } {
  const state = def.States.Init;
  expect(state?.Type).toBe("Pass");
  return { params: state!.Assign!.params!, runtime: state!.Assign!.runtime! };
}

const readAsl = (path: string): Asl => JSON.parse(readFileSync(path, "utf8")) as Asl;

const ECS = ["--runtime", "ecsCluster=etl", "--runtime", "shellTaskDefinition=pipec-shell:2", "--runtime", "shellContainer=shell", "--runtime", "subnets=subnet-0123456789abcdef0", "--runtime", "securityGroups=sg-0123456789abcdef0"];

describe("pipec build --target asl: environments", () => {
  it("--all-envs writes the template and every environment, each with its values in Init", async () => {
    const file = withEnvironments();
    const target = join(dir, "out");
    expect(await main(["build", file, "--target", "asl", "--all-envs", "--out", target, ...ECS])).toBe(0);
    expect(readdirSync(target).sort()).toEqual([
      "p.asl.json", "p.dev.asl.json", "p.dev.iam.json", "p.dev.schedule.json", "p.iam.json",
      "p.prod.asl.json", "p.prod.iam.json", "p.prod.schedule.json", "p.schedule.json",
    ]);
    expect(init(readAsl(join(target, "p.asl.json"))).params).toContain('"myBucket":"default-bucket"');
    expect(init(readAsl(join(target, "p.dev.asl.json"))).params).toContain('"myBucket":"dev-bucket"');
    const prod = init(readAsl(join(target, "p.prod.asl.json"))).params;
    expect(prod).toContain('"myBucket":"prod-bucket"');
    expect(prod).not.toContain("default-bucket");
    // The schedule's input carries only the scheduled-time attributes.
    const schedule = JSON.parse(readFileSync(join(target, "p.prod.schedule.json"), "utf8")) as { input: string };
    expect(Object.keys(JSON.parse(schedule.input) as object).every((k) => !k.startsWith("param"))).toBe(true);
  });

  it("--env builds one environment; --param overrides its file; to stdout with one pipeline", async () => {
    const file = withEnvironments();
    expect(await main(["build", file, "--target", "asl", "--env", "prod", ...ECS])).toBe(0);
    expect(init(JSON.parse(out) as Asl).params).toContain('"myBucket":"prod-bucket"');
    out = "";
    expect(await main(["build", file, "--target", "asl", "--env", "prod", "--param", "myBucket=cli-bucket", ...ECS])).toBe(0);
    expect(init(JSON.parse(out) as Asl).params).toContain('"myBucket":"cli-bucket"');
    const target = join(dir, "out");
    expect(await main(["build", file, "--target", "asl", "--env", "dev", "--out", target, ...ECS])).toBe(0);
    expect(readdirSync(target).sort()).toEqual(["p.dev.asl.json", "p.dev.iam.json", "p.dev.schedule.json"]);
  });

  it("--values and --param without an environment name write <pipeline>.asl.json", async () => {
    const file = withEnvironments();
    const values = join(dir, "custom.json");
    writeFileSync(values, JSON.stringify({ myBucket: "file-bucket" }));
    const target = join(dir, "out");
    expect(await main(["build", file, "--target", "asl", "--values", values, "--out", target, ...ECS])).toBe(0);
    expect(init(readAsl(join(target, "p.asl.json"))).params).toContain('"myBucket":"file-bucket"');
    expect(await main(["build", file, "--target", "asl", "--param", "myBucket=param-bucket", "--out", target, ...ECS])).toBe(0);
    expect(init(readAsl(join(target, "p.asl.json"))).params).toContain('"myBucket":"param-bucket"');
  });

  it("a missing values file is a file-system failure (exit 2) and nothing is written", async () => {
    const file = withEnvironments();
    const target = join(dir, "out");
    expect(await main(["build", file, "--target", "asl", "--values", join(dir, "nope.json"), "--out", target, "--format", "concise", ...ECS])).toBe(2);
    expect(err).toMatch(/nope\.json:1:1: error PIPE9001: cannot read/);
    expect(() => readdirSync(target)).toThrow();
    err = "";
    expect(await main(["build", file, "--target", "asl", "--env", "qa", "--out", target, "--format", "concise", ...ECS])).toBe(2);
    expect(err).toMatch(/p\.values\.qa\.json:1:1: error PIPE9001/);
    expect(() => readdirSync(target)).toThrow();
  });

  it("checks the values against the parameters as the Data Pipeline target does", async () => {
    const file = withEnvironments();
    expect(await main(["build", file, "--target", "asl", "--param", "myBucket=a", "--param", "myBucket=b", "--format", "concise", ...ECS])).toBe(1);
    expect(err).toContain("error PIPE5105");
  });

  it("refuses --all-envs with --env, and an environment name that is not one", async () => {
    const file = withEnvironments();
    expect(await main(["build", file, "--target", "asl", "--all-envs", "--env", "prod"])).toBe(2);
    expect(err).toContain("--all-envs");
    expect(await main(["build", file, "--target", "asl", "--env", "../../escape", "--out", join(dir, "out")])).toBe(2);
    expect(() => readdirSync(join(dir, "out"))).toThrow();
  });
});

describe("pipec build --target asl: run-time settings", () => {
  it("without settings the machine is still built, with a PIPE5212 warning naming what it lacks", async () => {
    const file = withEnvironments();
    expect(await main(["build", file, "--target", "asl", "--format", "concise"])).toBe(0);
    expect(err).toMatch(/warning PIPE5212: .*'ecsCluster'/);
    expect(init(JSON.parse(out) as Asl).runtime).toContain("$merge([{}");
  });

  it("compiles --runtime settings into Init; a repeated key or a comma builds a list", async () => {
    const file = withEnvironments();
    const args = ["--runtime", "ecsCluster=etl", "--runtime", "shellTaskDefinition=pipec-shell:2", "--runtime", "shellContainer=shell"];
    expect(await main(["build", file, "--target", "asl", ...args, "--runtime", "subnets=subnet-0123456789abcdef0,subnet-0123456789abcdef1", "--runtime", "securityGroups=sg-0123456789abcdef0", "--runtime", "securityGroups=sg-0123456789abcdef1"])).toBe(0);
    expect(err).not.toContain("PIPE5212");
    const runtime = init(JSON.parse(out) as Asl).runtime;
    expect(runtime).toContain('"ecsCluster":"etl"');
    expect(runtime).toContain('"subnets":["subnet-0123456789abcdef0","subnet-0123456789abcdef1"]');
    expect(runtime).toContain('"securityGroups":["sg-0123456789abcdef0","sg-0123456789abcdef1"]');
  });

  it("takes settings per environment: config * < config env < file * < file env < flags", async () => {
    const file = withEnvironments();
    writeFileSync(
      join(dir, "pipec.config.json"),
      JSON.stringify({
        runtime: {
          "*": { ecsCluster: "config-all", shellTaskDefinition: "config-all", shellContainer: "config-all", subnets: ["subnet-0000000000000c0a1"], securityGroups: ["sg-0000000000000c0a1"] },
          prod: { ecsCluster: "config-prod", shellTaskDefinition: "config-prod", shellContainer: "config-prod" },
        },
      }),
    );
    const settings = join(dir, "runtime.json");
    writeFileSync(settings, JSON.stringify({ "*": { shellTaskDefinition: "file-all", shellContainer: "file-all" }, prod: { shellContainer: "file-prod" } }));
    const target = join(dir, "out");
    expect(await main(["build", file, "--target", "asl", "--all-envs", "--runtime-file", settings, "--runtime", "subnets=subnet-0000000000000f1a9", "--out", target])).toBe(0);
    const prod = init(readAsl(join(target, "p.prod.asl.json"))).runtime;
    expect(prod).toContain('"ecsCluster":"config-prod"');
    expect(prod).toContain('"shellTaskDefinition":"file-all"');
    expect(prod).toContain('"shellContainer":"file-prod"');
    expect(prod).toContain('"subnets":["subnet-0000000000000f1a9"]');
    expect(prod).toContain('"securityGroups":["sg-0000000000000c0a1"]');
    const dev = init(readAsl(join(target, "p.dev.asl.json"))).runtime;
    expect(dev).toContain('"ecsCluster":"config-all"');
    expect(dev).toContain('"shellContainer":"file-all"');
    expect(init(readAsl(join(target, "p.asl.json"))).runtime).toContain('"ecsCluster":"config-all"');
  });

  it("reports an unknown key with the nearest one, and a wrong type, at their place in the file", async () => {
    const file = withEnvironments();
    const settings = join(dir, "runtime.json");
    writeFileSync(settings, '{\n  "*": {\n    "ecsClustr": "etl",\n    "subnets": "subnet-0123456789abcdef0"\n  }\n}\n');
    const target = join(dir, "out");
    expect(await main(["build", file, "--target", "asl", "--runtime-file", settings, "--out", target, "--format", "json"])).toBe(1);
    const found = JSON.parse(err) as { code: string; message: string; hint?: string; range: { start: { line: number; column: number } } }[];
    const unknown = found.find((d) => d.code === "PIPE9005" && d.message.includes("ecsClustr"));
    expect(unknown).toMatchObject({ code: "PIPE9005", hint: "did you mean `ecsCluster`?", range: { start: { line: 3, column: 5 } } });
    const list = found.find((d) => d.code === "PIPE9005" && d.message.includes("subnets"));
    expect(list).toMatchObject({ code: "PIPE9005", range: { start: { line: 4, column: 16 } } });
    expect(list?.message).toContain("a list of subnet ids");
    expect(() => readdirSync(target)).toThrow();
  });

  it("reports bad --runtime values and a missing --runtime-file", async () => {
    const file = withEnvironments();
    expect(await main(["build", file, "--target", "asl", "--runtime", "schedulerRoleArn=not-an-arn", "--format", "concise"])).toBe(1);
    expect(err).toMatch(/error PIPE9005: '--runtime schedulerRoleArn' must be an IAM role ARN/);
    err = "";
    expect(await main(["build", file, "--target", "asl", "--runtime-file", join(dir, "missing.json"), "--format", "concise"])).toBe(2);
    expect(err).toMatch(/missing\.json:1:1: error PIPE9001/);
    expect(await main(["build", file, "--target", "asl", "--runtime", "no-equals-sign"])).toBe(2);
    expect(await main(["build", file, "--target", "datapipeline", "--runtime", "ecsCluster=etl"])).toBe(2);
  });

  it("reads a cdktf.json given as --runtime-file", async () => {
    const file = withEnvironments();
    const target = join(dir, "out");
    expect(await main(["build", file, "--target", "asl", "--all-envs", "--runtime-file", "cdktf.json", "--out", target])).toBe(0);
    expect(err).not.toContain("PIPE5212");
    expect(init(readAsl(join(target, "p.prod.asl.json"))).runtime).toContain("cluster/pipec-prod");
    expect(init(readAsl(join(target, "p.dev.asl.json"))).runtime).toContain("cluster/pipec-dev");
  });

  it("a runtime section with mistakes does not make pipec check drop the rules", async () => {
    mkdirSync(join(dir, "proj"));
    writeFileSync(join(dir, "proj", "pipec.config.json"), JSON.stringify({ rules: { PIPE6011: "off" }, runtime: { "*": { ecsClustr: "x" } } }));
    writeFileSync(join(dir, "proj", "n.pipe"), N_SHAPE);
    expect(await main(["check", join(dir, "proj"), "--format", "concise"])).toBe(0);
    expect(err).not.toContain("PIPE9004");
    expect(err).not.toContain("PIPE6011");
  });
});
