/**
 * Golden files. `PIPEC_UPDATE_GOLDEN=1` (`npm run golden`) rewrites them; a test that rewrites its
 * goldens compared nothing, so it ends as skipped (with a note naming what was written and what
 * changed), never as passed.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";

export const UPDATE_GOLDEN = process.env.PIPEC_UPDATE_GOLDEN === "1";

const ROOT = `${dirname(dirname(import.meta.dirname))}/`;

interface Skipper {
  skip(note?: string): never;
}

/**
 * Writes golden files (path → text) and skips the test with a note. `replace`: directories emptied
 * first (a golden directory that must hold exactly the files written).
 */
export function writeGoldens(ctx: Skipper, files: ReadonlyMap<string, string>, replace: readonly string[] = []): never {
  const before = new Map<string, string | undefined>();
  for (const path of files.keys()) before.set(path, existsSync(path) ? readFileSync(path, "utf8") : undefined);
  for (const dir of replace) rmSync(dir, { recursive: true, force: true });
  const changed: string[] = [];
  for (const [path, text] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    if (before.get(path) !== text) changed.push(relative(ROOT, path));
  }
  const note = `PIPEC_UPDATE_GOLDEN=1: wrote ${files.size} golden file(s), ${changed.length} changed${changed.length ? ` (${changed.join(", ")})` : ""}; nothing compared`;
  console.warn(note);
  ctx.skip(note);
}
