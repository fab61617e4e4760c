/**
 * The CDKTF app (stacks/) and the Terraform target over every example: golden `cdk.tf.json`
 * per stack under test/fixtures/cdktf/, golden `main.tf.json` under test/fixtures/terraform/
 * (`npm run golden` rewrites both), determinism, and the same resources on both paths.
 */
import "../helpers/cdktf.ts";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { describe, expect, it } from "vitest";
import { inChild } from "../helpers/child.ts";
import { UPDATE_GOLDEN, writeGoldens } from "../helpers/golden.ts";
import type { PipecStacksConfig } from "../../compiler/emit/cdktf/index.ts";
import { addPipelineStacks } from "../../compiler/emit/cdktf/index.ts";
import { buildTerraform } from "../../compiler/emit/terraform/build.ts";
import { findEnvironments } from "../../compiler/emit/terraform/environments.ts";
import { compileFile, SERVICES } from "../../compiler/emit/terraform/pipeline.ts";
import { servicesFor, stackName } from "../../compiler/emit/terraform/stacks.ts";
import type { Json } from "../helpers/cdktf.ts";
import { stripMetadata, unescapedTemplates } from "../helpers/cdktf.ts";

const update = UPDATE_GOLDEN;
const CDKTF_GOLDEN = "test/fixtures/cdktf";
const TF_GOLDEN = "test/fixtures/terraform";

const EXAMPLES = readdirSync("examples")
  .filter((f) => f.endsWith(".pipe"))
  .sort()
  .map((f) => join("examples", f));

/** The settings of cdktf.json (both services for every example it does not restrict). */
const config: PipecStacksConfig = {
  ...(JSON.parse(readFileSync("cdktf.json", "utf8")) as { context: { pipec: PipecStacksConfig } }).context.pipec,
  sources: ["examples"],
};

/** Synthesizes the app into a fresh directory; returns stack name → cdk.tf.json text. */
function synth(): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "pipec-cdktf-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    addPipelineStacks(app, config);
    app.synth();
    const out = new Map<string, string>();
    for (const s of readdirSync(join(outdir, "stacks")).sort()) out.set(s, readFileSync(join(outdir, "stacks", s, "cdk.tf.json"), "utf8"));
    out.set("manifest.json", readFileSync(join(outdir, "manifest.json"), "utf8"));
    return out;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Compares a set of files with a golden directory (one sub-directory per stack), or rewrites it. */
function golden(ctx: { skip(note?: string): never }, dir: string, fileName: string, files: ReadonlyMap<string, string>): void {
  if (update) writeGoldens(ctx, new Map([...files].map(([stack, text]) => [join(dir, stack, fileName), text])), [dir]);
  expect(existsSync(dir), `${dir} is missing: run npm run golden`).toBe(true);
  expect(readdirSync(dir).sort()).toEqual([...files.keys()].sort());
  for (const [stack, text] of files) expect(text, `${dir}/${stack}/${fileName}`).toBe(readFileSync(join(dir, stack, fileName), "utf8"));
}

const expectedStacks = EXAMPLES.flatMap((file) => {
  const compiled = compileFile(file, readFileSync(file, "utf8"));
  const envs = findEnvironments(file).environments;
  return compiled.pipelines.flatMap((p) => servicesFor(config.services, p.name).flatMap((s) => envs.map((e) => stackName(p.name, s, e.name))));
}).sort();

