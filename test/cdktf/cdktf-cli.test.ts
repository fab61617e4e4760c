/**
 * The users' own workflow: the real `cdktf synth` (cdktf-cli 0.21.0, fetched by npm exec as a
 * user's `npx cdktf-cli synth` would) against this repository's cdktf.json, with no terraform
 * binary (TERRAFORM_BINARY_NAME names one that does not exist). The CLI itself runs on a Node
 * outside node_modules/.bin, because its bundled native pty module is built for the system Node;
 * the app command in cdktf.json runs stacks/main.ts with the project's Node.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { npmRegistry } from "../helpers/registry.ts";
import { isCi } from "../helpers/shared.ts";

const CLI_VERSION = "0.21.0";

/** PATH without node_modules/.bin entries: the system's Node and npm. */
const systemPath = (process.env.PATH ?? "")
  .split(delimiter)
  .filter((p) => !p.includes(`node_modules${"/"}.bin`))
  .join(delimiter);

function systemNode(): string | undefined {
  for (const dir of systemPath.split(delimiter)) {
    const p = join(dir, "node");
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Where npm exec keeps cdktf-cli's `cdktf`: from npm's cache when it is there, else from the registry. */
function cdktfBin(offline: boolean): string | undefined {
  const r = spawnSync("npm", ["exec", "--yes", ...(offline ? ["--offline"] : []), `--package=cdktf-cli@${CLI_VERSION}`, "--", "sh", "-c", "command -v cdktf"], {
    cwd: tmpdir(),
    env: { ...process.env, PATH: systemPath },
    encoding: "utf8",
    timeout: 280_000,
  });
  if (r.status !== 0) {
    if (offline) return undefined;
    throw new Error(`npm exec cdktf-cli@${CLI_VERSION} failed: ${r.stderr}`);
  }
  return r.stdout.trim().split("\n").pop() as string;
}

describe("cdktf synth", () => {
  it("synthesizes every stack of the app with no terraform binary", { timeout: 300_000 }, (ctx) => {
    const node = systemNode();
    expect(node, "a system node outside node_modules").toBeDefined();
    let bin = cdktfBin(true);
    if (bin === undefined) {
      const registry = npmRegistry();
      if (!registry.ok && !isCi(process.env)) {
        const note = `cdktf-cli@${CLI_VERSION} is not in npm's cache and ${registry.reason}: skipped`;
        console.warn(`SKIPPED test/cdktf/cdktf-cli.test.ts: ${note}`);
        ctx.skip(note);
      }
      bin = cdktfBin(false) as string;
    }
    const out = mkdtempSync(join(tmpdir(), "pipec-cdktf-cli-"));
    try {
      const r = spawnSync(node as string, [bin, "synth", "--output", out], {
        env: { ...process.env, PATH: systemPath, CHECKPOINT_DISABLE: "1", TERRAFORM_BINARY_NAME: "terraform-not-installed", CI: "1", FORCE_COLOR: "0" },
        encoding: "utf8",
        timeout: 240_000,
      });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { stacks: Record<string, unknown>; version: string };
      expect(manifest.version).toBe(CLI_VERSION);
      const stacks = readdirSync(join(out, "stacks")).sort();
      expect(stacks.length).toBeGreaterThan(0);
      expect(Object.keys(manifest.stacks).sort()).toEqual(stacks);
      // The same bytes as the golden stacks that `node stacks/main.ts` produces.
      for (const s of stacks) {
        const golden = join("test/fixtures/cdktf", s, "cdk.tf.json");
        expect(existsSync(golden), golden).toBe(true);
        expect(readFileSync(join(out, "stacks", s, "cdk.tf.json"), "utf8"), s).toBe(readFileSync(golden, "utf8"));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

