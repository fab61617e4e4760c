/** dist/ as the global setup (build-dist.ts) built it for this run. */
import { statSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

export const DIST = join(import.meta.dirname, "..", "..", "dist");

/** Path of a file of dist/; throws unless this run built it (not a file left by an earlier build). */
export function freshDist(file: string): string {
  const path = join(DIST, file);
  const builtAt = inject("distBuiltAt");
  if (typeof builtAt !== "number") throw new Error("dist/ was not built by this test run: vitest.config.ts must name test/helpers/build-dist.ts as globalSetup");
  const mtime = statSync(path).mtimeMs;
  // A millisecond of slack: file systems round modification times.
  if (mtime + 1000 < builtAt) throw new Error(`${path} is older than this test run's build (${new Date(mtime).toISOString()} < ${new Date(builtAt).toISOString()})`);
  return path;
}
