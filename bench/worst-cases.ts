/**
 * Growth on generated worst cases: inputs shaped to hit anything that grows faster than the
 * input (one huge pipeline, long `parent` chains, long strings of expressions), each run through
 * a CLI command at sizes n, 2n and 4n. What is reported is the exponent of time per doubling,
 * log2(t(2n) / t(n)): 1 is linear, 2 quadratic. Both sizes run in the same bench run, each in a
 * fresh process (timed inside it, from the command's start to its end, so start-up is not
 * counted), alternating sizes, median of the runs. `overall` is the exponent from the smallest
 * size to the largest, the figure the target applies to.
 *
 *   node bench/worst-cases.ts [--quick]         prints a table and one JSON line
 *   node bench/worst-cases.ts run <args...>     (child) runs one CLI command, prints its time
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./generate.ts";
import { median } from "./stats.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface WorstCase {
  readonly name: string;
  readonly what: string;
  /** Sizes (the unit is in `unit`), each the double of the one before. */
  readonly sizes: readonly number[];
  readonly unit: string;
  /** Writes the input for size n into `dir`; returns the CLI arguments (`{out}` is a fresh output folder). */
  readonly make: (n: number, dir: string) => string[];
}

function chainPipe(n: number): string {
  const lines = ["pipeline chain {", "  default { scheduleType = ondemand  failureAndRerunMode = CASCADE }", "  Ec2Resource Worker { terminateAfter = 1 hour }"];
  lines.push('  ShellCommandActivity a0 { runsOn = Worker  command = "echo 0"  myLevel = "0" }');
  for (let i = 1; i < n; i++) lines.push(`  ShellCommandActivity a${i} { parent = a${i - 1}${i % 100 === 0 ? `  myLevel${i} = "${i}"` : ""} }`);
  lines.push("}", "");
  return lines.join("\n");
}

function chainDefinition(n: number): string {
  const objects: Record<string, unknown>[] = [{ id: "Default", name: "Default", scheduleType: "ondemand" }];
  objects.push({ id: "a0", name: "a0", type: "ShellCommandActivity", command: "echo #{myName}" });
  for (let i = 1; i < n; i++) objects.push({ id: `a${i}`, name: `a${i}`, parent: { ref: `a${i - 1}` } });
  return JSON.stringify({ objects, parameters: [{ id: "myName", type: "String", default: "x" }] }, null, 2);
}

function expressionString(n: number): string {
  return `pipeline p {\n  param myA: String = "x"\n  default { scheduleType = ondemand }\n  S3DataNode Out { directoryPath = "s3://b/${"#<myA>/".repeat(n)}" }\n}\n`;
}

export const WORST_CASES: readonly WorstCase[] = [
  {
    name: "asl-one-pipeline",
    what: "build --target asl, every object in one pipeline",
    sizes: [4000, 8000, 16000],
    unit: "objects",
    make: (n, dir) => {
      const f = join(dir, `one-${n}.pipe`);
      writeFileSync(f, generate({ objects: n, seed: 7, shape: "single" }));
      return ["build", f, "--target", "asl", "--out", "{out}"];
    },
  },
  {
    name: "terraform-one-pipeline",
    what: "build --target terraform (both services), one pipeline",
    sizes: [2000, 4000, 8000],
    unit: "objects",
    make: (n, dir) => {
      const f = join(dir, `tf-${n}.pipe`);
      writeFileSync(f, generate({ objects: n, seed: 7, shape: "single" }));
      return ["build", f, "--target", "terraform", "--out", "{out}"];
    },
  },
  {
    name: "parent-chain",
    what: "check, each object's parent the one before",
    sizes: [5000, 10000, 20000],
    unit: "objects",
    make: (n, dir) => {
      const f = join(dir, `chain-${n}.pipe`);
      writeFileSync(f, chainPipe(n));
      return ["check", f];
    },
  },
  {
    name: "parent-chain-definition",
    what: "import of a definition whose objects form one parent chain",
    sizes: [5000, 10000, 20000],
    unit: "objects",
    make: (n, dir) => {
      const f = join(dir, `chain-${n}.json`);
      writeFileSync(f, chainDefinition(n));
      return ["import", f, "-o", "{out}/chain.pipe"];
    },
  },
  {
    name: "expressions-in-one-string",
    what: "build --target datapipeline, one string of n `#<...>`",
    sizes: [50000, 100000, 200000],
    unit: "expressions",
    make: (n, dir) => {
      const f = join(dir, `expr-${n}.pipe`);
      writeFileSync(f, expressionString(n));
      return ["build", f, "--target", "datapipeline", "--out", "{out}"];
    },
  },
];

