/**
 * Where a stage allocates: runs one stage of a compile on a generated estate (after warm-up
 * runs) under V8's sampling heap profiler, keeping the samples of objects already collected, and
 * prints the sampled bytes per function: who allocates, not who retains.
 *
 *   node bench/profile-alloc.ts resolve 10000 3 [--out prof/resolve.heapprofile] [--top N]
 *   node bench/profile-alloc.ts --report prof/<file>.heapprofile [--top N]
 *
 * The stage is one of scan, tree, resolve, validate, emit, compile; 3 is the number of profiled
 * runs. Each validate run reads an IR of its own (the rules' indexes are built, as in a compile).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { generate } from "./generate.ts";
import { validate } from "../compiler/validate/validate.ts";
import { compileAll, prepareStages, stageFunctions } from "./stages.ts";

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
const outAt = args.indexOf("--out");

function report(root: HeapNode): void {
  const perFunction = new Map<string, number>();
  let total = 0;
  const walk = (n: HeapNode): void => {
    const url = n.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|compiler|grammar|bench)\//, "$1/");
    const key = `${n.callFrame.functionName || "(anonymous)"}  ${url || "(native)"}:${n.callFrame.lineNumber + 1}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + n.selfSize);
    total += n.selfSize;
    for (const c of n.children) walk(c);
  };
  walk(root);
  process.stdout.write(`sampled ${(total / 2 ** 20).toFixed(1)} MB\n`);
  for (const [k, b] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${(b / 2 ** 20).toFixed(2).padStart(8)} MB ${((100 * b) / total).toFixed(1).padStart(5)}%  ${k}\n`);
  }
}

if (args[0] === "--report") {
  report((JSON.parse(readFileSync(args[1], "utf8")) as { head: HeapNode }).head);
} else {
  const stage = args[0] ?? "compile";
  const objects = Number(args[1] ?? 10000);
  const reps = Number(args[2] ?? 5);
  const text = generate({ objects, seed: 20260101 });
  const fns = stageFunctions(prepareStages("estate.pipe", text));
  // `validate` runs on a fresh IR each time (resolved before the profiler starts), as in a compile.
  const fresh = stage === "validate" ? Array.from({ length: reps + 2 }, () => prepareStages("estate.pipe", text).program) : [];
  const fn = stage === "compile" ? () => compileAll("estate.pipe", text) : stage === "validate" ? () => validate(fresh.pop()!) : fns[stage];
  if (!fn) throw new Error(`unknown stage '${stage}'`);
  for (let i = 0; i < 2; i++) fn();
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let i = 0; i < reps; i++) fn();
  const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as { profile: { head: HeapNode } };
  session.disconnect();
  if (outAt >= 0) writeFileSync(args[outAt + 1], JSON.stringify(profile));
  process.stdout.write(`${stage}, ${objects} objects, ${reps} runs:\n`);
  report(profile.head);
}
