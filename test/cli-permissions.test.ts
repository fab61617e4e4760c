/**
 * File-system permissions through the real CLI. Root ignores permission bits, so when the tests
 * run as root each command runs as `nobody` (uid 65534) on files that user owns; as any other
 * user the commands run as that user. Denied reads and writes are named as file-system errors
 * (path, cause, exit 2), and whatever could not be written leaves every file as it was.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchCli } from "./helpers/scratch-cli.ts";

const repo = join(import.meta.dirname, "..");
const node = join(repo, "node_modules", ".bin", "node");
const root = process.getuid?.() === 0;
const NOBODY = 65534;
const user: Pick<SpawnSyncOptions, "uid" | "gid"> = root ? { uid: NOBODY, gid: NOBODY } : {};

// As root, `nobody` must be able to run Node and read the checkout (not so in a private home).
const usable = !root || spawnSync(node, ["-e", `require(${JSON.stringify(join(repo, "package.json"))})`], { ...user, stdio: "ignore" }).status === 0;
if (!usable) process.stdout.write("SKIPPED test/cli-permissions.test.ts: running as root and user nobody cannot run node_modules/.bin/node or read the checkout\n");

let work: string;
let bin: string;

beforeAll(() => {
  if (!usable) return;
  const cli = scratchCli("pipec-perms-");
  work = cli.work;
  bin = cli.bin;
  // The scratch copy of the CLI is readable by everyone; each case directory belongs to the user.
  const open = (d: string): void => {
    chmodSync(d, 0o755);
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) open(join(d, e.name));
  };
  open(work);
});

afterAll(() => {
  if (!work) return;
  // Give the owner back write access everywhere before removing.
  const walk = (d: string): void => {
    try {
      chmodSync(d, 0o755);
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory() && !e.isSymbolicLink()) walk(join(d, e.name));
    } catch {
      // gone already
    }
  };
  walk(work);
  rmSync(work, { recursive: true, force: true });
});

function pipec(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, NO_COLOR: "1", PIPEC_CODE_CACHE: join(cwd, ".code-cache") };
  const r = spawnSync(node, [bin, ...args], { cwd, encoding: "utf8", env, timeout: 120_000, ...user });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let n = 0;
/** A directory owned by the user who runs the commands, with the clickstream example and its environments. */
function scratch(): string {
  const dir = join(work, `case-${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(join(repo, "examples")).filter((f) => f.startsWith("clickstream-ingest."))) copyFileSync(join(repo, "examples", f), join(dir, f));
  own(dir);
  return dir;
}

/** Hands a tree to the user who runs the commands. */
function own(path: string): void {
  if (!root) return;
  chownSync(path, NOBODY, NOBODY);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) own(join(path, e));
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === ".code-cache") continue;
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

/** A named file-system error: exit 2, the path, the cause, no internal error, no stack. */
function expectFsError(r: { status: number | null; stdout: string; stderr: string }, path: string): void {
  const said = r.stdout + r.stderr; // check reports on stdout, the other commands on stderr
  expect(r.status, said).toBe(2);
  expect(said).toContain(path);
  expect(said).toMatch(/permission denied|EACCES/i);
  expect(said).not.toMatch(/internal error/i);
  expect(said).not.toMatch(STACK);
}

describe.skipIf(!usable)(`permissions (as ${root ? "nobody" : "the current user"})`, () => {
  for (const target of ["datapipeline", "asl", "terraform"] as const) {
    it(`build --target ${target}: an output folder that cannot be written is named and nothing changes`, () => {
      const dir = scratch();
      const args = ["build", "clickstream-ingest.pipe", "--target", target, ...(target === "terraform" ? ["--runtime-file", join(repo, "cdktf.json")] : ["--all-envs"]), "--out", "out"];
      const first = pipec(args, dir);
      expect(first.status, first.stderr).toBe(0);
      const before = snapshot(join(dir, "out"));
      expect(Object.keys(before).length).toBeGreaterThan(1);
      // One folder of the set cannot be written: the set stays as the first build left it.
      const sub = Object.keys(before).find((k) => before[k] === "<dir>");
      const locked = sub ? join(dir, "out", sub) : join(dir, "out");
      chmodSync(locked, 0o555);
      writeFileSync(join(dir, "clickstream-ingest.pipe"), `${readFileSync(join(dir, "clickstream-ingest.pipe"), "utf8")}\n// changed\n`);
      const r = pipec(args, dir);
      chmodSync(locked, 0o755);
      expectFsError(r, "out");
      expect(snapshot(join(dir, "out"))).toEqual(before);
    });
  }

  it("check: a source that cannot be read is named, exit 2", () => {
    const dir = scratch();
    chmodSync(join(dir, "clickstream-ingest.pipe"), 0o000);
    const r = pipec(["check", "clickstream-ingest.pipe"], dir);
    expectFsError(r, "clickstream-ingest.pipe");
  });

  it("build: a values file that cannot be read is named, exit 2, nothing written", () => {
    const dir = scratch();
    const values = readdirSync(dir).find((f) => f.endsWith(".json"))!;
    chmodSync(join(dir, values), 0o000);
    const r = pipec(["build", "clickstream-ingest.pipe", "--target", "datapipeline", "--all-envs", "--out", "out"], dir);
    expectFsError(r, values);
    expect(readdirSync(dir)).not.toContain("out");
  });

  it("fmt --write: a file in a folder that cannot be written is named and left as it was, with no temporary beside it", () => {
    const dir = scratch();
    const file = join(dir, "clickstream-ingest.pipe");
    writeFileSync(file, readFileSync(file, "utf8").replace(/\n {2}/g, "\n      "));
    own(file);
    const before = snapshot(dir);
    chmodSync(dir, 0o555);
    const r = pipec(["fmt", "--write", "clickstream-ingest.pipe"], dir);
    chmodSync(dir, 0o755);
    expectFsError(r, "clickstream-ingest.pipe");
    expect(snapshot(dir)).toEqual(before);
  });

  it("import -o: a folder that cannot be written is named, exit 2, nothing written", () => {
    const dir = scratch();
    const def = join(dir, "def.json");
    writeFileSync(def, JSON.stringify({ objects: [{ id: "Default", name: "Default", scheduleType: "ondemand" }, { id: "A", name: "A", type: "ShellCommandActivity", command: "echo" }] }));
    own(def);
    mkdirSync(join(dir, "locked"));
    own(join(dir, "locked"));
    chmodSync(join(dir, "locked"), 0o555);
    const r = pipec(["import", "def.json", "-o", "locked/def.pipe"], dir);
    chmodSync(join(dir, "locked"), 0o755);
    expectFsError(r, "locked");
    expect(readdirSync(join(dir, "locked"))).toEqual([]);
  });
});
