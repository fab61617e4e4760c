/**
 * The package as a team adopts it, from npm's cache (filled by `npm ci`): the package is packed once
 * (`npm pack`, which builds it with `prepack`) from a copy of the working tree, then the commands
 * of the README's "Use pipec in your repository" are run one by one in a scratch folder, as
 * written: `npx pipec init` from the tarball, `npm install` (pipec from the tarball), the real
 * pre-commit, the real cdktf-cli on Node 22 (what the scaffolded `.nvmrc` asks for), `cdktf diff`
 * and `cdktf deploy` up to Terraform (a stand-in `terraform` records the call: no provider can be
 * downloaded and no AWS account reached here). Then, in that installed project: every entry point
 * the documentation promises, the bin, the hooks failing on bad files, the stacks against the
 * provider's schema, the CDK Terrain engine, and the workflow with `action-validator` and its own
 * `run:` steps.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { INIT_FILES } from "../../compiler/cli/init.ts";
import { checkStack, ProviderTypes } from "../helpers/provider-types.ts";
import { SYSTEM_PATH } from "../helpers/registry.ts";
import { isCi } from "../helpers/shared.ts";
import { NODE, REPO } from "../helpers/scratch-cli.ts";

const VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
/** The Node 22 that tools/cdktf-node installs: what the scaffolded repository's `.nvmrc` and CI use. */
const NODE22_BIN = join(REPO, "tools", "cdktf-node", "node_modules", "node", "bin");
const hasPreCommit = spawnSync("pre-commit", ["--version"], { encoding: "utf8" }).status === 0;
// The README's commands include pre-commit's: without it (outside CI, where .ci/run installs it) the file is skipped.
const run = hasPreCommit || isCi(process.env);
if (!run) console.warn("SKIPPED test/package/package.test.ts: pre-commit is not installed (it runs in CI; install it with `apt-get install pre-commit`).");

let work: string;
let tarball: string;
let user: string;
let terraformLog: string;
let standIn: string;
const ran: { command: string; status: number | null; output: string }[] = [];

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: [NODE22_BIN, SYSTEM_PATH].join(delimiter),
    // From npm's cache, which `npm ci` filled with every package used here; only what it lacks
    // (the registry's package lists, which `npm ci` does not fetch) comes from the registry.
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    PRE_COMMIT_HOME: join(work, "pre-commit-home"),
    CHECKPOINT_DISABLE: "1",
    FORCE_COLOR: "0",
    NO_COLOR: "1",
    CI: "1",
    GITHUB_ACTIONS: "",
    TERRAFORM_BINARY_NAME: standIn,
    ...extra,
  };
}

