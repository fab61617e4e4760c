/**
 * The users' own workflow with both engines' real command lines, offline: `npm run cdk --`
 * (scripts/cdk.ts, run by the repository's Node) starts cdktf-cli 0.21 (on the Node 22 of
 * tools/cdktf-node) or cdktn-cli 0.24 (CDK Terrain), as cdktf.json's `context.pipec.engine` says.
 * - `synth` of every stack of the app, with no terraform binary: CDKTF's output is the golden
 *   stacks byte for byte, CDK Terrain's has the same blocks;
 * - every resource, data source and provider block is valid against the AWS provider's schema as
 *   its provider package declares it (test/helpers/provider-types.ts);
 * - `diff` and `deploy` start and hand the synthesized stack to Terraform: a stand-in
 *   `terraform` records the call (no provider can be downloaded and no AWS account reached here).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkStack, ProviderTypes } from "../helpers/provider-types.ts";
import { NODE, REPO } from "../helpers/scratch-cli.ts";

const ENGINES = {
  cdktf: { version: "0.21.0", provider: "@cdktf/provider-aws" },
  cdktn: { version: "0.24.0", provider: "@cdktn/provider-aws" },
} as const;
type Engine = keyof typeof ENGINES;

let work: string;
/** The app directory of each engine: the repository itself for cdktf, a copy of its cdktf.json with engine cdktn beside links to the rest. */
const appDir: Record<Engine, string> = { cdktf: REPO, cdktn: "" };
const out: Record<Engine, string> = { cdktf: "", cdktn: "" };
let terraformLog: string;
let fakeTerraform: string;

