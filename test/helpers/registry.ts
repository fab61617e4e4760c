/**
 * Whether the npm registry answers. Tests that install from it (cdktf-cli through npm exec, the
 * pre-commit hooks' `npm install`) skip with this reason when it does not, outside CI; in CI they
 * run and fail.
 */
import { spawnSync } from "node:child_process";
import { delimiter } from "node:path";

let cached: { readonly ok: boolean; readonly reason: string } | undefined;

/** PATH without node_modules/.bin entries: the system's Node and npm. */
export const SYSTEM_PATH = (process.env.PATH ?? "")
  .split(delimiter)
  .filter((p) => !p.includes(`node_modules${"/"}.bin`))
  .join(delimiter);

export function npmRegistry(): { readonly ok: boolean; readonly reason: string } {
  if (cached) return cached;
  const r = spawnSync("npm", ["ping", "--fetch-retries=0", "--fetch-timeout=15000"], { encoding: "utf8", timeout: 30_000, env: { ...process.env, PATH: SYSTEM_PATH } });
  const ok = r.status === 0;
  const why = (r.stderr || r.stdout || (r.error ? String(r.error) : "")).trim().split("\n").filter((l) => /err|fail|ENOTFOUND|EAI_AGAIN|ECONN|timed out/i.test(l)).slice(0, 2).join(" ");
  cached = { ok, reason: ok ? "" : `the npm registry does not answer (npm ping: ${why || `status ${r.status}`})` };
  return cached;
}
