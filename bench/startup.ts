/**
 * Where the start-up time of `pipec check` goes, phase by phase, in a fresh process. bench/run.ts
 * bundles this file as the CLI is bundled (one ESM file, module compile cache on) and runs it
 * many times; each run prints one JSON line of milliseconds:
 *
 *   bootstrap   Node's own start (performance.nodeTiming.bootstrapComplete)
 *   load        reading, compiling and evaluating the bundle (up to its first statement)
 *   lexer       building the Chevrotain lexer (pattern analysis)
 *   parser      building the parser (performSelfAnalysis: grammar recording, lookahead functions)
 *   check       the first check of the file (lex, parse, AST, resolve, validate; code still cold)
 *   render      the diagnostics rendered as text
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { lex } from "../grammar/lexer.ts";
import { parser } from "../grammar/parser.ts";
import { check } from "../compiler/compile.ts";
import { renderDiagnostics } from "../compiler/cli/output.ts";

const atFirstStatement = performance.now();
const file = process.argv[2];
const text = readFileSync(file, "utf8");
let t = performance.now();
const lap = (): number => {
  const now = performance.now();
  const ms = now - t;
  t = now;
  return ms;
};
lex("");
const lexer = lap();
parser();
const parserMs = lap();
const r = check(file, text);
const checkMs = lap();
const out = renderDiagnostics(r.diagnostics, "pretty", () => r.source, 1);
const render = lap();
const bootstrap = performance.nodeTiming.bootstrapComplete;
process.stdout.write(
  `${JSON.stringify({ bootstrap, load: atFirstStatement - bootstrap, lexer, parser: parserMs, check: checkMs, render, total: performance.now(), chars: out.length })}\n`,
);
