/**
 * A scratch copy of the package's bin next to a bundle built from the current sources, in a
 * temporary directory (its code cache stays there). For tests that run the real `pipec` CLI.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REPO = join(import.meta.dirname, "..", "..");
export const NODE = join(REPO, "node_modules", ".bin", "node");

export interface ScratchCli {
  /** The temporary directory (remove it with `remove`). */
  readonly work: string;
  /** `bin/pipec.js` of the copy. */
  readonly bin: string;
  remove(): void;
}

export function scratchCli(prefix: string): ScratchCli {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const pkg = join(work, "pkg");
  mkdirSync(join(pkg, "bin"), { recursive: true });
  for (const d of ["compiler", "grammar", "node_modules", "stacks"]) symlinkSync(join(REPO, d), join(pkg, d));
  for (const f of ["pipec.js", "code-cache.js"]) copyFileSync(join(REPO, "bin", f), join(pkg, "bin", f));
  const built = spawnSync(NODE, [join(REPO, "scripts", "build.ts")], { cwd: pkg, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`building the bundle failed: ${built.stderr}`);
  return { work, bin: join(pkg, "bin", "pipec.js"), remove: () => rmSync(work, { recursive: true, force: true }) };
}