describe("the CDKTF app over examples/", () => {
  const first = synth();
  const stacks = new Map([...first].filter(([k]) => k !== "manifest.json"));

  it("makes one stack per pipeline, service and environment", () => {
    expect(servicesFor(config.services, "any_other_pipeline")).toEqual(SERVICES);
    expect(expectedStacks.length).toBeGreaterThan(EXAMPLES.length);
    expect([...stacks.keys()].sort()).toEqual(expectedStacks);
    // Every example has its Data Pipeline stacks, and most have Step Functions stacks too.
    for (const file of EXAMPLES) {
      const names = compileFile(file, readFileSync(file, "utf8")).pipelines.map((p) => p.name);
      for (const n of names) expect([...stacks.keys()].some((k) => k.startsWith(`${n}-datapipeline`)), n).toBe(true);
    }
    expect([...stacks.keys()].filter((k) => k.includes("-stepfunctions")).length).toBeGreaterThanOrEqual(EXAMPLES.length / 2);
  });

  it("is deterministic across processes (another time zone and locale)", () => {
    const second = new Map(
      Object.entries(
        JSON.parse(
          inChild(
            [
              'const { mkdtempSync, readdirSync, readFileSync, rmSync } = await import("node:fs");',
              'const { tmpdir } = await import("node:os");',
              'const { join } = await import("node:path");',
              'const { App } = await import("cdktf");',
              'const { addPipelineStacks } = await import(`${root}compiler/emit/cdktf/index.ts`);',
              'const outdir = mkdtempSync(join(tmpdir(), "pipec-cdktf-child-"));',
              "const app = new App({ outdir, stackTraces: false });",
              "addPipelineStacks(app, input);",
              "app.synth();",
              "const out = {};",
              'for (const s of readdirSync(join(outdir, "stacks")).sort()) out[s] = readFileSync(join(outdir, "stacks", s, "cdk.tf.json"), "utf8");',
              'out["manifest.json"] = readFileSync(join(outdir, "manifest.json"), "utf8");',
              "rmSync(outdir, { recursive: true, force: true });",
              "process.stdout.write(JSON.stringify(out));",
            ].join("\n"),
            config,
          ),
        ) as Record<string, string>,
      ),
    );
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [k, v] of first) expect(second.get(k), k).toBe(v);
  });

  it("matches the golden cdk.tf.json of every stack", (ctx) => {
    golden(ctx, CDKTF_GOLDEN, "cdk.tf.json", stacks);
  });

  it("writes no absolute path and no live template", () => {
    for (const [name, text] of stacks) {
      expect(text, name).not.toContain(process.cwd());
      const doc = JSON.parse(text) as { resource: Json; output?: Json };
      expect(unescapedTemplates(doc.resource), name).toEqual([]);
    }
  });

  it("pins the AWS provider as hashicorp/aws and keeps state per stack", () => {
    for (const [name, text] of stacks) {
      const doc = JSON.parse(text) as { terraform: { required_providers: { aws: unknown }; backend: unknown } };
      expect(doc.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "~> 6.25" });
      expect(doc.terraform.backend).toEqual({ local: { path: `terraform.${name}.tfstate` } });
    }
  });

  describe("the Terraform target", () => {
    const inputs = EXAMPLES.map((file) => ({ file, text: readFileSync(file, "utf8") }));
    const built = buildTerraform(inputs, { region: config.region, services: config.services, options: { ...config.datapipeline, ...config.stepfunctions } });
    const files = new Map(built.files.map((f) => [f.path.split("/")[0], f.text]));

    it("builds the same stacks with no error", () => {
      expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect([...files.keys()].sort()).toEqual(expectedStacks);
    });

    it("matches the golden main.tf.json of every stack", (ctx) => {
      golden(ctx, TF_GOLDEN, "main.tf.json", files);
    });

    it("parses and holds the same resources, outputs and provider as the CDKTF stack", () => {
      for (const [name, text] of files) {
        const tf = JSON.parse(text) as Record<string, Json>;
        const cd = stripMetadata(JSON.parse(stacks.get(name) as string) as Json) as Record<string, Json>;
        expect(tf.resource, name).toEqual(cd.resource);
        expect(tf.data, name).toEqual(cd.data);
        expect(tf.variable, name).toEqual(cd.variable);
        expect(tf.output, name).toEqual(cd.output);
        expect(tf.provider, name).toEqual(cd.provider);
        expect((tf.terraform as Record<string, Json>).required_providers, name).toEqual((cd.terraform as Record<string, Json>).required_providers);
        expect(unescapedTemplates(tf.resource), name).toEqual([]);
      }
    });
  });
});

