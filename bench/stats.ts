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
}

/**
 * Runs every function `warmup` times, then `reps` rounds in which each function runs once; the
 * order rotates from round to round so that none always runs first (or right after a GC).
 * Returns the milliseconds of every timed run, per function.
 */
export function interleave(fns: Readonly<Record<string, () => unknown>>, options: InterleaveOptions): Record<string, number[]> {
  const names = Object.keys(fns);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let w = 0; w < options.warmup; w++) {
    for (const n of names) {
      collect();
      fns[n]();
    }
  }
  for (let r = 0; r < options.reps; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      collect();
      const t0 = performance.now();
      fns[n]();
      const ms = performance.now() - t0;
      times[n].push(ms);
      options.onRun?.(n, ms);
    }
  }
  return times;
}

/** Asynchronous twin of `interleave`. */
export async function interleaveAsync(fns: Readonly<Record<string, () => Promise<unknown>>>, options: InterleaveOptions): Promise<Record<string, number[]>> {
  const names = Object.keys(fns);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let w = 0; w < options.warmup; w++) {
    for (const n of names) {
      collect();
      await fns[n]();
    }
  }
  for (let r = 0; r < options.reps; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      collect();
      const t0 = performance.now();
      await fns[n]();
      const ms = performance.now() - t0;
      times[n].push(ms);
      options.onRun?.(n, ms);
    }
  }
  return times;
}

export function medians(times: Readonly<Record<string, readonly number[]>>): Record<string, number> {
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}
