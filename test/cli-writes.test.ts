/**
 * What the CLI writes: nothing outside `--out`, whole output sets or none, no temporary files
 * left behind, no silent overwrite by `pipec import`, file-system errors named as such, and
 * internal failures exit 2. The real CLI (bin/pipec.js over a freshly built bundle) in a scratch directory.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { scratchCli } from "./helpers/scratch-cli.ts";

vi.mock("../compiler/config/check-file.ts", async () => {
  const { SourceFile } = await import("../compiler/source/source.ts");
  const { diagnostic } = await import("../compiler/diagnostics/codes.ts");
  return {
    checkFile: (file: string, text: string) => ({
      source: new SourceFile(file, text),
      diagnostics: [diagnostic("PIPE9003", file, { start: 0, end: 0 }, "internal error in rule x: boom")],
      fixed: 0,
    }),
  };
});

const repo = join(import.meta.dirname, "..");
const node = join(repo, "node_modules", ".bin", "node");
let work: string;
let bin: string;

beforeAll(() => {
  const cli = scratchCli("pipec-writes-");
  work = cli.work;
  bin = cli.bin;
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function pipec(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, NO_COLOR: "1", PIPEC_CODE_CACHE: join(work, "code-cache") };
  const r = spawnSync(node, [bin, ...args], { cwd, encoding: "utf8", env, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let n = 0;
/** A fresh directory with the clickstream example and its environments. */
function scratch(): string {
  const dir = join(work, `case-${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(join(repo, "examples")).filter((f) => f.startsWith("clickstream-ingest."))) copyFileSync(join(repo, "examples", f), join(dir, f));
  return dir;
}

/** Every file under `dir` with its content (directories as `<dir>`). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const rel = prefix + e.name;
      if (e.isDirectory()) {
        out[rel] = "<dir>";
        walk(join(d, e.name), `${rel}/`);
      } else out[rel] = readFileSync(join(d, e.name), "utf8");
    }
  };
  walk(dir, "");
  return out;
}

const STACK = /\n\s+at .+:\d+:\d+\)?\n/;

describe("environment names never lead outside --out", () => {
  for (const target of ["datapipeline", "asl", "terraform"]) {
    it(`--target ${target} refuses --env with a path in it`, () => {
      const dir = scratch();
      mkdirSync(join(dir, "a", "b", "c"), { recursive: true });
      const r = pipec(["build", "../../../clickstream-ingest.pipe", "--target", target, "--env", "../../../elsewhere/x", "--out", "out"], join(dir, "a", "b", "c"));
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/'\.\.\/\.\.\/\.\.\/elsewhere\/x' is not an environment name \(letters, digits, '_' and '-'/);
      expect(existsSync(join(dir, "elsewhere"))).toBe(false);
      expect(existsSync(join(dir, "a", "b", "c", "out"))).toBe(false);
    });
  }

  it("--all-envs skips values files whose environment is not a valid name", () => {
    const dir = scratch();
    copyFileSync(join(dir, "clickstream-ingest.values.prod.json"), join(dir, "clickstream-ingest.values.a.b.json"));
    const r = pipec(["build", "clickstream-ingest.pipe", "--target", "datapipeline", "--all-envs", "--out", "out"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, "out")).sort()).toEqual(["clickstream_ingest.dev.json", "clickstream_ingest.json", "clickstream_ingest.prod.json", "clickstream_ingest.staging.json"]);
  });
});

describe("an output set is written whole or not at all", () => {
  for (const [target, extra, blocked] of [
    ["datapipeline", ["--all-envs"], "clickstream_ingest.prod.json"],
    ["asl", ["--all-envs", "--runtime", "ecsCluster=etl"], "clickstream_ingest.prod.asl.json"],
    ["terraform", ["--service", "datapipeline"], "clickstream_ingest-datapipeline-prod/main.tf.json"],
  ] as const) {
    it(`--target ${target}: a directory where one file must go leaves every other file as it was`, () => {
      const dir = scratch();
      const first = pipec(["build", "clickstream-ingest.pipe", "--target", target, ...extra, "--out", "out"], dir);
      expect(first.status, first.stderr).toBe(0);
      const out = join(dir, "out");
      const before = snapshot(out);
      expect(Object.keys(before)).toContain(blocked);
      // Every file of the set now holds "old"; the blocked one becomes a directory.
      for (const [f, text] of Object.entries(before)) if (text !== "<dir>") writeFileSync(join(out, f), "old");
      rmSync(join(out, blocked));
      mkdirSync(join(out, blocked));
      const stale = snapshot(out);
      const r = pipec(["build", "clickstream-ingest.pipe", "--target", target, ...extra, "--out", "out"], dir);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr).toMatch(/cannot write .*: a directory is where the file must go.*\(EISDIR\); nothing was written/);
      expect(snapshot(out)).toEqual(stale);
    });
  }

  it("a file where the output directory must be is reported as a file-system error, exit 2", () => {
    const dir = scratch();
    writeFileSync(join(dir, "blocker"), "x");
    const r = pipec(["build", "clickstream-ingest.pipe", "--target", "datapipeline", "--all-envs", "--out", "blocker/sub"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/blocker\/sub: a part of the path is a file, not a directory.*\(ENOTDIR\)/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(readFileSync(join(dir, "blocker"), "utf8")).toBe("x");
  });
});

describe("fmt --write", () => {
  it("removes the temporary files an interrupted run left and leaves none of its own", () => {
    const dir = join(work, `fmt-${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "a.pipe"), 'pipeline   a {\n  description = "x"\n}\n');
    writeFileSync(join(dir, "b.pipe"), 'pipeline b {\n  description = "x"\n}\n');
    // pid 2^22+1 is above Linux's pid_max: no such process runs.
    const dead = 4194305;
    writeFileSync(join(dir, `.a.pipe.pipec-${dead}-abc123.tmp`), "half");
    writeFileSync(join(dir, `.b.pipe.pipec-${dead}-abc123.tmp`), "half");
    writeFileSync(join(dir, ".unrelated.tmp"), "keep");
    const r = pipec(["fmt", "--write", "."], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("formatted a.pipe\n");
    expect(readdirSync(dir).sort()).toEqual([".unrelated.tmp", "a.pipe", "b.pipe"]);
    expect(readFileSync(join(dir, "a.pipe"), "utf8")).toBe('pipeline a {\n  description = "x"\n}\n');
  });

  it("a file that cannot be replaced leaves every file as it was and is named", () => {
    const dir = join(work, `fmt-${n++}`);
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "src", "a.pipe"), 'pipeline   a {\n  description = "x"\n}\n');
    writeFileSync(join(dir, "src", "b.pipe"), 'pipeline   b {\n  description = "x"\n}\n');
    // The temporary name of b.pipe cannot be created: its parent is not a directory.
    const r = pipec(["fmt", "--write", "src/a.pipe", "src/b.pipe/."], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(readFileSync(join(dir, "src", "a.pipe"), "utf8")).toBe('pipeline   a {\n  description = "x"\n}\n');
  });
});

