/**
 * A scratch copy of the package's bin next to a bundle built from the current sources, in a
 * temporary directory (its code cache stays there). For tests that run the real `pipec` CLI.
 * Under vitest the bundle is the one the global setup (build-dist.ts) built for this run, copied;
 * elsewhere it is built in the copy.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { BUILT_FILES } from "./build-dist.ts";

export const REPO = join(import.meta.dirname, "..", "..");
export const NODE = join(REPO, "node_modules", ".bin", "node");

export interface ScratchCli {
  /** The temporary directory (remove it with `remove`). */
  readonly work: string;
  /** `bin/pipec.js` of the copy. */
  readonly bin: string;
  remove(): void;
}

/** The directory holding this run's build, when running under vitest with the global setup. */
function runBuild(): string | undefined {
  let dir: unknown;
  try {
    dir = inject("builtBundleDir");
  } catch {
    return undefined;
  }
  return typeof dir === "string" && BUILT_FILES.every((f) => existsSync(join(dir, f))) ? dir : undefined;
}

export function scratchCli(prefix: string): ScratchCli {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const pkg = join(work, "pkg");
  mkdirSync(join(pkg, "bin"), { recursive: true });
  for (const d of ["compiler", "grammar", "node_modules", "stacks"]) symlinkSync(join(REPO, d), join(pkg, d));
  for (const f of ["pipec.js", "code-cache.js"]) copyFileSync(join(REPO, "bin", f), join(pkg, "bin", f));
  const built = runBuild();
  if (built) {
    mkdirSync(join(pkg, "dist"));
    for (const f of BUILT_FILES) copyFileSync(join(built, f), join(pkg, "dist", f));
  } else {
    const r = spawnSync(NODE, [join(REPO, "scripts", "build.ts")], { cwd: pkg, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`building the bundle failed: ${r.stderr}`);
  }
  return { work, bin: join(pkg, "bin", "pipec.js"), remove: () => rmSync(work, { recursive: true, force: true }) };
}
