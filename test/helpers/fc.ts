/**
 * Seeds of the fast-check properties. Each property runs with a fixed seed, so that a run is
 * reproducible; `PIPEC_FC_SEED=<integer>` replaces every seed (to explore other inputs, or to
 * replay the seed a failure printed: fast-check prints `seed` and `path` when a property fails).
 */
export function fcSeed(fixed: number, env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env.PIPEC_FC_SEED;
  if (text === undefined || text === "") return fixed;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`PIPEC_FC_SEED must be an integer, not ${JSON.stringify(text)}`);
  return n | 0;
}

/** The seed of properties that name none. */
export const DEFAULT_FC_SEED = 20260601;
