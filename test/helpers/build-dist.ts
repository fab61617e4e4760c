/**
 * Vitest global setup: builds dist/ (the CLI bundle and the Prettier plugin, `node scripts/build.ts`)
 * from the working tree once per run, so that the tests that run bin/pipec.js or the plugin test
 * the current sources and never a bundle left by an earlier install or build. The bundle is also
 * copied into a directory of this run (removed at the end), from which the tests' scratch copies
 * of the CLI (scratch-cli.ts) take it instead of each building its own.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

const ROOT = join(import.meta.dirname, "..", "..");

/** The files of dist/ that `node scripts/build.ts` writes (the ones a scratch copy of the CLI needs). */
export const BUILT_FILES = ["pipec.cjs", "prettier-plugin-pipe.mjs"] as const;

declare module "vitest" {
  export interface ProvidedContext {
    /** When this run built dist/ (ms since the epoch). */
    distBuiltAt: number;
    /** A directory holding this run's build of BUILT_FILES. */
    builtBundleDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const started = Date.now();
  // Node 24 from node_modules (the build script is TypeScript).
  const r = spawnSync(join(ROOT, "node_modules", ".bin", "node"), [join(ROOT, "scripts", "build.ts")], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`node scripts/build.ts failed (status ${r.status}):\n${r.stdout}${r.stderr}${r.error ? String(r.error) : ""}`);
  const bundles = mkdtempSync(join(tmpdir(), "pipec-run-dist-"));
  for (const f of BUILT_FILES) copyFileSync(join(ROOT, "dist", f), join(bundles, f));
  project.provide("distBuiltAt", started);
  project.provide("builtBundleDir", bundles);
  return () => rmSync(bundles, { recursive: true, force: true });
}
