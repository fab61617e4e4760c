/**
 * Where the start-up time of `pipec check` goes, phase by phase, in a fresh process. bench/run.ts
 * bundles this file as the CLI is bundled (one ESM file, module compile cache on) and runs it
 * many times; each run prints one JSON line of milliseconds:
 *
 *   bootstrap   Node's own start (performance.nodeTiming.bootstrapComplete)
 *   load        reading, compiling and evaluating the bundle (up to its first statement)
 *   check       the first check of the file (scan, parse, resolve, validate; code still cold)
 *   render      the diagnostics rendered as text
 *
 * A well-formed file never loads Chevrotain: `recovery` is what a file with a syntax error adds
 * once, measured after the rest (loading the recovering parser, building the Chevrotain lexer
 * and parser, the first parse with recovery).
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { check } from "../compiler/compile.ts";
import { renderDiagnostics } from "../compiler/cli/output.ts";

const atFirstStatement = performance.now();
const file = process.argv[process.argv.length - 1];
const text = readFileSync(file, "utf8");
let t = performance.now();
const lap = (): number => {
  const now = performance.now();
  const ms = now - t;
  t = now;
  return ms;
};
const r = check(file, text);
const checkMs = lap();
const out = renderDiagnostics(r.diagnostics, "pretty", () => r.source, 1);
const render = lap();
const total = performance.now();
check("broken.pipe", "pipeline p { x = }\n");
const recovery = lap();
const bootstrap = performance.nodeTiming.bootstrapComplete;
process.stdout.write(
  `${JSON.stringify({ bootstrap, load: atFirstStatement - bootstrap, check: checkMs, render, total, recovery, chars: out.length })}\n`,
);
