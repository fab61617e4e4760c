/**
 * A CI-sized fuzzing run over every in-process entry point (check, --fix, fmt, import, the Data
 * Pipeline, Step Functions and Terraform back ends): seeded mutations of the examples and of the
 * definition corpus. Longer campaigns: `npm run fuzz -- --minutes N` (bench/fuzz.ts).
 *
 * `PIPEC_FUZZ_SEED=<n>` runs another sequence; `PIPEC_FUZZ_INPUTS=<n>` another size.
 */
import { describe, expect, it } from "vitest";
import { campaign, generate, loadSeeds, mutate, Rng, runInput, tokens, type FindingClass } from "./harness.ts";

const SEED = Number(process.env.PIPEC_FUZZ_SEED ?? "20261204");
const INPUTS = Number(process.env.PIPEC_FUZZ_INPUTS ?? "5000");

/**
 * Classes the run asserts on. Not asserted: slow (timings vary with the machine's load; the
 * growth of the inputs that once took quadratic time is measured by `npm run bench:growth`).
 */
const ASSERTED: readonly FindingClass[] = ["crash", "span", "fmt-unparseable", "fmt-meaning", "import-unparseable", "import-meaning"];

describe("fuzz harness", () => {
  it("is deterministic for a seed", () => {
    const { seeds } = loadSeeds();
    const a = new Rng(5);
    const b = new Rng(5);
    for (let i = 0; i < 50; i++) expect(generate(a, seeds)).toEqual(generate(b, seeds));
  });

  it("keeps every character when splitting into tokens", () => {
    const text = 'pipeline p {\n  x = "#<a.b + 1>" // c\u200f\n}';
    expect(tokens(text).join("")).toBe(text);
    const rng = new Rng(9);
    for (let i = 0; i < 200; i++) expect(typeof mutate(rng, text, false)).toBe("string");
  });

  it("finds nothing on the unmutated seeds", () => {
    const { seeds } = loadSeeds();
    for (const s of seeds.filter((x) => x.path.endsWith(".pipe"))) {
      expect(runInput(s).map((f) => `${f.cls} ${f.entry} ${f.detail}`), s.path).toEqual([]);
    }
  });
});

describe(`fuzzing every entry point (seed ${SEED}, ${INPUTS} inputs)`, () => {
  const { seeds, corpus } = loadSeeds();
  if (!corpus) process.stderr.write("fuzz: ../shared/corpus is absent; fuzzing the examples only (no import inputs)\n");

  it("no crash, no span outside the file, fmt output that parses and means the same", () => {
    const r = campaign(seeds, { seed: SEED, inputs: INPUTS, slowMs: 2000, minimizeMs: 5000, minimizeSlow: false });
    const open = r.reproducers.filter((x) => !ASSERTED.includes(x.finding.cls));
    const summary = Object.entries(r.counts).map(([c, n]) => `${c} ${n}`).join(", ");
    process.stderr.write(`fuzz: ${r.inputs} inputs; ${summary}; slowest ${Math.round(r.slowest.ms)} ms (${r.slowest.entry})\n`);
    for (const x of open) process.stderr.write(`fuzz (not asserted): ${x.key} (${x.path}): ${JSON.stringify(x.minimized.slice(0, 200))}\n`);
    const failures = r.reproducers
      .filter((x) => ASSERTED.includes(x.finding.cls))
      .map((x) => `${x.key}\n  seed input ${x.path}; minimized: ${JSON.stringify(x.minimized)}`);
    expect(failures, `seed ${SEED}`).toEqual([]);
    expect(r.inputs).toBe(INPUTS);
  }, 600_000);
});
