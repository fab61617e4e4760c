/** What `pipec check` loads at start-up: the bundle and nothing heavy (no Prettier, no cdktf). */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
// Node 24 from node_modules (vitest itself may run on an older Node).
const node = join(root, "node_modules", ".bin", "node");
const work = mkdtempSync(join(tmpdir(), "pipec-startup-"));

function run(args: string[], record?: string): { status: number | null; stdout: string; stderr: string } {
  const pre = record ? ["--import", join(root, "test", "helpers", "record-loads.mjs")] : [];
  const r = spawnSync(node, [...pre, join(root, "bin", "pipec.js"), ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...(record ? { PIPEC_RECORD_LOADS: record } : {}), NODE_COMPILE_CACHE: join(work, "cache") },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(root, "dist", "pipec.mjs"))) spawnSync(node, [join(root, "scripts", "build.ts")], { cwd: root });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("start-up of the bundled CLI", () => {
  it("pipec check loads the bundle and no Prettier or cdktf module", () => {
    const record = join(work, "check.txt");
    const r = run(["check", "examples/hello-world.pipe"], record);
    expect(r.status, r.stderr).toBe(0);
    const urls = readFileSync(record, "utf8").split("\n");
    expect(urls.some((u) => u.endsWith("/dist/pipec.mjs"))).toBe(true);
    expect(urls.filter((u) => /node_modules\/(prettier|cdktf|constructs|@cdktf)\//.test(u))).toEqual([]);
  });

  it("pipec fmt still formats through Prettier from the bundle", () => {
    const record = join(work, "fmt.txt");
    const r = run(["fmt", "examples/warehouse-nightly-etl.pipe"], record);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(root, "examples", "warehouse-nightly-etl.pipe"), "utf8"));
    expect(readFileSync(record, "utf8")).toMatch(/node_modules\/prettier\//);
  });
});
