/**
 * `npm run bench [-- --quick] [-- --out FILE]`: pipec's speed, measured side by side.
 *
 *   compile      parse + resolve + validate + emit Data Pipeline JSON, against JSON.parse +
 *                JSON.stringify of the compiler's own output: cold (a full collection before
 *                each run) and steady state (a process repeating one of them); per-stage medians
 *   allocation   bytes allocated per stage of a warm compile and bytes the syntax tree and IR
 *                retain, by V8's own count (bench/stages.ts, `measureAllocation`)
 *   growth       the exponent of time from 10k to 100k objects, and peak memory (max RSS)
 *   cold start   `pipec check` on one small file against `node -e 0`
 *   fmt          `pipec fmt` against Prettier formatting the same pipelines' JSON
 *   synth        CDKTF synth, when scripts/bench-synth.ts exists
 *   worst cases  time per doubling of inputs shaped to be slow (bench/worst-cases.ts)
 *
 * Every comparison interleaves its runs (A B A B ..., order rotating), after warm-up runs, and
 * reports medians and ratios. Each size runs in a child process of its own. Inputs come from
 * bench/generate.ts (seeded: the same bytes on every run).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { countObjects, generate } from "./generate.ts";
import { EXTRA_STAGES } from "./stages.ts";
import { median } from "./stats.ts";
import { lspReport, runLspBench } from "./lsp.ts";
import { runWorstCases, worstCaseTable } from "./worst-cases.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Node 24 from node_modules (what `npm run` puts first on the PATH), else the Node running this. */
const node = existsSync(join(root, "node_modules", ".bin", "node")) ? join(root, "node_modules", ".bin", "node") : process.execPath;
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const outIndex = args.indexOf("--out");
const outFile = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, "bench", quick ? "results-quick.json" : "results.json");
const SEED = 20260101;

interface SizePlan {
  readonly objects: number;
  readonly warmup: number;
  readonly reps: number;
  readonly stageWarmup: number;
  readonly stageReps: number;
}

const SIZES: readonly SizePlan[] = quick
  ? [
      { objects: 100, warmup: 3, reps: 7, stageWarmup: 3, stageReps: 5 },
      { objects: 1000, warmup: 2, reps: 5, stageWarmup: 2, stageReps: 3 },
      { objects: 10000, warmup: 1, reps: 3, stageWarmup: 1, stageReps: 3 },
    ]
  : [
      { objects: 100, warmup: 10, reps: 21, stageWarmup: 5, stageReps: 11 },
      { objects: 1000, warmup: 5, reps: 15, stageWarmup: 3, stageReps: 7 },
      { objects: 10000, warmup: 2, reps: 9, stageWarmup: 1, stageReps: 5 },
      { objects: 100000, warmup: 1, reps: 5, stageWarmup: 1, stageReps: 3 },
    ];
const COLD_REPS = quick ? 10 : 30;
const FMT_SIZES = quick ? [100] : [100, 1000];

const work = mkdtempSync(join(tmpdir(), "pipec-bench-"));
const log = (s: string): void => void process.stderr.write(`${s}\n`);

/**
 * Children that time in-process runs collect garbage before every run (`--expose-gc`). Each
 * full collection ages compiled code, and V8 drops the bytecode of functions not run for a few
 * collections: with six stages in rotation, every stage would be recompiled and run cold in
 * every round. `--no-flush-bytecode` keeps what a process that compiles once, or an editor
 * that compiles on every save, keeps.
 */
const TIMING_FLAGS = ["--expose-gc", "--no-flush-bytecode"];
/** A young generation larger than a 10k-object compile allocates: no collection inside a stage. */
const ALLOC_FLAGS = ["--expose-gc", "--min-semi-space-size=1024", "--max-semi-space-size=1024"];
/** Sizes whose allocation is measured (a 100k compile allocates more than the young generation holds). */
const ALLOC_SIZES: readonly number[] = quick ? [1000, 10000] : [1000, 10000];