describe("stacks/main.ts (npm run synth)", () => {
  const main = join(process.cwd(), "stacks", "main.ts");

  it("writes the golden stacks whatever the time zone and locale", () => {
    const out = mkdtempSync(join(tmpdir(), "pipec-synth-"));
    try {
      const r = spawnSync(process.execPath, [main], {
        env: { ...process.env, CDKTF_OUTDIR: out, TZ: "Pacific/Chatham", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" },
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const stacks = readdirSync(join(out, "stacks")).sort();
      expect(stacks).toEqual(readdirSync(CDKTF_GOLDEN).sort());
      for (const s of stacks) expect(readFileSync(join(out, "stacks", s, "cdk.tf.json"), "utf8"), s).toBe(readFileSync(join(CDKTF_GOLDEN, s, "cdk.tf.json"), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  /** Runs stacks/main.ts in a scratch project: one shell pipeline with a prod environment. */
  function synthProject(pipec: Record<string, unknown>): { status: number | null; stderr: string; stacks: string[] } {
    const dir = mkdtempSync(join(tmpdir(), "pipec-synth-rt-"));
    try {
      writeFileSync(join(dir, "cdktf.json"), `${JSON.stringify({ app: "node stacks/main.ts", context: { pipec: { sources: ["pipes"], services: { "*": "stepfunctions" }, ...pipec } } }, null, 2)}\n`);
      mkdirSync(join(dir, "pipes"));
      writeFileSync(join(dir, "pipes", "a.pipe"), readFileSync("examples/hello-world.pipe", "utf8"));
      writeFileSync(join(dir, "pipes", "a.values.prod.json"), JSON.stringify({ values: { myS3LogsPath: "s3://logs", myAlarmTopicArn: "arn:aws:sns:us-east-1:123456789012:alarms" } }));
      const r = spawnSync(process.execPath, [main], { cwd: dir, env: { ...process.env, CDKTF_OUTDIR: join(dir, "out") }, encoding: "utf8", timeout: 120_000 });
      const stacksDir = join(dir, "out", "stacks");
      return { status: r.status, stderr: r.stderr, stacks: existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("fails, naming the missing run-time settings, when a Step Functions stack's environment lacks them", () => {
    const none = synthProject({});
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/pipes\/a\.pipe:\d+:\d+: error PIPE5212: run-time settings 'ecsCluster' .*'subnets'/);
    expect(none.stacks).toEqual([]);
    // "*" gives every setting but the subnets, which only prod has.
    const { subnets, ...rest } = (config.stepfunctions?.runtime as Record<string, Record<string, unknown>>)["*"]!;
    const partial = synthProject({ stepfunctions: { runtime: { "*": rest, prod: { subnets } } } });
    expect(partial.status).toBe(0);
    expect(partial.stacks).toEqual(["hello_world-stepfunctions-prod"]);
  });

  it("reports bad run-time settings at their line in cdktf.json", () => {
    const r = synthProject({ stepfunctions: { runtime: { "*": { ecsClustr: "etl" } } } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cdktf\.json:\d+:\d+: error PIPE9005: unknown run-time setting 'context\.pipec\.stepfunctions\.runtime\.\*\.ecsClustr'/);
    const line = Number(/cdktf\.json:(\d+):/.exec(r.stderr)?.[1]);
    expect(line).toBeGreaterThan(1);
  });

  it("fails with every error's file and line when a source does not compile", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipec-synth-bad-"));
    try {
      writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ app: "node stacks/main.ts", context: { pipec: { sources: ["pipes"] } } }));
      mkdirSync(join(dir, "pipes"));
      writeFileSync(join(dir, "pipes", "a.pipe"), "pipeline a {\n  default { scheduleType = ondemand }\n  ShellCommandActivity X { command = }\n}\n");
      writeFileSync(join(dir, "pipes", "b.pipe"), "pipeline b {\n  Ec2Resource W { instanceType = \"t3.micro\" \n");
      const r = spawnSync(process.execPath, [main], { cwd: dir, env: { ...process.env, CDKTF_OUTDIR: join(dir, "out") }, encoding: "utf8", timeout: 120_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/pipes\/a\.pipe:3:\d+: error PIPE\d{4}: /);
      expect(r.stderr).toMatch(/pipes\/b\.pipe:\d+:\d+: error PIPE\d{4}: /);
      // Nothing synthesized: no stack directory holds a file.
      const stacksDir = join(dir, "out", "stacks");
      expect(existsSync(stacksDir) ? readdirSync(stacksDir) : []).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
