/** Timing helpers: interleaved repetitions and medians, so that ratios hold on a noisy machine. */
import { performance } from "node:perf_hooks";

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Collects garbage between measurements when the process runs with --expose-gc. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

export interface InterleaveOptions {
  readonly warmup: number;
  readonly reps: number;
  /** Called after every timed run (e.g. to report progress). */
  readonly onRun?: (name: string, ms: number) => void;
  /**
   * Collect garbage before every run (`--expose-gc`): the **cold** measure, default. A forced
   * full collection also drops optimised code, so each run starts partly deoptimised; with
   * `gc: false` the runs follow each other as in a process that compiles again and again (the
   * **steady state**), and a run pays for the collections its own garbage causes.
   */
  readonly gc?: boolean;
}

/**
 * Milliseconds of every timed run, per function: wall-clock, CPU of the whole process (all
 * threads: the garbage collector's helper threads included) and CPU of the main thread alone.
 */
export interface Timings {
  readonly wall: Record<string, number[]>;
  readonly cpu: Record<string, number[]>;
  readonly mainCpu: Record<string, number[]>;
}

const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
/** CPU of the calling thread (Node 23.9 and later), else the process's. */
const threadCpu = (prev?: NodeJS.CpuUsage): NodeJS.CpuUsage =>
  typeof (process as { threadCpuUsage?: unknown }).threadCpuUsage === "function" ? (process as unknown as { threadCpuUsage(p?: NodeJS.CpuUsage): NodeJS.CpuUsage }).threadCpuUsage(prev) : process.cpuUsage(prev);

function emptyTimings(names: readonly string[]): Timings {
  const per = (): Record<string, number[]> => Object.fromEntries(names.map((n) => [n, []]));
  return { wall: per(), cpu: per(), mainCpu: per() };
}

/**
 * Runs every function `warmup` times, then `reps` rounds in which each function runs once; the
 * order rotates from round to round so that none always runs first (or right after a GC).
 * CPU time is the steadier measure on a shared machine: waiting for a core is not counted.
 */
export function interleave(fns: Readonly<Record<string, () => unknown>>, options: InterleaveOptions): Timings {
  const names = Object.keys(fns);
  const t = emptyTimings(names);
  const gc = options.gc ?? true;
  for (let w = 0; w < options.warmup; w++) {
    for (const n of names) {
      if (gc) collect();
      fns[n]();
    }
  }
  for (let r = 0; r < options.reps; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      if (gc) collect();
      const c0 = process.cpuUsage();
      const m0 = threadCpu();
      const t0 = performance.now();
      fns[n]();
      const ms = performance.now() - t0;
      t.mainCpu[n].push(cpuMs(threadCpu(m0)));
      t.cpu[n].push(cpuMs(process.cpuUsage(c0)));
      t.wall[n].push(ms);
      options.onRun?.(n, ms);
    }
  }
  return t;
}

/** Asynchronous twin of `interleave`. */
export async function interleaveAsync(fns: Readonly<Record<string, () => Promise<unknown>>>, options: InterleaveOptions): Promise<Timings> {
  const names = Object.keys(fns);
  const t = emptyTimings(names);
  const gc = options.gc ?? true;
  for (let w = 0; w < options.warmup; w++) {
    for (const n of names) {
      if (gc) collect();
      await fns[n]();
    }
  }
  for (let r = 0; r < options.reps; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      if (gc) collect();
      const c0 = process.cpuUsage();
      const m0 = threadCpu();
      const t0 = performance.now();
      await fns[n]();
      const ms = performance.now() - t0;
      t.mainCpu[n].push(cpuMs(threadCpu(m0)));
      t.cpu[n].push(cpuMs(process.cpuUsage(c0)));
      t.wall[n].push(ms);
      options.onRun?.(n, ms);
    }
  }
  return t;
}

export function medians(times: Readonly<Record<string, readonly number[]>>): Record<string, number> {
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}