export interface WorstResult {
  readonly name: string;
  readonly what: string;
  readonly unit: string;
  readonly sizes: readonly number[];
  readonly ms: readonly number[];
  /** log2 of each doubling's time ratio. */
  readonly exponents: readonly number[];
  /** The exponent from the smallest size to the largest (steadier than one doubling). */
  readonly overall: number;
}

const NODE = process.execPath;

function runOnce(args: readonly string[], work: string): number {
  const out = mkdtempSync(join(work, "out-"));
  const r = spawnSync(NODE, [fileURLToPath(import.meta.url), "run", ...args.map((a) => a.replaceAll("{out}", out))], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  rmSync(out, { recursive: true, force: true });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  const ms = Number(last);
  if (r.status !== 0 || !Number.isFinite(ms)) throw new Error(`worst case ${args.join(" ")} failed (${r.status}):\n${r.stderr.slice(0, 2000)}`);
  return ms;
}

export function runWorstCases(options: { quick?: boolean; reps?: number; log?: (s: string) => void } = {}): WorstResult[] {
  const reps = options.reps ?? (options.quick ? 3 : 5);
  const work = mkdtempSync(join(tmpdir(), "pipec-worst-"));
  const results: WorstResult[] = [];
  try {
    for (const c of WORST_CASES) {
      const sizes = options.quick ? c.sizes.slice(0, 2).map((n) => n / 2) : c.sizes;
      options.log?.(`worst case ${c.name}: ${sizes.join(", ")} ${c.unit}, ${reps} runs each...`);
      const argsBySize = sizes.map((n) => c.make(n, work));
      const times: number[][] = sizes.map(() => []);
      runOnce(argsBySize[0]!, work); // warm the file-system cache and the code cache
      for (let r = 0; r < reps; r++) for (let k = 0; k < sizes.length; k++) {
        const i = (k + r) % sizes.length; // rotate which size goes first
        times[i]!.push(runOnce(argsBySize[i]!, work));
      }
      const ms = times.map((t) => median(t));
      const exponents = ms.slice(1).map((t, i) => Math.log2(t / ms[i]!));
      const overall = Math.log(ms[ms.length - 1]! / ms[0]!) / Math.log(sizes[sizes.length - 1]! / sizes[0]!);
      results.push({ name: c.name, what: c.what, unit: c.unit, sizes, ms, exponents, overall });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}

export function worstCaseTable(results: readonly WorstResult[]): string[] {
  const rows = results.map((r) => [r.name, r.sizes.map((n, i) => `${n}: ${r.ms[i]!.toFixed(0)} ms`).join(", "), r.exponents.map((e) => e.toFixed(2)).join(", "), r.overall.toFixed(2)]);
  const head = ["worst case", "size: median time", "exponent per doubling", "overall"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

const argv = process.argv.slice(2);
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (argv[0] === "run") {
    // The child: one command, timed from its start to its end, its own output discarded.
    const { main } = await import("../compiler/cli/main.ts");
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    const t = performance.now();
    const code = await main(argv.slice(1));
    const ms = performance.now() - t;
    write(`${ms}\n`);
    process.exitCode = code === 2 ? 2 : 0;
  } else {
    const results = runWorstCases({ quick: argv.includes("--quick"), log: (s) => process.stderr.write(`${s}\n`) });
    for (const l of worstCaseTable(results)) process.stdout.write(`${l}\n`);
    process.stdout.write(`${JSON.stringify(results)}\n`);
  }
}