function runChild(childArgs: string[], env: NodeJS.ProcessEnv = process.env): unknown {
  const r = spawnSync(node, childArgs, { cwd: root, encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`child failed (${childArgs.join(" ")}):\n${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

const fixed = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : "-");
const mb = (kb: number): string => `${fixed(kb / 1024, 0)} MB`;

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [line(head), `| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

// ---- inputs -------------------------------------------------------------------------------
const inputs = new Map<number, { file: string; bytes: number }>();
for (const s of [...SIZES.map((x) => x.objects), ...FMT_SIZES]) {
  if (inputs.has(s)) continue;
  const text = generate({ objects: s, seed: SEED });
  if (countObjects(text) !== s) throw new Error(`generator produced ${countObjects(text)} objects, not ${s}`);
  const file = join(work, `estate-${s}.pipe`);
  writeFileSync(file, text);
  inputs.set(s, { file, bytes: Buffer.byteLength(text) });
}

// ---- compile against the JSON round trip, per size, stages ---------------------------------
interface CompileRow {
  objects: number;
  inputBytes: number;
  outputBytes: number;
  treeJsonBytes: number;
  diagnostics: number;
  compileMs: number;
  jsonMs: number;
  ratio: number;
  /** JSON.parse of the syntax tree's own JSON (CPU ms): a floor for building the tree. */
  treeFromJsonMs: number;
  stagesMs: Record<string, number>;
  wall: { compileMs: number; jsonMs: number; ratio: number; stagesMs: Record<string, number> };
  maxRssKb: { load: number; compile: number; json: number };
  /**
   * Steady state: a process that only compiles (or only round-trips the JSON), run after run with
   * no forced collection; medians of wall-clock, CPU of the whole process (all threads) and CPU
   * of the main thread. `ratio` is whole-process CPU, compile over JSON.
   */
  steady: { compile: SteadyTimes; json: SteadyTimes; ratio: number; wallRatio: number; mainRatio: number; maxRssKb: { compile: number; json: number } };
  /** Cold runs (a full collection before each), CPU of the main thread alone. */
  mainCpu: { compileMs: number; jsonMs: number };
  /** Bytes allocated per stage of a warm compile and retained by the tree and IR (ALLOC_SIZES only). */
  allocation?: { allocated: Record<string, number | null>; retained: Record<string, number> };
}
interface SteadyTimes {
  wallMs: number;
  cpuMs: number;
  mainCpuMs: number;
}
const compileRows: CompileRow[] = [];
for (const plan of SIZES) {
  const input = inputs.get(plan.objects)!;
  log(`compile: ${plan.objects} objects (${plan.warmup} warm-up, ${plan.reps} interleaved runs)...`);
  const t = runChild([...TIMING_FLAGS, "bench/child.ts", "time", input.file, String(plan.warmup), String(plan.reps)]) as {
    medians: Record<string, number>;
    cpuMedians: Record<string, number>;
    outputBytes: number;
    treeJsonBytes: number;
    diagnostics: number;
    mainCpuMedians: Record<string, number>;
  };
  // Steady state, one process per thing measured, alternating (compile, JSON, compile, JSON).
  log(`steady state: ${plan.objects} objects...`);
  const steadySamples: Record<"compile" | "json", { wall: number[]; cpu: number[]; mainCpu: number[]; maxRssKb: number }[]> = { compile: [], json: [] };
  for (let round = 0; round < 2; round++) {
    for (const what of ["compile", "json"] as const) {
      steadySamples[what].push(runChild(["bench/child.ts", "steady", input.file, what, String(plan.warmup + 1), String(plan.reps)]) as { wall: number[]; cpu: number[]; mainCpu: number[]; maxRssKb: number });
    }
  }
  const steadyOf = (what: "compile" | "json"): SteadyTimes => ({
    wallMs: median(steadySamples[what].flatMap((x) => x.wall)),
    cpuMs: median(steadySamples[what].flatMap((x) => x.cpu)),
    mainCpuMs: median(steadySamples[what].flatMap((x) => x.mainCpu)),
  });
  const steadyCompile = steadyOf("compile");
  const steadyJson = steadyOf("json");
  let allocation: CompileRow["allocation"];
  if (ALLOC_SIZES.includes(plan.objects)) {
    log(`allocation: ${plan.objects} objects...`);
    allocation = runChild([...ALLOC_FLAGS, "bench/child.ts", "alloc", input.file, "8"]) as CompileRow["allocation"];
  }
  log(`stages: ${plan.objects} objects...`);
  const st = runChild([...TIMING_FLAGS, "bench/child.ts", "stages", input.file, String(plan.stageWarmup), String(plan.stageReps)]) as { medians: Record<string, number>; cpuMedians: Record<string, number> };
  const memory = (what: string): number => (runChild(["bench/child.ts", "memory", input.file, what]) as { maxRssKb: number }).maxRssKb;
  const stagesMs = st.cpuMedians;
  compileRows.push({
    objects: plan.objects,
    inputBytes: input.bytes,
    outputBytes: t.outputBytes,
    treeJsonBytes: t.treeJsonBytes,
    diagnostics: t.diagnostics,
    compileMs: t.cpuMedians.compile,
    jsonMs: t.cpuMedians.json,
    ratio: t.cpuMedians.compile / t.cpuMedians.json,
    treeFromJsonMs: t.cpuMedians.treeFromJson,
    wall: { compileMs: t.medians.compile, jsonMs: t.medians.json, ratio: t.medians.compile / t.medians.json, stagesMs: st.medians },
    stagesMs,
    maxRssKb: { load: memory("load"), compile: memory("compile"), json: memory("json") },
    steady: {
      compile: steadyCompile,
      json: steadyJson,
      ratio: steadyCompile.cpuMs / steadyJson.cpuMs,
      wallRatio: steadyCompile.wallMs / steadyJson.wallMs,
      mainRatio: steadyCompile.mainCpuMs / steadyJson.mainCpuMs,
      maxRssKb: { compile: Math.max(...steadySamples.compile.map((x) => x.maxRssKb)), json: Math.max(...steadySamples.json.map((x) => x.maxRssKb)) },
    },
    mainCpu: { compileMs: t.mainCpuMedians.compile, jsonMs: t.mainCpuMedians.json },
    allocation,
  });
}

// ---- growth --------------------------------------------------------------------------------
const [lo, hi] = quick ? [1000, 10000] : [10000, 100000];
const rowLo = compileRows.find((r) => r.objects === lo)!;
const rowHi = compileRows.find((r) => r.objects === hi)!;
const growth = {
  from: lo,
  to: hi,
  compileExponent: Math.log(rowHi.compileMs / rowLo.compileMs) / Math.log(hi / lo),
  jsonExponent: Math.log(rowHi.jsonMs / rowLo.jsonMs) / Math.log(hi / lo),
  wallCompileExponent: Math.log(rowHi.wall.compileMs / rowLo.wall.compileMs) / Math.log(hi / lo),
  memoryExponent: Math.log(rowHi.maxRssKb.compile / rowLo.maxRssKb.compile) / Math.log(hi / lo),
};

// ---- cold start ----------------------------------------------------------------------------
const small = join(root, "examples", "warehouse-nightly-etl.pipe");
const bin = join(root, "bin", "pipec.js");
const bundled = existsSync(join(root, "dist", "pipec.cjs"));
const codeCacheDir = join(work, "code-cache");
const broken = join(work, "broken.pipe");
writeFileSync(broken, `${readFileSync(small, "utf8")}\npipeline broken {\n  retryDelay =\n}\n`);
let firstRun = 0;
const coldVariants: Record<string, { args: string[]; env: () => NodeJS.ProcessEnv; status?: number }> = {
  "node -e 0": { args: ["-e", "0"], env: () => ({ ...process.env }) },
  "pipec check": { args: [bin, "check", small], env: () => ({ ...process.env, PIPEC_CODE_CACHE: codeCacheDir }) },
  "pipec check, first run (no code cache yet)": { args: [bin, "check", small], env: () => ({ ...process.env, PIPEC_CODE_CACHE: join(work, `first-run-${firstRun++}`) }) },
  "pipec check, code cache off": { args: [bin, "check", small], env: () => ({ ...process.env, PIPEC_CODE_CACHE: "off" }) },
  "pipec check, a file with a syntax error": { args: [bin, "check", broken], env: () => ({ ...process.env, PIPEC_CODE_CACHE: codeCacheDir }), status: 1 },
  "pipec --version": { args: [bin, "--version"], env: () => ({ ...process.env, PIPEC_CODE_CACHE: codeCacheDir }) },
};
log(`cold start: ${COLD_REPS} interleaved spawns of each of ${Object.keys(coldVariants).length} commands...`);
const coldTimes: Record<string, number[]> = Object.fromEntries(Object.keys(coldVariants).map((k) => [k, []]));
const coldNames = Object.keys(coldVariants);
const spawnOnce = (name: string): number => {
  const v = coldVariants[name];
  const t0 = performance.now();
  const r = spawnSync(node, v.args, { cwd: root, env: v.env(), stdio: ["ignore", "pipe", "pipe"] });
  const ms = performance.now() - t0;
  if (r.status !== (v.status ?? 0)) throw new Error(`${name} exited with ${r.status}: ${r.stderr}`);
  return ms;
};
for (let w = 0; w < 3; w++) for (const n of coldNames) spawnOnce(n);
for (let r = 0; r < COLD_REPS; r++) {
  for (let i = 0; i < coldNames.length; i++) {
    const n = coldNames[(i + r) % coldNames.length];
    coldTimes[n].push(spawnOnce(n));
  }
}
const coldMs = Object.fromEntries(coldNames.map((n) => [n, median(coldTimes[n])]));
const coldRatio = coldMs["pipec check"] / coldMs["node -e 0"];

// ---- where the start-up time goes ---------------------------------------------------------
log("start-up phases...");
const { build } = await import("esbuild");
const { cliBundleOptions } = await import("../scripts/bundle-options.ts");
const startupBundle = join(work, "startup.cjs");
await build({ ...cliBundleOptions(join(root, "bench", "startup.ts"), startupBundle), logLevel: "error" });
// Run as bin/pipec.js runs the CLI: through bin/code-cache.js, with a code cache.
const startupRunner = join(work, "startup-run.mjs");
writeFileSync(startupRunner, `import { loadBundle } from ${JSON.stringify(pathToFileURL(join(root, "bin", "code-cache.js")).href)};\nloadBundle(process.argv[2], "startup").save();\n`);
const phaseRuns: Record<string, number>[] = [];
for (let i = 0; i < 3 + COLD_REPS; i++) {
  const x = runChild([startupRunner, startupBundle, small], { ...process.env, PIPEC_CODE_CACHE: join(work, "startup-code-cache") }) as Record<string, number>;
  if (i >= 3) phaseRuns.push(x);
}
const startupPhasesMs = Object.fromEntries(["bootstrap", "load", "check", "render", "total", "recovery"].map((k) => [k, median(phaseRuns.map((x) => x[k]))]));

// ---- fmt against Prettier on JSON ----------------------------------------------------------
interface FmtRow {
  objects: number;
  pipecMs: number;
  prettierJsonMs: number;
  ratio: number;
  wall: { pipecMs: number; prettierJsonMs: number; ratio: number };
}
const fmtRows: FmtRow[] = [];
for (const objects of FMT_SIZES) {
  const input = inputs.get(objects)!;
  log(`fmt: ${objects} objects...`);
  const [warmup, reps] = objects <= 100 ? (quick ? [3, 7] : [5, 15]) : quick ? [1, 3] : [2, 7];
  const f = runChild([...TIMING_FLAGS, "bench/child.ts", "fmt", input.file, String(warmup), String(reps)]) as { medians: Record<string, number>; cpuMedians: Record<string, number> };
  fmtRows.push({
    objects,
    pipecMs: f.cpuMedians.pipec,
    prettierJsonMs: f.cpuMedians.prettierJson,
    ratio: f.cpuMedians.pipec / f.cpuMedians.prettierJson,
    wall: { pipecMs: f.medians.pipec, prettierJsonMs: f.medians.prettierJson, ratio: f.medians.pipec / f.medians.prettierJson },
  });
}

// ---- CDKTF synth (when the timing script exists) -------------------------------------------
interface SynthRow {
  input: string;
  runs: number;
  ms?: number;
  importMs?: number;
  synthMs?: number;
  stacks?: number;
  peakRssMb?: number;
  error?: string;
}
let synth: { script: string; rows: SynthRow[] } | undefined;
const synthScript = ["scripts/bench-synth.ts", "bench/synth.ts"].map((p) => join(root, p)).find((p) => existsSync(p));
if (synthScript) {
  const script = synthScript.slice(root.length + 1);
  synth = { script, rows: [] };
  const runs = quick ? 3 : 5;
  // The generated estate, as Data Pipeline stacks (a cdktf.json of its own in a scratch directory).
  const synthDir = join(work, "synth");
  mkdirSync(synthDir, { recursive: true });
  writeFileSync(
    join(synthDir, "cdktf.json"),
    JSON.stringify({ context: { pipec: { sources: [inputs.get(100)!.file], services: { "*": ["datapipeline"] }, region: "us-east-1", backend: { type: "local" }, datapipeline: { logBucket: false } } } }),
  );
  const synthInputs: { name: string; cwd: string }[] = [
    { name: "examples (cdktf.json)", cwd: root },
    { name: "100 objects, Data Pipeline stacks", cwd: synthDir },
  ];
  log(`synth: ${script}, ${runs} runs per input...`);
  const samples = new Map<string, { ms: number; importMs: number; synthMs: number; stacks: number; peakRssMb: number }[]>();
  const errors = new Map<string, string>();
  for (let r = 0; r < runs; r++) {
    for (const x of synthInputs) {
      if (errors.has(x.name)) continue;
      const res = spawnSync(node, [synthScript], { cwd: x.cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      if (res.status !== 0) {
        errors.set(x.name, (res.stderr.split("\n").find((l) => /^[A-Za-z]*Error\b/.test(l)) ?? res.stderr.slice(0, 200)).trim());
        continue;
      }
      const lines = res.stdout.trim().split("\n");
      const list = samples.get(x.name) ?? [];
      list.push(JSON.parse(lines[lines.length - 1]));
      samples.set(x.name, list);
    }
  }
  for (const x of synthInputs) {
    const xs = samples.get(x.name) ?? [];
    if (errors.has(x.name) || xs.length === 0) {
      synth.rows.push({ input: x.name, runs, error: errors.get(x.name) ?? "no result" });
      continue;
    }
    const m = (k: "ms" | "importMs" | "synthMs" | "peakRssMb"): number => median(xs.map((v) => v[k]));
    synth.rows.push({ input: x.name, runs, ms: m("ms"), importMs: m("importMs"), synthMs: m("synthMs"), stacks: xs[0].stacks, peakRssMb: m("peakRssMb") });
  }
}

// ---- worst cases: growth per doubling on inputs shaped to be slow ----------------------------
const worst = runWorstCases({ quick, log });
const worstExponent = Math.max(...worst.map((w) => w.overall));

// ---- language server: edit -> diagnostics, completion, hover, memory (bench/lsp.ts) ----------
const lsp = await runLspBench({ quick, log });

// ---- report --------------------------------------------------------------------------------
const mbOf = (bytes: number | null | undefined): number | undefined => (bytes === null || bytes === undefined ? undefined : bytes / 2 ** 20);
const cpu = cpus();
const machine = {
  cpu: cpu[0]?.model ?? "unknown",
  cores: cpu.length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  freeMemoryGb: Math.round(freemem() / 2 ** 30),
  loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
const results = {
  quick,
  seed: SEED,
  machine,
  bundledCli: bundled,
  compile: compileRows,
  growth,
  coldStart: { reps: COLD_REPS, file: "examples/warehouse-nightly-etl.pipe", medianMs: coldMs, ratio: coldRatio, phasesMs: startupPhasesMs },
  fmt: fmtRows,
  synth,
  worstCases: worst,
  lsp,
  targets: {
    compileRatioAt10k: { limit: 5, value: compileRows.find((r) => r.objects === 10000)?.ratio },
    steadyRatioAt10k: { limit: 5, goal: 3, value: compileRows.find((r) => r.objects === 10000)?.steady.ratio },
    allocatedMbAt10k: { limit: 40, value: mbOf(compileRows.find((r) => r.objects === 10000)?.allocation?.allocated.compile) },
    retainedMbAt10k: { limit: 15, value: mbOf(compileRows.find((r) => r.objects === 10000)?.allocation?.retained.astAndIr) },
    growthExponent: { limit: 1.05, value: growth.compileExponent },
    coldStartRatio: { limit: 2.5, value: coldRatio },
    worstCaseExponent: { limit: 1.25, value: worstExponent },
  },
};
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);

const out: string[] = [];
out.push(`pipec benchmarks${quick ? " (--quick)" : ""}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, load ${machine.loadAverage.join(" ")}`);
out.push("");
out.push("Compile (parse, resolve, validate, emit) against JSON.parse + JSON.stringify of the output (medians of CPU time; wall-clock alongside):");
out.push(
  table(
    ["objects", "source", "output", "compile ms", "JSON ms", "ratio", "wall compile", "wall JSON", "wall ratio", "max RSS load", "max RSS compile", "max RSS JSON"],
    compileRows.map((r) => [
      String(r.objects),
      `${fixed(r.inputBytes / 1024, 0)} KB`,
      `${fixed(r.outputBytes / 1024, 0)} KB`,
      fixed(r.compileMs),
      fixed(r.jsonMs, 2),
      `${fixed(r.ratio)}x`,
      fixed(r.wall.compileMs),
      fixed(r.wall.jsonMs, 2),
      `${fixed(r.wall.ratio)}x`,
      mb(r.maxRssKb.load),
      mb(r.maxRssKb.compile),
      mb(r.maxRssKb.json),
    ]),
  ),
);
out.push("");
out.push("Steady state: a process repeating the compile (or the JSON round trip), no forced collection (medians, ms; CPU of the whole process, of its main thread, wall-clock):");
out.push(
  table(
    ["objects", "compile CPU", "JSON CPU", "ratio", "compile main", "JSON main", "main ratio", "compile wall", "JSON wall", "wall ratio", "max RSS compile"],
    compileRows.map((r) => [
      String(r.objects),
      fixed(r.steady.compile.cpuMs),
      fixed(r.steady.json.cpuMs, 2),
      `${fixed(r.steady.ratio)}x`,
      fixed(r.steady.compile.mainCpuMs),
      fixed(r.steady.json.mainCpuMs, 2),
      // The main thread's CPU clock counts in scheduler ticks: a ratio over a run shorter than a few ms means nothing.
      r.steady.json.mainCpuMs >= 5 ? `${fixed(r.steady.mainRatio)}x` : "-",
      fixed(r.steady.compile.wallMs),
      fixed(r.steady.json.wallMs, 2),
      `${fixed(r.steady.wallRatio)}x`,
      mb(r.steady.maxRssKb.compile),
    ]),
  ),
);
out.push("");
const allocRows = compileRows.filter((r) => r.allocation !== undefined);
if (allocRows.length > 0) {
  const allocStages = Object.keys(allocRows[0].allocation!.allocated);
  const mbCell = (b: number | null | undefined): string => (b === null || b === undefined ? "-" : fixed(b / 2 ** 20));
  out.push("Bytes allocated by one warm compile, per stage, and retained by its trees (MB; V8's heap counters with no collection inside a stage):");
  out.push(
    table(
      ["objects", ...allocStages.map((s) => `alloc ${s}`), "retained AST", "retained AST+IR"],
      allocRows.map((r) => [String(r.objects), ...allocStages.map((s) => mbCell(r.allocation!.allocated[s])), mbCell(r.allocation!.retained.ast), mbCell(r.allocation!.retained.astAndIr)]),
    ),
  );
  out.push("");
}
out.push("The syntax tree alone, built by JSON.parse from its own JSON (the cheapest way V8 builds those objects), against the JSON round trip of the output:");
out.push(
  table(
    ["objects", "tree as JSON", "JSON.parse of it ms", "x JSON round trip", "compile / that"],
    compileRows.map((r) => [String(r.objects), `${fixed(r.treeJsonBytes / 1024, 0)} KB`, fixed(r.treeFromJsonMs), `${fixed(r.treeFromJsonMs / r.jsonMs)}x`, `${fixed(r.compileMs / r.treeFromJsonMs)}x`]),
  ),
);
out.push("");
const allStages = Object.keys(compileRows[0]?.stagesMs ?? {});
const stageNames = allStages.filter((s) => !EXTRA_STAGES.includes(s));
const extraNames = allStages.filter((s) => EXTRA_STAGES.includes(s));
out.push(`Stages, each timed on its own (medians of CPU time, ms; ${extraNames.join(", ")} not in the sum):`);
out.push(table(["objects", ...stageNames, "sum", ...extraNames], compileRows.map((r) => [String(r.objects), ...stageNames.map((s) => fixed(r.stagesMs[s])), fixed(stageNames.reduce((n, s) => n + r.stagesMs[s], 0)), ...extraNames.map((s) => fixed(r.stagesMs[s]))])));
out.push("");
out.push(
  `Growth ${lo} -> ${hi} objects: compile exponent ${fixed(growth.compileExponent, 2)} (wall ${fixed(growth.wallCompileExponent, 2)}; JSON round trip ${fixed(growth.jsonExponent, 2)}); max RSS exponent ${fixed(growth.memoryExponent, 2)}`,
);
out.push("");
out.push(`Cold start (${COLD_REPS} interleaved spawns each, medians; ${bundled ? "bundled CLI" : "CLI from sources"}):`);
out.push(table(["command", "ms", "x node -e 0"], coldNames.map((n) => [n, fixed(coldMs[n]), `${fixed(coldMs[n] / coldMs["node -e 0"], 2)}x`])));
out.push("");
out.push("Where the start-up goes (bench/startup.ts bundled, fresh process, medians, ms; check is the first, cold, run):");
out.push(table(Object.keys(startupPhasesMs), [Object.values(startupPhasesMs).map((v) => fixed(v))]));
out.push("");
out.push("pipec fmt against Prettier (json parser) on the same pipelines' JSON (in process, medians of CPU time; wall alongside):");
out.push(
  table(
    ["objects", "pipec fmt ms", "Prettier JSON ms", "ratio", "wall ratio"],
    fmtRows.map((r) => [String(r.objects), fixed(r.pipecMs), fixed(r.prettierJsonMs), `${fixed(r.ratio, 2)}x`, `${fixed(r.wall.ratio, 2)}x`]),
  ),
);
if (synth !== undefined) {
  out.push("");
  out.push(`CDKTF synth (${synth.script}, a fresh process per run, medians):`);
  out.push(
    table(
      ["input", "stacks", "total ms", "import ms", "synth ms", "max RSS"],
      synth.rows.map((r) => (r.error ? [r.input, `failed: ${r.error.slice(0, 80)}`, "", "", "", ""] : [r.input, String(r.stacks), fixed(r.ms!, 0), fixed(r.importMs!, 0), fixed(r.synthMs!, 0), `${fixed(r.peakRssMb!, 0)} MB`])),
    ),
  );
}
out.push("");
out.push(...lspReport(lsp));
out.push("");
out.push("Worst cases (bench/worst-cases.ts): time per doubling of inputs shaped to be slow; exponent log2(t(2n)/t(n)), 1 = linear, 2 = quadratic; overall: from the smallest size to the largest:");
out.push(...worstCaseTable(worst));
out.push("");
const status = (ok: boolean): string => (ok ? "met" : "NOT met");
const r10k = results.targets.compileRatioAt10k.value;
out.push("Targets:");
out.push(`  compile <= 5x JSON at 10k objects (CPU time): ${r10k === undefined ? "-" : `${fixed(r10k)}x, ${status(r10k <= 5)}`}`);
const steady10k = results.targets.steadyRatioAt10k.value;
out.push(`  steady state, whole process, <= 5x JSON at 10k (3x goal): ${steady10k === undefined ? "-" : `${fixed(steady10k)}x, ${status(steady10k <= 5)}`}`);
const alloc10k = results.targets.allocatedMbAt10k.value;
const retained10k = results.targets.retainedMbAt10k.value;
out.push(`  allocated per 10k compile <= 40 MB: ${alloc10k === undefined ? "-" : `${fixed(alloc10k)} MB, ${status(alloc10k <= 40)}`}`);
out.push(`  retained AST+IR at 10k <= 15 MB:    ${retained10k === undefined ? "-" : `${fixed(retained10k)} MB, ${status(retained10k <= 15)}`}`);
out.push(`  growth exponent <= 1.05:          ${fixed(growth.compileExponent, 2)}, ${status(growth.compileExponent <= 1.05)}${quick ? " (quick: 1k -> 10k)" : ""}`);
out.push(`  cold start <= 2.5x node -e 0:     ${fixed(coldRatio, 2)}x, ${status(coldRatio <= 2.5)}`);
out.push(`  worst-case exponent <= 1.25:      ${fixed(worstExponent, 2)}, ${status(worstExponent <= 1.25)}`);
out.push("");
out.push(`results: ${outFile.startsWith(root) ? outFile.slice(root.length + 1) : outFile}`);
process.stdout.write(`${out.join("\n")}\n`);
rmSync(work, { recursive: true, force: true });

