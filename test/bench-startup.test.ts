/**
 * What `pipec check` loads at start-up: the bundle and nothing heavy (no Prettier, no cdktf, no
 * Chevrotain for a well-formed file); and the code cache it runs the bundle with.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDist } from "./helpers/dist.ts";

const root = join(import.meta.dirname, "..");
// Node 24 from node_modules (vitest itself may run on an older Node).
const node = join(root, "node_modules", ".bin", "node");
const work = mkdtempSync(join(tmpdir(), "pipec-startup-"));

function run(args: string[], record?: string, codeCache = join(work, "code-cache"), env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const pre = record ? ["--import", join(root, "test", "helpers", "record-loads.mjs")] : [];
  const r = spawnSync(node, [...pre, join(root, "bin", "pipec.js"), ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...(record ? { PIPEC_RECORD_LOADS: record } : {}), PIPEC_CODE_CACHE: codeCache, NO_COLOR: "1", ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // bin/pipec.js runs dist/pipec.cjs: the bundle this run built from the working tree.
  freshDist("pipec.cjs");
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("start-up of the bundled CLI", () => {
  it("pipec check loads the bundle and no Prettier or cdktf module", () => {
    const record = join(work, "check.txt");
    const r = run(["check", "examples/hello-world.pipe"], record);
    expect(r.status, r.stderr).toBe(0);
    const urls = readFileSync(record, "utf8").split("\n");
    expect(urls.some((u) => u.endsWith("/bin/code-cache.js"))).toBe(true);
    expect(urls.filter((u) => /node_modules\/(prettier|cdktf|constructs|@cdktf|chevrotain)\//.test(u))).toEqual([]);
    expect(readFileSync(join(root, "dist", "pipec.cjs"), "utf8")).toContain("chevrotain"); // bundled, not evaluated
  });

  it("writes a code cache per command, survives a corrupt one and can be turned off", () => {
    const dir = join(work, "cache-test");
    const first = run(["check", "examples/warehouse-nightly-etl.pipe"], undefined, dir);
    expect(first.status, first.stderr).toBe(0);
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith("-check.bin"))).toHaveLength(1);
    const cache = join(dir, files.find((f) => f.endsWith("-check.bin")) as string);
    expect(readFileSync(cache).length).toBeGreaterThan(100_000); // the compiled functions of the run, not only the top level
    // A cache V8 cannot use is rejected and written anew; the output does not change.
    writeFileSync(cache, "not a code cache");
    const second = run(["check", "examples/warehouse-nightly-etl.pipe"], undefined, dir);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(cache, "utf8")).not.toBe("not a code cache");
    // Off: nothing is written, not even in the default place (the temporary directory).
    const tmp = join(work, "tmp");
    mkdirSync(tmp);
    expect(run(["check", "examples/warehouse-nightly-etl.pipe"], undefined, "off", { TMPDIR: tmp }).status).toBe(0);
    expect(run(["--version"], undefined, "", { TMPDIR: tmp }).status).toBe(0);
    const own = `pipec-code-cache-${process.getuid?.()}`;
    expect(readdirSync(tmp)).toEqual([own]);
    expect(readdirSync(join(tmp, own)).filter((f) => f.endsWith("-check.bin"))).toEqual([]);
    // A directory others can write to is neither read nor written.
    const shared = join(work, "shared-cache");
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(run(["check", "examples/warehouse-nightly-etl.pipe"], undefined, shared).status).toBe(0);
    expect(readdirSync(shared)).toEqual([]);
    // A file with a syntax error loads the recovering parser on demand.
    const broken = run(["check", "test/fixtures/syntax/reject/missing-equals.pipe"], undefined, dir);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/PIPE1\d{3}/);
  });

  it("pipec fmt still formats through Prettier from the bundle", () => {
    const record = join(work, "fmt.txt");
    const r = run(["fmt", "examples/warehouse-nightly-etl.pipe"], record);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(root, "examples", "warehouse-nightly-etl.pipe"), "utf8"));
    expect(readFileSync(record, "utf8")).toMatch(/node_modules\/prettier\//);
  });
});
