/**
 * Compares the start-up time of commands: each is spawned `--reps` times, interleaved with the
 * others (order rotating), after 3 warm-up spawns; prints medians and ratios to the first.
 *
 *   node bench/cold.ts [--reps 20] "node -e 0" "node bin/pipec.js check examples/hello-world.pipe"
 *
 * `node` is replaced by the Node running this script. Arguments are split at spaces.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { median } from "./stats.ts";

const args = process.argv.slice(2);
const repsAt = args.indexOf("--reps");
const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 20;
const commands = args.filter((_, i) => i !== repsAt && i !== repsAt + 1);
if (commands.length === 0) {
  process.stderr.write('usage: node bench/cold.ts [--reps N] "node -e 0" "node bin/pipec.js check FILE" ...\n');
  process.exit(2);
}

function spawnOnce(command: string): number {
  const [exe, ...rest] = command.split(" ").filter((s) => s.length > 0);
  const t0 = performance.now();
  const r = spawnSync(exe === "node" ? process.execPath : exe, rest, { stdio: ["ignore", "pipe", "pipe"] });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  // 0 and 1 (findings) are normal exits; anything else means the command did not run.
  if (r.status === null || r.status > 1) throw new Error(`${command} exited with ${r.status ?? r.signal}:\n${r.stderr}`);
  return ms;
}

export function compareStarts(cmds: readonly string[], n: number, warmup = 3): Record<string, number[]> {
  const times: Record<string, number[]> = Object.fromEntries(cmds.map((c) => [c, []]));
  for (let w = 0; w < warmup; w++) for (const c of cmds) spawnOnce(c);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < cmds.length; i++) {
      const c = cmds[(i + r) % cmds.length];
      times[c].push(spawnOnce(c));
    }
  }
  return times;
}

const times = compareStarts(commands, reps);
const base = median(times[commands[0]]);
for (const c of commands) {
  const m = median(times[c]);
  process.stdout.write(`${m.toFixed(1).padStart(8)} ms ${(m / base).toFixed(2).padStart(6)}x  ${c}\n`);
}
