/**
 * Long fuzzing campaigns over every in-process entry point (test/fuzz/harness.ts).
 *
 *   npm run fuzz -- --minutes 5 [--seed 1] [--out fuzz-findings] [--slow-ms 2000] [--hang-ms 60000]
 *
 * The inputs run in a worker thread; a watchdog ends the worker when one input runs longer than
 * `--hang-ms`, records the input as a hang and goes on with the next input of the same seeded
 * sequence. Each new finding is minimized (chunks removed while it persists) and written to
 * `<out>/<seed>/` as `<n>-<class>-<entry>.<ext>` (minimized) and `.orig.<ext>` (as generated);
 * `summary.json` holds the figures.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { campaign, FINDING_CLASSES, loadSeeds, ROOT, type FindingClass, type Input, type Reproducer } from "../test/fuzz/harness.ts";

interface WorkerArgs {
  readonly seed: number;
  readonly until: number;
  readonly startAt: number;
  readonly slowMs: number;
  readonly minimizeMs: number;
}

type Message =
  | { readonly kind: "input"; readonly index: number; readonly input: Input }
  | { readonly kind: "reproducer"; readonly reproducer: Reproducer }
  | { readonly kind: "end"; readonly counts: Record<FindingClass, number>; readonly inputs: number; readonly slowest: { ms: number; entry: string } };

if (!isMainThread) {
  const args = workerData as WorkerArgs;
  const { seeds } = loadSeeds();
  const post = (m: Message): void => parentPort!.postMessage(m);
  const r = campaign(seeds, {
    seed: args.seed,
    until: args.until,
    startAt: args.startAt,
    slowMs: args.slowMs,
    minimizeMs: args.minimizeMs,
    onInput: (index, input) => post({ kind: "input", index, input }),
    onReproducer: (reproducer) => post({ kind: "reproducer", reproducer }),
  });
  post({ kind: "end", counts: r.counts, inputs: r.inputs, slowest: r.slowest });
} else {
  await main();
}

function option(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const minutes = Number(option(argv, "--minutes", "1"));
  const seed = Number(option(argv, "--seed", "1"));
  const slowMs = Number(option(argv, "--slow-ms", "2000"));
  const hangMs = Number(option(argv, "--hang-ms", "60000"));
  const minimizeMs = Number(option(argv, "--minimize-ms", "20000"));
  const outRoot = resolve(option(argv, "--out", join(ROOT, "fuzz-findings")));
  if (![minutes, seed, slowMs, hangMs, minimizeMs].every(Number.isFinite)) {
    process.stderr.write("usage: npm run fuzz -- --minutes N [--seed S] [--out DIR] [--slow-ms MS] [--hang-ms MS] [--minimize-ms MS]\n");
    process.exit(2);
  }
  const out = join(outRoot, String(seed));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const { seeds, corpus } = loadSeeds();
  process.stdout.write(`seed ${seed}, ${minutes} min, ${seeds.length} seed inputs${corpus ? "" : " (../shared/corpus absent: examples only)"}\n`);

  const until = Date.now() + minutes * 60_000;
  const counts = Object.fromEntries([...FINDING_CLASSES, "hang"].map((c) => [c, 0])) as Record<FindingClass | "hang", number>;
  const reproducers: { file: string; key: string; path: string; ms?: number }[] = [];
  let inputs = 0;
  let slowest = { ms: 0, entry: "" };

  const save = (r: Reproducer | { key: string; finding: { cls: string; entry: string }; path: string; input: string; minimized: string; ms?: number }): void => {
    const ext = r.path.endsWith(".json") ? "json" : "pipe";
    const base = `${String(reproducers.length + 1).padStart(3, "0")}-${r.finding.cls}-${r.finding.entry}`;
    writeFileSync(join(out, `${base}.${ext}`), r.minimized);
    writeFileSync(join(out, `${base}.orig.${ext}`), r.input);
    reproducers.push({ file: `${base}.${ext}`, key: r.key, path: r.path, ms: r.ms });
    process.stdout.write(`  new: ${r.key} (${r.path}) -> ${join(out, `${base}.${ext}`)}\n`);
  };

  let startAt = 0;
  while (Date.now() < until) {
    const ended = await new Promise<"end" | "hang">((done) => {
      const worker = new Worker(new URL(import.meta.url), { workerData: { seed, until, startAt, slowMs, minimizeMs } satisfies WorkerArgs });
      let current: { index: number; input: Input } | undefined;
      let last = Date.now();
      let minimizing = false;
      const timer = setInterval(() => {
        const limit = minimizing ? hangMs + minimizeMs * 3 : hangMs;
        if (Date.now() - last > limit && current) {
          clearInterval(timer);
          void worker.terminate();
          counts.hang++;
          inputs++;
          save({ key: "hang", finding: { cls: "hang", entry: "any" }, path: current.input.path, input: current.input.text, minimized: current.input.text, ms: Date.now() - last });
          startAt = current.index + 1;
          done("hang");
        }
      }, 1000);
      worker.on("message", (m: Message) => {
        if (m.kind === "input") {
          if (current) inputs++;
          current = { index: m.index, input: m.input };
          last = Date.now();
          minimizing = false;
        } else if (m.kind === "reproducer") {
          minimizing = true;
          last = Date.now();
          save(m.reproducer);
        } else {
          clearInterval(timer);
          if (current) inputs++;
          for (const c of FINDING_CLASSES) counts[c] += m.counts[c];
          if (m.slowest.ms > slowest.ms) slowest = m.slowest;
          done("end");
        }
      });
      worker.on("error", (e) => {
        clearInterval(timer);
        process.stderr.write(`worker failed: ${e.stack ?? e.message}\n`);
        process.exit(1);
      });
    });
    if (ended === "end") break;
  }

  const summary = { seed, minutes, inputs, counts, slowestMs: Math.round(slowest.ms), slowestEntry: slowest.entry, reproducers };
  writeFileSync(join(out, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`\ninputs run: ${inputs}\n`);
  for (const [c, n] of Object.entries(counts)) process.stdout.write(`  ${c.padEnd(20)} ${n}\n`);
  process.stdout.write(`slowest input: ${Math.round(slowest.ms)} ms (${slowest.entry})\n`);
  process.stdout.write(`distinct findings: ${reproducers.length} (reproducers in ${out})\n`);
  process.exitCode = reproducers.length > 0 ? 1 : 0;
}
