/**
 * The pre-commit hooks end to end with the real `pre-commit`: a scratch git repository uses this
 * repository's hooks (a snapshot of the working tree, committed in a temporary repository);
 * pre-commit installs them with `npm install` + `npm pack` and runs them with the Node it finds.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { npmRegistry } from "./helpers/registry.ts";
import { isCi } from "./helpers/shared.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const hasPreCommit = spawnSync("pre-commit", ["--version"], { encoding: "utf8" }).status === 0;
const inCi = isCi(process.env);
// pre-commit installs the hooks' environment with `npm install`: it needs the registry.
const registry = hasPreCommit && !inCi ? npmRegistry() : { ok: true, reason: "" };

if (!hasPreCommit && !inCi) {
  console.warn("SKIPPED test/pre-commit.test.ts: pre-commit is not installed (it runs in CI; install it with `apt-get install pre-commit`).");
} else if (!registry.ok) {
  console.warn(`SKIPPED test/pre-commit.test.ts: ${registry.reason} (the hooks' environment is installed with npm install)`);
}

const GOOD = [
  "pipeline hello {",
  '    description = "Echo a greeting"',
  "    default { scheduleType = ondemand   failureAndRerunMode = cascade",
  '    role = "DataPipelineDefaultRole"  resourceRole = "DataPipelineDefaultResourceRole"',
  '    pipelineLogUri = "s3://example-logs/hello/" }',
  '  Ec2Resource Worker { instanceType = "t3.micro"  terminateAfter = 30 minutes }',
  '  ShellCommandActivity SayHello { runsOn = Worker  command = "echo hello" }',
  "}",
  "",
].join("\n");

const BROKEN = 'pipeline broken {\n  ShellCommandActivity A {\n    command = "echo\n  }\n}\n';

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=ci@example.invalid", "-c", "user.name=ci", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" });
}

describe.runIf(inCi || (hasPreCommit && registry.ok))(`pre-commit hooks${hasPreCommit ? (registry.ok ? "" : ` (skipped: ${registry.reason})`) : " (skipped: pre-commit is not installed)"}`, () => {
  it("pipec-fmt fails once on an unformatted file and then passes; pipec-check fails a broken file and passes a good one", () => {
    expect(hasPreCommit, "pre-commit must be installed in CI (.ci/run installs it)").toBe(true);
    const tmp = mkdtempSync(join(tmpdir(), "pipec-pre-commit-"));
    // The hooks' environment holds a whole npm install: removed whatever the outcome.
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));

    // The hooks repository: this working tree (tracked and new files), committed.
    const hooks = join(tmp, "hooks");
    mkdirSync(hooks);
    const files = git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0").filter(Boolean);
    for (const f of new Set(files)) {
      try {
        mkdirSync(dirname(join(hooks, f)), { recursive: true });
        copyFileSync(join(ROOT, f), join(hooks, f));
      } catch {
        // deleted in the working tree
      }
    }
    git(hooks, "init", "-q");
    git(hooks, "add", "-A");
    git(hooks, "commit", "-q", "-m", "snapshot");
    const rev = git(hooks, "rev-parse", "HEAD").trim();

    // The user's repository.
    const work = join(tmp, "work");
    mkdirSync(work);
    git(work, "init", "-q");
    writeFileSync(join(work, ".pre-commit-config.yaml"), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: pipec-fmt\n      - id: pipec-check\n`);
    writeFileSync(join(work, "good.pipe"), GOOD);
    writeFileSync(join(work, "broken.pipe"), BROKEN);
    git(work, "add", "-A");

    // npm takes the packages it has cached without asking the registry again, and skips the
    // audit and funding requests: the hooks' environment installs the same as a user's, faster.
    const npm = { npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
    const env = { ...process.env, ...npm, PRE_COMMIT_HOME: join(tmp, "cache"), PRE_COMMIT_COLOR: "never", PIPEC_CODE_CACHE: join(tmp, "code-cache") };
    const run = (hook: string, file: string) => spawnSync("pre-commit", ["run", hook, "--files", file], { cwd: work, env, encoding: "utf8" });

    const first = run("pipec-fmt", "good.pipe");
    expect(first.status, first.stdout + first.stderr).toBe(1);
    expect(first.stdout).toContain("files were modified by this hook");
    const formatted = readFileSync(join(work, "good.pipe"), "utf8");
    expect(formatted).not.toBe(GOOD);
    expect(formatted).toContain("  Ec2Resource Worker {\n    instanceType = \"t3.micro\"\n    terminateAfter = 30 minutes\n  }\n");

    const second = run("pipec-fmt", "good.pipe");
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(readFileSync(join(work, "good.pipe"), "utf8")).toBe(formatted);

    const good = run("pipec-check", "good.pipe");
    expect(good.status, good.stdout + good.stderr).toBe(0);

    const broken = run("pipec-check", "broken.pipe");
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain("PIPE0002");

    // The formatter leaves a file with syntax errors alone.
    const fmtBroken = run("pipec-fmt", "broken.pipe");
    expect(fmtBroken.status).toBe(1);
    expect(readFileSync(join(work, "broken.pipe"), "utf8")).toBe(BROKEN);
  }, 900_000);
});
