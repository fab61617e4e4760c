/**
 * One size's measurements, in a process of its own (so that sizes do not share a heap and the
 * peak memory is the process's own). Run by bench/run.ts:
 *
 *   node --expose-gc bench/child.ts time <file.pipe> <warmup> <reps>
 *       interleaved compile / JSON round trip / JSON.parse of the syntax tree's own JSON, each
 *       after a forced full collection (cold); prints one JSON line
 *   node bench/child.ts steady <file.pipe> compile|json <warmup> <reps>
 *       one thing only, run again and again with no forced collection (steady state): each run
 *       pays for the collections its own garbage causes, and nothing else's; wall-clock, CPU of
 *       the whole process and CPU of the main thread per run
 *   node --expose-gc --min-semi-space-size=1024 --max-semi-space-size=1024 bench/child.ts alloc <file.pipe> <warmup>
 *       bytes allocated per stage of a warm compile, and bytes retained by the syntax tree and
 *       the IR (see `measureAllocation`)
 *   node --expose-gc bench/child.ts stages <file.pipe> <warmup> <reps>
 *       each stage on its own, interleaved (a process of its own: the inputs of every stage
 *       stay in memory, which would slow the JSON baseline down)
 *   node --expose-gc bench/child.ts fmt <file.pipe> <warmup> <reps>
 *       interleaved `pipec fmt`'s formatting against Prettier formatting the output JSON
 *   node bench/child.ts memory <file.pipe> compile|json|load
 *       one compile (or one JSON round trip of the output, or just loading the compiler);
 *       prints the process's max RSS
 */
import { readFileSync, writeFileSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";
import { collect, interleave, interleaveAsync, median, medians } from "./stats.ts";

const [mode, file, ...rest] = process.argv.slice(2);
const text = readFileSync(file, "utf8");

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

if (mode === "time") {
  const { compileAll, jsonRoundTrip } = await import("./stages.ts");
  const warmup = Number(rest[0] ?? 2);
  const reps = Number(rest[1] ?? 5);
  const compiled = compileAll(file, text);
  // The compiler's output, kept for the memory run of the JSON baseline.
  writeFileSync(`${file}.out.json`, `[\n${compiled.outputs.join(",\n")}]\n`);
  const outputBytes = compiled.outputs.reduce((n, t) => n + Buffer.byteLength(t), 0);
  // The syntax tree as JSON: JSON.parse of it is the cheapest way V8 has to build the tree's
  // objects, a floor for any parser that builds this tree.
  const { parse } = await import("../compiler/ast/parse.ts");
  const { SourceFile } = await import("../compiler/source/source.ts");
  const treeJson = JSON.stringify(parse(new SourceFile(file, text)).ast);
  const fns: Record<string, () => unknown> = {
    compile: () => compileAll(file, text),
    json: () => jsonRoundTrip(compiled.outputs),
    treeFromJson: () => JSON.parse(treeJson),
  };
  const t = interleave(fns, { warmup, reps });
  print({
    medians: medians(t.wall),
    cpuMedians: medians(t.cpu),
    mainCpuMedians: medians(t.mainCpu),
    times: t.wall,
    cpu: t.cpu,
    mainCpu: t.mainCpu,
    outputBytes,
    treeJsonBytes: treeJson.length,
    diagnostics: compiled.diagnostics,
    errors: compiled.errors,
  });
} else if (mode === "steady") {
  const { compileAll, jsonRoundTrip } = await import("./stages.ts");
  const what = rest[0];
  const warmup = Number(rest[1] ?? 2);
  const reps = Number(rest[2] ?? 5);
  let fn: () => unknown;
  if (what === "compile") fn = () => compileAll(file, text);
  else if (what === "json") {
    const outputs = readFileSync(`${file}.out.json`, "utf8");
    // The same definitions the compile writes, one string each (as `time` hands them over).
    const texts = (JSON.parse(outputs) as unknown[]).map((d) => JSON.stringify(d, null, 2));
    fn = () => jsonRoundTrip(texts);
  } else throw new Error(`unknown steady measurement '${what}'`);
  const t = interleave({ [what]: fn }, { warmup, reps, gc: false });
  print({ wall: t.wall[what], cpu: t.cpu[what], mainCpu: t.mainCpu[what], maxRssKb: process.resourceUsage().maxRSS });
} else if (mode === "alloc") {
  const { measureAllocation } = await import("./stages.ts");
  const warmup = Number(rest[0] ?? 3);
  // Collections are counted by a PerformanceObserver: a stage measured while one ran is dropped.
  let collections = 0;
  new PerformanceObserver((list) => void (collections += list.getEntries().length)).observe({ entryTypes: ["gc"] });
  const settle = (): Promise<void> => new Promise((done) => setTimeout(done, 0));
  const runs: Record<string, number>[] = [];
  let retained: Record<string, number> | undefined;
  for (let i = 0; i < warmup + 5; i++) {
    const m = await measureAllocation(file, text, { collect, settle, collections: () => collections });
    retained = m.retained;
    if (i >= warmup) runs.push(m.allocated);
  }
  const allocated: Record<string, number | null> = {};
  for (const k of Object.keys(runs[0] ?? {})) {
    const xs = runs.map((r) => r[k]).filter((x) => x >= 0);
    allocated[k] = xs.length > 0 ? median(xs) : null;
  }
  print({ allocated, retained, runs });
} else if (mode === "stages") {
  const { prepareStages, stageFunctions } = await import("./stages.ts");
  const warmup = Number(rest[0] ?? 2);
  const reps = Number(rest[1] ?? 5);
  const t = interleave(stageFunctions(prepareStages(file, text)), { warmup, reps });
  print({ medians: medians(t.wall), cpuMedians: medians(t.cpu), mainCpuMedians: medians(t.mainCpu), times: t.wall, cpu: t.cpu });
} else if (mode === "fmt") {
  const warmup = Number(rest[0] ?? 2);
  const reps = Number(rest[1] ?? 5);
  const [{ compileAll }, { formatSource }, prettier] = await Promise.all([import("./stages.ts"), import("../compiler/format/index.ts"), import("prettier")]);
  const outputs = compileAll(file, text).outputs;
  const formatted = await formatSource(text, file);
  const t = await interleaveAsync(
    {
      pipec: () => formatSource(text, file),
      prettierJson: async () => {
        for (const o of outputs) await prettier.format(o, { parser: "json" });
      },
    },
    { warmup, reps },
  );
  print({ medians: medians(t.wall), cpuMedians: medians(t.cpu), times: t.wall, cpu: t.cpu, unchanged: formatted.formatted === text });
} else if (mode === "memory") {
  // The JSON baseline does not load the compiler; `load` is the compiler loaded, nothing compiled.
  const what = rest[0];
  if (what === "json") JSON.stringify(JSON.parse(readFileSync(`${file}.out.json`, "utf8")), null, 2);
  else {
    const { compileAll } = await import("./stages.ts");
    if (what === "compile") compileAll(file, text);
    else if (what !== "load") throw new Error(`unknown memory measurement '${what}'`);
  }
  print({ maxRssKb: process.resourceUsage().maxRSS });
} else {
  throw new Error(`unknown mode '${mode}'`);
}
