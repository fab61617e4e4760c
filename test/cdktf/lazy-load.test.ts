/** cdktf, constructs and the AWS provider are loaded only by the CDKTF constructs and app. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshDist } from "../helpers/dist.ts";

const HEAVY = /\/node_modules\/(cdktf|constructs|@cdktf\/[^/]+)\//;

function loadsOf(args: string[]): { urls: string[]; status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "pipec-loads-"));
  const file = join(dir, "loads.txt");
  try {
    const r = spawnSync(process.execPath, ["--import", "./test/helpers/record-loads.mjs", "bin/pipec.js", ...args], {
      env: { ...process.env, PIPEC_RECORD_LOADS: file, NO_COLOR: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { urls: readFileSync(file, "utf8").split("\n"), status: r.status, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("lazy loading", () => {
  // bin/pipec.js runs dist/pipec.cjs: the bundle this run built from the working tree.
  beforeAll(() => void freshDist("pipec.cjs"));

  it("the recorder sees modules (it can fail)", () => {
    const r = loadsOf(["--version"]);
    expect(r.urls.some((u) => u.includes("commander") || u.endsWith("/bin/code-cache.js"))).toBe(true);
  });

  it.each([
    ["check", ["check", "examples"]],
    ["fmt", ["fmt", "--check", "examples"]],
    ["build --target datapipeline", ["build", "examples/hello-world.pipe", "--target", "datapipeline"]],
    ["build --target terraform", ["build", "examples/hello-world.pipe", "--target", "terraform", "--out", join(tmpdir(), "pipec-lazy-tf")]],
  ])("pipec %s loads no cdktf module", (_, args) => {
    const r = loadsOf(args);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.urls.filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it("the constructs load only deep provider modules, never the provider's root", () => {
    const r = spawnSync(process.execPath, ["--import", "./test/helpers/record-loads.mjs", "-e", 'await import("./compiler/emit/cdktf/index.ts")'], {
      env: { ...process.env, PIPEC_RECORD_LOADS: join(tmpdir(), `pipec-loads-${process.pid}.txt`) },
      encoding: "utf8",
      timeout: 60_000,
      input: "",
    });
    expect(r.status, r.stderr).toBe(0);
    const urls = readFileSync(join(tmpdir(), `pipec-loads-${process.pid}.txt`), "utf8").split("\n");
    const provider = urls.filter((u) => u.includes("/node_modules/@cdktf/provider-aws/"));
    expect(provider.length).toBeGreaterThan(0);
    expect(provider.filter((u) => !/\/provider-aws\/lib\/[a-z0-9-]+\/index\.js$/.test(u))).toEqual([]);
    expect(provider.length).toBeLessThan(20);
  });
});