function cdk(engine: Engine, args: readonly string[], terraform = "terraform-not-installed"): { status: number | null; output: string } {
  const r = spawnSync(NODE, [join(REPO, "scripts", "cdk.ts"), ...args], {
    cwd: appDir[engine],
    env: { ...process.env, CI: "1", FORCE_COLOR: "0", CHECKPOINT_DISABLE: "1", TERRAFORM_BINARY_NAME: terraform },
    encoding: "utf8",
    timeout: 240_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

function stacksOf(dir: string): Map<string, Record<string, unknown>> {
  const stacks = new Map<string, Record<string, unknown>>();
  for (const s of readdirSync(join(dir, "stacks")).sort()) stacks.set(s, JSON.parse(readFileSync(join(dir, "stacks", s, "cdk.tf.json"), "utf8")) as Record<string, unknown>);
  return stacks;
}

/** A stack without cdktf's metadata block (`//`: the engine's name and version). */
function withoutMetadata(stack: Record<string, unknown>): Record<string, unknown> {
  const { "//": _, ...rest } = stack;
  return rest;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "pipec-cdk-cli-"));
  appDir.cdktn = join(work, "app-cdktn");
  spawnSync("mkdir", [appDir.cdktn]);
  for (const d of ["compiler", "grammar", "stacks", "examples", "node_modules", "package.json"]) symlinkSync(join(REPO, d), join(appDir.cdktn, d));
  const config = JSON.parse(readFileSync(join(REPO, "cdktf.json"), "utf8")) as { context: { pipec: Record<string, unknown> } };
  expect(config.context.pipec.engine ?? "cdktf").toBe("cdktf");
  config.context.pipec.engine = "cdktn";
  writeFileSync(join(appDir.cdktn, "cdktf.json"), JSON.stringify(config, null, 2));
  for (const engine of Object.keys(ENGINES) as Engine[]) {
    out[engine] = join(work, `out-${engine}`);
    const r = cdk(engine, ["synth", "--output", out[engine]]);
    expect(r.status, r.output).toBe(0);
  }
  // Terraform's stand-in: answers `version -json` as Terraform 1.11 and records every other call.
  terraformLog = join(work, "terraform.log");
  fakeTerraform = join(work, "terraform-stand-in");
  writeFileSync(
    fakeTerraform,
    [
      "#!/bin/sh",
      'if [ "$1" = "version" ] || [ "$1" = "-version" ]; then echo \'{"terraform_version":"1.11.4","platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}\'; exit 0; fi',
      `echo "$(pwd) $*" >> '${terraformLog}'`,
      'echo "terraform stand-in: $1 is not run here" >&2',
      "exit 1",
      "",
    ].join("\n"),
  );
  chmodSync(fakeTerraform, 0o755);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the engines' command lines", () => {
  it("cdktf synth (cdktf-cli on Node 22) writes every stack of the app, the golden stacks byte for byte", () => {
    const manifest = JSON.parse(readFileSync(join(out.cdktf, "manifest.json"), "utf8")) as { stacks: Record<string, unknown>; version: string };
    expect(manifest.version).toBe(ENGINES.cdktf.version);
    const stacks = readdirSync(join(out.cdktf, "stacks")).sort();
    expect(stacks.length).toBeGreaterThan(20);
    expect(Object.keys(manifest.stacks).sort()).toEqual(stacks);
    for (const s of stacks) {
      const golden = join(REPO, "test/fixtures/cdktf", s, "cdk.tf.json");
      expect(existsSync(golden), golden).toBe(true);
      expect(readFileSync(join(out.cdktf, "stacks", s, "cdk.tf.json"), "utf8"), s).toBe(readFileSync(golden, "utf8"));
    }
  });

  it("cdktn synth (CDK Terrain) writes the same stacks with the same blocks", () => {
    const manifest = JSON.parse(readFileSync(join(out.cdktn, "manifest.json"), "utf8")) as { version: string };
    expect(manifest.version).toBe(ENGINES.cdktn.version);
    const cdktf = stacksOf(out.cdktf);
    const cdktn = stacksOf(out.cdktn);
    expect([...cdktn.keys()]).toEqual([...cdktf.keys()]);
    for (const [name, stack] of cdktn) {
      expect((stack["//"] as { metadata: { version: string } }).metadata.version, name).toBe(ENGINES.cdktn.version);
      expect(withoutMetadata(stack), name).toEqual(withoutMetadata(cdktf.get(name) as Record<string, unknown>));
    }
  });

  it("every resource, data source and provider block is valid against the provider schema of each engine's provider package", () => {
    for (const engine of Object.keys(ENGINES) as Engine[]) {
      const types = new ProviderTypes(join(REPO, "node_modules", ENGINES[engine].provider));
      let blocks = 0;
      const problems: string[] = [];
      for (const [name, stack] of stacksOf(out[engine])) {
        const r = checkStack(types, stack, name);
        blocks += r.blocks;
        problems.push(...r.problems);
      }
      expect(problems, engine).toEqual([]);
      expect(blocks, engine).toBeGreaterThan(200);
    }
  });

  it("the schema check finds a misspelt argument, a missing required one and a value of the wrong type", () => {
    const types = new ProviderTypes(join(REPO, "node_modules", ENGINES.cdktn.provider));
    const stack = stacksOf(out.cdktn).get("nightly_sales_etl-stepfunctions") as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const machine = Object.values(stack.resource.aws_sfn_state_machine)[0];
    machine.role_arns = machine.role_arn;
    delete machine.role_arn;
    (machine.logging_configuration as Record<string, unknown>).level = 3;
    const problems = checkStack(types, stack, "s").problems.join("\n");
    expect(problems).toMatch(/aws_sfn_state_machine\.nightly_sales_etl\.role_arns: not an argument of SfnStateMachineConfig/);
    expect(problems).toMatch(/aws_sfn_state_machine\.nightly_sales_etl: the required argument role_arn is missing/);
    expect(problems).toMatch(/logging_configuration\.level: expected a string, got 3/);
  });

  it("diff and deploy start on both engines and hand the synthesized stack to Terraform", () => {
    for (const engine of Object.keys(ENGINES) as Engine[]) {
      for (const command of ["diff", "deploy"]) {
        rmSync(terraformLog, { force: true });
        // --skip-synth: the stacks synthesized above (each synth of the app takes seconds).
        const r = cdk(engine, [command, "hello_world-stepfunctions", "--skip-synth", "--output", out[engine]], fakeTerraform);
        expect(r.output, `${engine} ${command}`).not.toMatch(/pty\.node|Cannot find module|ERR_MODULE_NOT_FOUND/);
        expect(r.status, `${engine} ${command}`).not.toBe(0); // Terraform's stand-in refuses `init`
        const calls = existsSync(terraformLog) ? readFileSync(terraformLog, "utf8") : "";
        expect(calls, `${engine} ${command}:\n${r.output}`).toMatch(new RegExp(`out-${engine}/stacks/hello_world-stepfunctions init`));
      }
    }
  });
});