describe("import -o", () => {
  const definition = JSON.stringify({
    objects: [
      { id: "Default", name: "Default", scheduleType: "ondemand", failureAndRerunMode: "CASCADE", role: "DataPipelineDefaultRole", resourceRole: "DataPipelineDefaultResourceRole" },
      { id: "Echo", name: "Echo", type: "ShellCommandActivity", command: "echo #{myGreeting}", workerGroup: "wg" },
    ],
    parameters: [{ id: "myGreeting", type: "String" }],
    values: { myGreeting: "hi" },
  });

  it("refuses to replace an existing file without --force, and replaces it with --force", () => {
    const dir = join(work, `import-${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "def.json"), definition);
    writeFileSync(join(dir, "p.pipe"), "mine");
    const refused = pipec(["import", "def.json", "-o", "p.pipe"], dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/'p\.pipe' already exists; pass --force to replace it/);
    expect(readFileSync(join(dir, "p.pipe"), "utf8")).toBe("mine");
    expect(existsSync(join(dir, "p.values.json"))).toBe(false);
    const forced = pipec(["import", "def.json", "-o", "p.pipe", "--force"], dir);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, "p.pipe"), "utf8")).toMatch(/^pipeline /m);
    expect(JSON.parse(readFileSync(join(dir, "p.values.json"), "utf8"))).toEqual({ values: { myGreeting: "hi" } });
  });

  it("refuses to replace an existing values file without --force", () => {
    const dir = join(work, `import-${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "def.json"), definition);
    writeFileSync(join(dir, "p.values.json"), "mine");
    const r = pipec(["import", "def.json", "-o", "p.pipe"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/'p\.values\.json' already exists; pass --force/);
    expect(existsSync(join(dir, "p.pipe"))).toBe(false);
  });

  it("writes the .pipe and its values file together or neither", () => {
    const dir = join(work, `import-${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "def.json"), definition);
    writeFileSync(join(dir, "p.pipe"), "mine");
    mkdirSync(join(dir, "p.values.json"));
    const r = pipec(["import", "def.json", "-o", "p.pipe", "--force"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot write p\.values\.json: a directory is where the file must go.*\(EISDIR\); nothing was written/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(readFileSync(join(dir, "p.pipe"), "utf8")).toBe("mine");
    expect(readdirSync(dir).sort()).toEqual(["def.json", "p.pipe", "p.values.json"]);
  });
});

describe("internal failures exit 2", () => {
  it("check: a PIPE9003 finding (a rule that failed) exits 2", async () => {
    const dir = join(work, `check-${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "a.pipe"), "pipeline a {}\n");
    const { runCheck } = await import("../compiler/cli/check.ts");
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(runCheck([join(dir, "a.pipe")], { format: "json" })).toBe(2);
    } finally {
      write.mockRestore();
    }
  });
});