function sh(command: string, cwd: string, extra: Record<string, string> = {}): { status: number | null; output: string } {
  const r = spawnSync("bash", ["-c", command], { cwd, env: env(extra), encoding: "utf8", timeout: 400_000 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}${r.error ? `\n${String(r.error)}` : ""}` };
}

/** The shell commands of the README's "Use pipec in your repository" section, in order. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = /^## Use pipec in your repository\n([^]*?)(?=^## )/m.exec(readme);
  if (!section) throw new Error("README.md has no section 'Use pipec in your repository'");
  const blocks = [...section[1].matchAll(/^```sh\n([^]*?)^```/gm)].map((m) => m[1]);
  return blocks.flatMap((b) => b.split("\n").map((l) => l.replace(/\s+#.*$/, "").trim()).filter((l) => l !== "" && !l.startsWith("#")));
}

beforeAll(() => {
  if (!run) return;
  work = mkdtempSync(join(tmpdir(), "pipec-package-"));
  terraformLog = join(work, "terraform.log");
  standIn = join(work, "terraform-stand-in");
  writeFileSync(
    standIn,
    [
      "#!/bin/sh",
      'case "$1" in version|-version|-v|--version) echo \'{"terraform_version":"1.11.4","platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}\'; exit 0;; esac',
      `echo "$(pwd) $*" >> '${terraformLog}'`,
      'echo "terraform stand-in: $1 is not run here" >&2',
      "exit 1",
      "",
    ].join("\n"),
  );
  chmodSync(standIn, 0o755);

  // Pack from a copy of the working tree, so that prepack's build leaves this checkout's dist/ alone.
  const src = join(work, "src");
  mkdirSync(src);
  for (const f of ["package.json", "README.md", "tsconfig.json", "tsconfig.cdktf.json", "bin", "compiler", "grammar", "scripts", "schemas", "templates", "docs"]) {
    cpSync(join(REPO, f), join(src, f), { recursive: true, filter: (p) => !p.includes(`${"/"}dist${"/"}`) });
  }
  symlinkSync(join(REPO, "node_modules"), join(src, "node_modules"));
  const packed = spawnSync("npm", ["pack", "--pack-destination", work, "--json"], { cwd: src, encoding: "utf8", timeout: 300_000, env: { ...process.env, PATH: SYSTEM_PATH } });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
  tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);

  // The README's commands, as written, in an empty folder.
  let cwd = join(work, "user-home");
  mkdirSync(cwd);
  for (const line of readmeCommands()) {
    let command = line.replace(/^npx pipec init\b/, `npx --yes --package=${tarball} -- pipec init`);
    if (/^npm install\b/.test(command)) {
      // pipec comes from the packed tarball; every other package as written.
      const manifest = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
      expect(manifest.devDependencies.pipec).toBe(`^${VERSION}`);
      manifest.devDependencies.pipec = `file:${tarball}`;
      writeFileSync(join(cwd, "package.json"), JSON.stringify(manifest, null, 2));
      command = command.replace(/^npm install\b/, "npm install --no-save");
    }
    const r = sh(command, cwd);
    ran.push({ command: line, ...r });
    const cdTo = /&& cd (\S+)$/.exec(line);
    if (cdTo && r.status === 0) cwd = join(cwd, cdTo[1]);
  }
  user = cwd;
}, 900_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.runIf(run)("npm pack", () => {
  it("ships the bin, both construct entry points with their types, the Prettier plugin, the schemas and the init templates, and no sources", () => {
    const files = spawnSync("tar", ["tzf", tarball], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    for (const f of [
      "package.json",
      "README.md",
      "bin/pipec.js",
      "bin/code-cache.js",
      "dist/pipec.cjs",
      "dist/cdktf.mjs",
      "dist/cdktn.mjs",
      "dist/prettier-plugin-pipe.mjs",
      "dist/types/compiler/emit/cdktf/index.d.ts",
      "dist/types-cdktn/compiler/emit/cdktf/index.d.ts",
      "schemas/pipec-config.schema.json",
      "schemas/datapipeline-definition-file.schema.json",
      "schemas/datapipeline-definition-api.schema.json",
      ...INIT_FILES.map((t) => `templates/init/${t.template}`),
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(compiler|grammar|scripts|test|tools|stacks)\//.test(f))).toEqual([]);
  });
});

describe.runIf(run)("the README's commands in a new repository", () => {
  it("run as written: init, install, hooks, synth; diff and deploy reach Terraform", () => {
    const commands = readmeCommands();
    expect(ran.map((r) => r.command)).toEqual(commands);
    for (const r of ran) {
      if (/^npx cdktf (diff|deploy)\b/.test(r.command)) {
        // Terraform's stand-in refuses `init`: the command fails there, after the CLI started and synthesized.
        expect(r.output, r.command).not.toMatch(/pty\.node|Cannot find module|ERR_MODULE_NOT_FOUND/);
        expect(r.status, `${r.command}\n${r.output}`).not.toBe(0);
      } else {
        expect(r.status, `${r.command}\n${r.output}`).toBe(0);
      }
    }
    const init = ran.find((r) => r.command.startsWith("npx pipec init")) as { output: string };
    for (const f of INIT_FILES) expect(init.output).toContain(`wrote my-pipelines/${f.target}`);
    const calls = readFileSync(terraformLog, "utf8");
    expect(calls).toMatch(/cdktf\.out\/stacks\/daily_export-stepfunctions-dev init/);
    expect(calls).not.toMatch(/stepfunctions-prod/);
    const hooks = ran.find((r) => r.command.includes("pre-commit run")) as { output: string };
    expect(hooks.output).toMatch(/pipec fmt\.+Passed/);
    expect(hooks.output).toMatch(/pipec check\.+Passed/);
  });

  it("synthesizes one stack per environment with an S3 backend, one locked, encrypted state per stack, valid against the provider's schema", () => {
    const out = join(user, "cdktf.out");
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { version: string; stacks: Record<string, unknown> };
    expect(manifest.version).toBe("0.21.0");
    expect(Object.keys(manifest.stacks).sort()).toEqual(["daily_export-stepfunctions-dev", "daily_export-stepfunctions-prod"]);
    const types = new ProviderTypes(join(user, "node_modules", "@cdktf", "provider-aws"));
    for (const name of Object.keys(manifest.stacks)) {
      const stack = JSON.parse(readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8")) as { terraform: { backend: { s3: Record<string, unknown> } }; resource: Record<string, unknown> };
      expect(stack.terraform.backend.s3).toEqual({ bucket: "my-pipelines-terraform-state", key: `pipec/${name}.tfstate`, region: "us-east-1", dynamodb_table: "my-pipelines-terraform-locks", encrypt: true });
      expect(Object.keys(stack.resource)).toContain("aws_sfn_state_machine");
      const r = checkStack(types, stack, name);
      expect(r.problems).toEqual([]);
      expect(r.blocks).toBeGreaterThan(10);
    }
  });
});

describe.runIf(run)("the installed package", () => {
  it("runs its bin: --version, -v, check, explain with a bare number", () => {
    expect(sh("npx pipec --version", user).output.trim()).toBe(VERSION);
    expect(sh("npx pipec -v", user).output.trim()).toBe(VERSION);
    const check = sh("npx pipec check pipelines", user);
    expect(check.status, check.output).toBe(0);
    const explain = sh("npx pipec explain 4001", user);
    expect(explain.status).toBe(0);
    expect(explain.output).toMatch(/^PIPE4001 dependency-cycle/);
  });

  it("pipec init from the package writes what the README's init wrote and refuses to replace it", () => {
    const again = sh("npx pipec init", user);
    expect(again.status).toBe(1);
    expect(again.output).toContain("pipec: init: package.json exists");
    const other = join(work, "second");
    const fresh = sh(`npx pipec init ${other}`, user);
    expect(fresh.status, fresh.output).toBe(0);
    for (const f of INIT_FILES.filter((t) => t.target !== "package.json")) {
      expect(readFileSync(join(other, f.target), "utf8").replaceAll("second", "my-pipelines"), f.target).toBe(readFileSync(join(user, f.target), "utf8"));
    }
  });

  it("every documented entry point imports: pipec/cdktf, pipec/cdktn, pipec/prettier-plugin, the schemas, with types", () => {
    // CDK Terrain's packages are not in the scaffolded package.json: the repository's copies stand in.
    mkdirSync(join(user, "node_modules", "@cdktn"), { recursive: true });
    for (const p of ["cdktn", "@cdktn/provider-aws"]) if (!existsSync(join(user, "node_modules", p))) symlinkSync(join(REPO, "node_modules", p), join(user, "node_modules", p));
    const script = [
      'import { readFileSync } from "node:fs";',
      'import { createRequire } from "node:module";',
      'import { fileURLToPath, pathToFileURL } from "node:url";',
      "// The Prettier pipec depends on (the project's top-level `prettier` may be another major: cdktf-cli brings Prettier 2).",
      'const prettier = await import(pathToFileURL(createRequire(fileURLToPath(import.meta.resolve("pipec/package.json"))).resolve("prettier")).href);',
      'const cdktf = await import("pipec/cdktf");',
      'const cdktn = await import("pipec/cdktn");',
      'const plugin = await import("pipec/prettier-plugin");',
      'const schema = JSON.parse(readFileSync(new URL(import.meta.resolve("pipec/schemas/pipec-config.schema.json")), "utf8"));',
      'const pkg = (await import("pipec/package.json", { with: { type: "json" } })).default;',
      'const formatted = await (prettier.default ?? prettier).format("pipeline p {\\n  default {   scheduleType = ondemand }\\n}\\n", { parser: "pipe", plugins: [plugin.default ?? plugin], filepath: "p.pipe" });',
      "console.log(JSON.stringify({",
      "  cdktf: [typeof cdktf.StepFunctionsPipeline, typeof cdktf.DataPipelinePipeline, typeof cdktf.addPipelineStacks],",
      "  cdktn: [typeof cdktn.StepFunctionsPipeline, typeof cdktn.DataPipelinePipeline, typeof cdktn.addPipelineStacks],",
      "  schema: schema.title, version: pkg.version, formatted,",
      "}));",
    ].join("\n");
    writeFileSync(join(user, "entry-points.mjs"), script);
    const r = sh("node entry-points.mjs", user);
    expect(r.status, r.output).toBe(0);
    const got = JSON.parse(r.output.trim().split("\n")[0]) as { cdktf: string[]; cdktn: string[]; schema: string; version: string; formatted: string };
    expect(got.cdktf).toEqual(["function", "function", "function"]);
    expect(got.cdktn).toEqual(["function", "function", "function"]);
    expect(got.schema).toMatch(/^pipec configuration/);
    expect(got.version).toBe(VERSION);
    expect(got.formatted).toBe(sh("printf 'pipeline p {\\n  default {   scheduleType = ondemand }\\n}\\n' | npx pipec fmt -", user).output.trim() + "\n");

    // The declarations: a TypeScript user of both entry points type-checks.
    writeFileSync(
      join(user, "types-check.ts"),
      [
        'import { StepFunctionsPipeline, type StepFunctionsPipelineProps } from "pipec/cdktf";',
        'import { addPipelineStacks, type PipecStacksConfig } from "pipec/cdktn";',
        'const props: StepFunctionsPipelineProps = { file: "pipelines/daily-export.pipe", environment: "dev", logRetentionDays: 90 };',
        'const config: PipecStacksConfig = { sources: ["pipelines"], services: { "*": "stepfunctions" } };',
        "export const used = [StepFunctionsPipeline, addPipelineStacks, props, config];",
        "",
      ].join("\n"),
    );
    writeFileSync(join(user, "tsconfig.types-check.json"), JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["types-check.ts"] }));
    const tsc = spawnSync(NODE, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.types-check.json"], { cwd: user, encoding: "utf8" });
    expect(tsc.status, `${tsc.stdout}${tsc.stderr}`).toBe(0);
  });

  it("the scaffolded app builds the same stacks with CDK Terrain when cdktf.json says engine cdktn", () => {
    const app = join(work, "user-cdktn");
    mkdirSync(app);
    for (const d of ["node_modules", "pipelines", "stacks", "package.json"]) symlinkSync(join(user, d), join(app, d));
    const config = JSON.parse(readFileSync(join(user, "cdktf.json"), "utf8")) as { context: { pipec: { engine: string } } };
    expect(config.context.pipec.engine).toBe("cdktf");
    config.context.pipec.engine = "cdktn";
    writeFileSync(join(app, "cdktf.json"), JSON.stringify(config, null, 2));
    const r = sh("node stacks/main.ts", app, { CDKTF_OUTDIR: join(app, "out") });
    expect(r.status, r.output).toBe(0);
    for (const name of ["daily_export-stepfunctions-dev", "daily_export-stepfunctions-prod"]) {
      const { "//": tn, ...cdktn } = JSON.parse(readFileSync(join(app, "out", "stacks", name, "cdk.tf.json"), "utf8")) as Record<string, unknown>;
      const { "//": tf, ...cdktf } = JSON.parse(readFileSync(join(user, "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8")) as Record<string, unknown>;
      expect((tn as { metadata: { version: string } }).metadata.version).toBe("0.24.0");
      expect((tf as { metadata: { version: string } }).metadata.version).toBe("0.21.0");
      expect(cdktn, name).toEqual(cdktf);
    }
  });

  it("the pre-commit hooks reformat an unformatted pipeline and fail a broken one", () => {
    writeFileSync(join(user, "pipelines", "messy.pipe"), 'pipeline messy {\n      default {   scheduleType = ondemand\n  role = "DataPipelineDefaultRole"  resourceRole = "DataPipelineDefaultResourceRole" }\n}\n');
    writeFileSync(join(user, "pipelines", "broken.pipe"), "pipeline broken {\n  ShellCommandActivity A { runsOn = Missing }\n}\n");
    const r = sh("git add -A && pre-commit run --all-files", user);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/pipec fmt\.+Failed/);
    expect(r.output).toMatch(/pipec check\.+Failed/);
    expect(r.output).toMatch(/PIPE2\d{3}/);
    expect(readFileSync(join(user, "pipelines", "messy.pipe"), "utf8")).toBe(sh("npx pipec fmt pipelines/messy.pipe", user).output.trim() + "\n");
    rmSync(join(user, "pipelines", "messy.pipe"));
    rmSync(join(user, "pipelines", "broken.pipe"));
    sh("git add -A", user);
  });
});

describe.runIf(run)("the scaffolded workflow", () => {
  it("is valid for action-validator, which rejects a job without runs-on", () => {
    const validator = join(REPO, "node_modules", ".bin", "action-validator");
    const workflow = join(user, ".github", "workflows", "pipec.yml");
    const ok = spawnSync(validator, [workflow], { encoding: "utf8" });
    expect(ok.status, `${ok.stdout}${ok.stderr}`).toBe(0);
    const broken = join(work, "broken-workflow.yml");
    writeFileSync(broken, readFileSync(workflow, "utf8").replace(/(  deploy-prod:\n(?:.*\n)*?)    runs-on: ubuntu-latest\n/, "$1"));
    expect(readFileSync(broken, "utf8")).not.toBe(readFileSync(workflow, "utf8"));
    expect(spawnSync(validator, [broken], { encoding: "utf8" }).status).not.toBe(0);
  });

  it("has the pull-request and deploy jobs the README describes, and its pull-request steps run", () => {
    const wf = parseYaml(readFileSync(join(user, ".github", "workflows", "pipec.yml"), "utf8")) as {
      on: Record<string, unknown>;
      jobs: Record<string, { if?: string; needs?: string; environment?: string; concurrency?: { group: string }; permissions?: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, string> }[] }>;
    };
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push"]);
    const { check, "deploy-dev": dev, "deploy-prod": prod } = wf.jobs;
    expect(check.if).toContain("pull_request");
    expect(prod.environment).toBe("prod");
    expect(prod.needs).toBe("deploy-dev");
    for (const job of [check, dev, prod]) {
      expect(job.permissions?.["id-token"]).toBe("write");
      expect(job.concurrency?.group).toBeTruthy();
    }
    for (const job of [dev, prod]) {
      expect(job.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") && s.with?.["role-to-assume"])).toBe(true);
      expect(job.steps.some((s) => /npx cdktf deploy .* --auto-approve/.test(s.run ?? ""))).toBe(true);
    }
    expect(check.steps.some((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))).toBe(true);

    // The pull request's own commands, in the installed project (npm ci was the README's npm install).
    rmSync(terraformLog, { force: true });
    for (const step of check.steps) {
      if (step.run === undefined || step.run === "npm ci") continue;
      const r = sh(`set -e\n${step.run}`, user, { GITHUB_ACTIONS: "true" });
      if (step.run.includes("cdktf diff")) {
        expect(r.status, step.run).not.toBe(0); // Terraform's stand-in refuses init
        expect(readFileSync(terraformLog, "utf8")).toMatch(/stacks\/daily_export-stepfunctions-dev init/);
      } else {
        expect(r.status, `${step.run}\n${r.output}`).toBe(0);
      }
      if (step.run.includes("--format github")) expect(r.output).not.toMatch(/^::error/m);
    }
    const sarif = JSON.parse(readFileSync(join(user, "pipec.sarif"), "utf8")) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results).toEqual([]);
  });
});

describe.runIf(run)("this test's inputs", () => {
  it("the README section has the commands it runs", () => {
    expect(readmeCommands()).toEqual(expect.arrayContaining(["npm install", "npx cdktf synth"]));
    expect(readdirSync(join(REPO, "templates", "init")).length).toBeGreaterThan(0);
  });
});
