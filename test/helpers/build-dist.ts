/**
 * Vitest global setup: builds dist/ (the CLI bundle and the Prettier plugin, `node scripts/build.ts`)
 * from the working tree once per run, so that the tests that run bin/pipec.js or the plugin test
 * the current sources and never a bundle left by an earlier install or build.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

const ROOT = join(import.meta.dirname, "..", "..");

declare module "vitest" {
  export interface ProvidedContext {
    /** When this run built dist/ (ms since the epoch). */
    distBuiltAt: number;
  }
}

export default function setup(project: TestProject): void {
  const started = Date.now();
  // Node 24 from node_modules (the build script is TypeScript).
  const r = spawnSync(join(ROOT, "node_modules", ".bin", "node"), [join(ROOT, "scripts", "build.ts")], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`node scripts/build.ts failed (status ${r.status}):\n${r.stdout}${r.stderr}${r.error ? String(r.error) : ""}`);
  project.provide("distBuiltAt", started);
}
