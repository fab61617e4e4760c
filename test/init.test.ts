/**
 * `pipec init` with the real CLI (a bundle built from the current sources): what it writes, that
 * the scaffolded pipeline is clean for `pipec check` and `pipec fmt --check`, that it refuses to
 * replace files unless `--force` and then writes nothing, and `--version` / `explain 4001`.
 * (test/package/package.test.ts runs the scaffolded repository end to end from the packed package.)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { INIT_FILES, projectName } from "../compiler/cli/init.ts";
import { NODE, REPO, scratchCli, type ScratchCli } from "./helpers/scratch-cli.ts";

let cli: ScratchCli;

function pipec(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(NODE, [cli.bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", GITHUB_ACTIONS: "" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir`, relative, sorted. */
function tree(dir: string, base = ""): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tree(dir, join(base, e.name)) : [join(base, e.name)]))
    .sort();
}

beforeAll(() => {
  cli = scratchCli("pipec-init-");
  // The scratch package gets what init reads from the package: its manifest and the templates.
  const pkg = join(dirname(cli.bin), "..");
  for (const f of ["package.json", "templates"]) if (!existsSync(join(pkg, f))) symlinkSync(join(REPO, f), join(pkg, f));
});

afterAll(() => cli?.remove());

describe("pipec init", () => {
  it("writes the scaffold into a new directory and lists what it wrote", () => {
    const r = pipec(["init", "team-etl"], cli.work);
    expect(r.status, r.stderr).toBe(0);
    const dir = join(cli.work, "team-etl");
    expect(tree(dir)).toEqual(INIT_FILES.map((f) => f.target).sort());
    expect(r.stdout.split("\n").filter((l) => l.startsWith("wrote "))).toEqual(INIT_FILES.map((f) => `wrote team-etl/${f.target}`));
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; devDependencies: Record<string, string> };
    const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
    expect(pkg.name).toBe("team-etl");
    expect(pkg.devDependencies.pipec).toBe(`^${version}`);
    // The versions of the CDKTF packages are the ones this repository builds and tests with.
    const ours = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    for (const p of ["cdktf", "cdktf-cli", "constructs", "@cdktf/provider-aws"]) expect(pkg.devDependencies[p], p).toBe(ours.devDependencies[p]);
    const cdktf = JSON.parse(readFileSync(join(dir, "cdktf.json"), "utf8")) as { projectId: string; context: { pipec: { engine: string; backend: { bucket: string } } } };
    expect(cdktf.projectId).toBe("team-etl");
    expect(cdktf.context.pipec.engine).toBe("cdktf");
    expect(cdktf.context.pipec.backend.bucket).toBe("team-etl-terraform-state");
    for (const f of INIT_FILES) expect(readFileSync(join(dir, f.target), "utf8"), f.target).not.toMatch(/\{\{pipec:/);
    expect(parseYaml(readFileSync(join(dir, ".pre-commit-config.yaml"), "utf8"))).toMatchObject({ repos: [{ repo: "local", hooks: [{ id: "pipec-fmt" }, { id: "pipec-check" }] }] });
  });

  it("scaffolds a pipeline that pipec check and pipec fmt --check pass, and builds it per environment", () => {
    const dir = join(cli.work, "clean");
    expect(pipec(["init", dir], cli.work).status).toBe(0);
    const check = pipec(["check", "pipelines"], dir);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain("0 errors, 0 warnings");
    expect(pipec(["fmt", "--check", "pipelines"], dir).status).toBe(0);
    const out = join(dir, "tf");
    const build = pipec(["build", "pipelines", "--target", "terraform", "--service", "stepfunctions", "--runtime-file", "cdktf.json", "--out", out], dir);
    expect(build.status, build.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["daily_export-stepfunctions-dev", "daily_export-stepfunctions-prod"]);
  });

  it("refuses to replace existing files and then writes nothing; --force replaces them", () => {
    const dir = join(cli.work, "existing");
    mkdirSync(dir);
    writeFileSync(join(dir, "README.md"), "# ours\n");
    const refused = pipec(["init"], dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("pipec: init: README.md exists");
    expect(refused.stderr).toContain("nothing written; --force replaces it");
    expect(tree(dir)).toEqual(["README.md"]);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# ours\n");

    const forced = pipec(["init", ".", "--force"], dir);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("replaced README.md");
    expect(forced.stdout).toContain("wrote cdktf.json");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/^# existing\n/);
  });

  it("reports a target that is a file, not a directory", () => {
    writeFileSync(join(cli.work, "a-file"), "x");
    const r = pipec(["init", "a-file"], cli.work);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("a-file exists and is not a directory");
    expect(existsSync(join(cli.work, "a-file", "package.json"))).toBe(false);
  });

  it("names the project after the directory, as npm allows", () => {
    expect(projectName("/x/My Pipelines!")).toBe("my-pipelines");
    expect(projectName("/x/...")).toBe("pipelines");
    expect(projectName("/x/etl_2026.v2")).toBe("etl_2026.v2");
  });
});

describe("pipec --version and explain", () => {
  it("prints the package version for --version and -v", () => {
    const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
    for (const flag of ["--version", "-v"]) {
      const r = pipec([flag], cli.work);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it("explains a code given as a bare number, as PIPE code, in lower case, or by name, and refuses an unknown number", () => {
    const want = pipec(["explain", "PIPE4001"], cli.work).stdout;
    expect(want).toMatch(/^PIPE4001 /);
    for (const code of ["4001", "pipe4001"]) expect(pipec(["explain", code], cli.work).stdout).toBe(want);
    const unknown = pipec(["explain", "0999"], cli.work);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown diagnostic code '0999'");
  });
});
