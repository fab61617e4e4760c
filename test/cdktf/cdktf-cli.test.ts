/**
 * The users' own workflow: the real `cdktf synth` (cdktf-cli 0.21.0, fetched by npm exec as a
 * user's `npx cdktf-cli synth` would) against this repository's cdktf.json, with no terraform
 * binary (TERRAFORM_BINARY_NAME names one that does not exist). The CLI itself runs on a Node
 * outside node_modules/.bin, because its bundled native pty module is built for the system Node;
 * the app command in cdktf.json runs stacks/main.ts with the project's Node.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";

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

/** Where npm exec keeps cdktf-cli's `cdktf` (installed from the registry on first use). */
function cdktfBin(): string {
  const out = execFileSync("npm", ["exec", "--yes", `--package=cdktf-cli@${CLI_VERSION}`, "--", "sh", "-c", "command -v cdktf"], {
    cwd: tmpdir(),
    env: { ...process.env, PATH: systemPath },
    encoding: "utf8",
    timeout: 280_000,
  });
  return out.trim().split("\n").pop() as string;
}

describe("cdktf synth", () => {
  it("synthesizes every stack of the app with no terraform binary", { timeout: 300_000 }, () => {
    const node = systemNode();
    expect(node, "a system node outside node_modules").toBeDefined();
    const bin = cdktfBin();
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

