/**
 * `npm run bench:growth [-- --quick] [-- --out FILE]`: how the time of the front end and the
 * formatter grows with inputs that once took quadratic time, and what `pipec fmt`'s check of its
 * own output costs.
 *
 *   dotted name     `pipec check` of one long dotted bare name (`x0.x1.x2...`, an error the
 *                   recovering lexer reports once for the whole name) at n, 2n, 4n, 8n parts
 *   fmt comments    `pipec fmt` of generated pipelines with four comments per object (a leading
 *                   comment, one after `{`, one after a field, one before `}`) at n, 2n, 4n objects
 *   fmt self-check  `pipec fmt` of the largest example and of 10k generated objects, with and
 *                   without reading the output back and comparing it with the input
 *
 * Each row is the median of interleaved in-process runs (CPU time) after warm-up runs; the ratio
 * column divides each size's time by the previous size's. Linear growth gives ratios near 2.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { check } from "../compiler/compile.ts";
import { formatSource } from "../compiler/format/index.ts";
import { generate } from "./generate.ts";
import { interleave, interleaveAsync, medians } from "./stats.ts";

const root = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const outIndex = args.indexOf("--out");
const outFile = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, "bench", quick ? "results-growth-quick.json" : "results-growth.json");
const log = (s: string): void => void process.stderr.write(`${s}\n`);

/** `x0.x1.....x{n-1}`: a bare name with dots, which the language does not allow (PIPE0001). */
export function dottedName(parts: number): string {
  return Array.from({ length: parts }, (_, i) => `x${i}`).join(".");
}

/** Generated pipelines with four comments per object. */
export function withComments(text: string): string {
  const out: string[] = [];
  let objects = 0;
  let noted = true;
  for (const line of text.split("\n")) {
    const header = /^(\s+)[A-Z]\w* \w+ \{$/.exec(line);
    if (header) {
      objects++;
      noted = false;
      out.push(`${header[1]}// object ${objects}: what it is for`, `${line} // opened`);
    } else if (/^ {2}\}$/.test(line) && objects > 0) {
      out.push(`    /* end of object ${objects} */`, line);
    } else if (!noted && /^ {4}\w+ = [^"/]*$/.test(line)) {
      noted = true;
      out.push(`${line} // why this value`);
    } else out.push(line);
  }
  return out.join("\n");
}

interface Row {
  readonly size: number;
  readonly bytes: number;
  readonly ms: number;
  /** This size's time over the previous size's (undefined for the first). */
  readonly ratio: number | undefined;
}

function rows(sizes: readonly number[], texts: readonly string[], ms: readonly number[]): Row[] {
  return sizes.map((size, i) => ({ size, bytes: texts[i].length, ms: ms[i], ratio: i > 0 ? ms[i] / ms[i - 1] : undefined }));
}

const fixed = (x: number | undefined, d = 1): string => (x === undefined ? "" : x.toFixed(d));

// ---- dotted names ---------------------------------------------------------------------------
const dotSizes = quick ? [2000, 4000, 8000, 16000] : [4000, 8000, 16000, 32000];
const dotTexts = dotSizes.map(dottedName);
log(`dotted names: ${dotSizes.join(", ")} parts...`);
const dotTimes = interleave(Object.fromEntries(dotSizes.map((n, i) => [String(n), () => check("dotted.pipe", dotTexts[i])])), { warmup: 2, reps: quick ? 5 : 9 });
const dotMs = medians(dotTimes.cpu);
const dotted = rows(dotSizes, dotTexts, dotSizes.map((n) => dotMs[String(n)]));

// ---- fmt with comments ------------------------------------------------------------------------
const fmtSizes = quick ? [2500, 5000, 10000] : [5000, 10000, 20000];
const fmtTexts = fmtSizes.map((objects) => withComments(generate({ objects, seed: 20260101 })));
log(`fmt with comments: ${fmtSizes.join(", ")} objects...`);
const fmtTimes = await interleaveAsync(Object.fromEntries(fmtSizes.map((n, i) => [String(n), () => formatSource(fmtTexts[i], "comments.pipe")])), { warmup: 1, reps: quick ? 3 : 5 });
const fmtMs = medians(fmtTimes.cpu);
const comments = rows(fmtSizes, fmtTexts, fmtSizes.map((n) => fmtMs[String(n)]));

// ---- the self-check -----------------------------------------------------------------------------
const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".pipe")).map((f) => join(root, "examples", f));
const largest = examples.sort((a, b) => statSync(b).size - statSync(a).size || a.localeCompare(b))[0];
const checkInputs: { name: string; text: string }[] = [
  { name: `examples/${largest.split("/").pop()}`, text: readFileSync(largest, "utf8") },
  { name: "10000 generated objects", text: generate({ objects: 10000, seed: 20260101 }) },
];
const selfCheck: { input: string; bytes: number; withMs: number; withoutMs: number; cost: number }[] = [];
for (const input of checkInputs) {
  log(`fmt self-check: ${input.name}...`);
  const small = input.text.length < 100_000;
  const t = await interleaveAsync(
    {
      with: () => formatSource(input.text, "in.pipe"),
      without: () => formatSource(input.text, "in.pipe", { selfCheck: false }),
    },
    { warmup: small ? 20 : 1, reps: small ? 41 : quick ? 3 : 7 },
  );
  const m = medians(t.cpu);
  selfCheck.push({ input: input.name, bytes: input.text.length, withMs: m.with, withoutMs: m.without, cost: m.with / m.without - 1 });
}

// ---- report -------------------------------------------------------------------------------------
const results = { quick, node: process.version, dotted, comments, selfCheck };
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
const table = (head: string[], body: string[][]): string => {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [line(head), `| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`, ...body.map(line)].join("\n");
};
const out: string[] = [];
out.push(`pipec growth${quick ? " (--quick)" : ""}, Node ${process.version} (medians of CPU time)`, "");
out.push("pipec check of one dotted bare name (x0.x1.x2...):");
out.push(table(["parts", "bytes", "ms", "x previous"], dotted.map((r) => [String(r.size), String(r.bytes), fixed(r.ms), fixed(r.ratio, 2)])), "");
out.push("pipec fmt, four comments per object:");
out.push(table(["objects", "bytes", "ms", "x previous"], comments.map((r) => [String(r.size), String(r.bytes), fixed(r.ms, 0), fixed(r.ratio, 2)])), "");
out.push("pipec fmt with and without the check of its own output:");
out.push(table(["input", "bytes", "with ms", "without ms", "cost"], selfCheck.map((r) => [r.input, String(r.bytes), fixed(r.withMs, r.withMs < 100 ? 2 : 0), fixed(r.withoutMs, r.withoutMs < 100 ? 2 : 0), `${fixed(r.cost * 100, 0)}%`])), "");
out.push(`results: ${outFile.startsWith(root) ? outFile.slice(root.length + 1) : outFile}`);
process.stdout.write(`${out.join("\n")}\n`);
