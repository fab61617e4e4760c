/**
 * Runs code in a separate Node process (Node 24 from node_modules), with another time zone and
 * locale than the test process: "the same output in two processes" checks determinism, where
 * calling a function twice in one process would share its caches and state.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = join(import.meta.dirname, "..", "..");

/**
 * Evaluates `body` as an ES module in a child process and returns what it writes to stdout. The
 * body sees `root` (the repository's file URL, with a trailing slash) and `input` (the JSON value
 * passed here).
 */
export function inChild(body: string, input: unknown = null): string {
  const script = `const root = ${JSON.stringify(pathToFileURL(`${ROOT}/`).href)};\nconst input = JSON.parse(process.env.PIPEC_CHILD_INPUT);\n${body}`;
  const r = spawnSync(join(ROOT, "node_modules", ".bin", "node"), ["--input-type=module", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
    env: { ...process.env, PIPEC_CHILD_INPUT: JSON.stringify(input), TZ: "Pacific/Chatham", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" },
  });
  if (r.status !== 0) throw new Error(`child process failed (status ${r.status}): ${r.stderr}${r.error ? String(r.error) : ""}`);
  return r.stdout;
}
