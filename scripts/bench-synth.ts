/**
 * Synth time and memory of the CDKTF app: loads cdktf and the provider modules, builds every
 * stack of the sources and writes them to a temporary directory, then prints one JSON line:
 *
 *   {"ms": total, "importMs": loading cdktf + constructs, "synthMs": stacks + write, "stacks": n, "peakRssMb": max RSS}
 *
 *   node scripts/bench-synth.ts [sources...]     (default: the sources of cdktf.json, else examples)
 *
 * Run it in a fresh process per measurement: module loading is part of the cost.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const t0 = performance.now();
const [{ App }, { addPipelineStacks }] = await Promise.all([import("cdktf"), import("../compiler/emit/cdktf/index.ts")]);
const t1 = performance.now();

type Config = Parameters<typeof addPipelineStacks>[1];
let config: Config = {};
try {
  config = (JSON.parse(readFileSync("cdktf.json", "utf8")) as { context?: { pipec?: Config } }).context?.pipec ?? {};
} catch {
  // no cdktf.json: defaults
}
const args = process.argv.slice(2);
if (args.length > 0) config = { ...config, sources: args };

const outdir = mkdtempSync(join(tmpdir(), "pipec-bench-synth-"));
try {
  const app = new App({ outdir, stackTraces: false });
  const stacks = addPipelineStacks(app, config);
  app.synth();
  const t2 = performance.now();
  const peakRssMb = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
  process.stdout.write(
    `${JSON.stringify({ ms: Math.round(t2 - t0), importMs: Math.round(t1 - t0), synthMs: Math.round(t2 - t1), stacks: stacks.length, peakRssMb })}\n`,
  );
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
