/** Series-parallel decomposition: completeness, soundness and quality on random and held-out DAGs. */
import { describe, expect, it } from "vitest";
import { fcSeed } from "../helpers/fc.ts";
import fc from "fast-check";
import { orderedPairs, toSeriesParallel, treeTasks, type DagInput, type SPTree } from "../../compiler/emit/asl/dag.ts";

function closure(input: DagInput): Set<string> {
  const succ = new Map<string, string[]>(input.nodes.map((n) => [n, []]));
  for (const [a, b] of input.edges) succ.get(a)!.push(b);
  const out = new Set<string>();
  for (const s of input.nodes) {
    const stack = [...succ.get(s)!];
    const seen = new Set<string>();
    while (stack.length) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      out.add(`${s}>${v}`);
      stack.push(...succ.get(v)!);
    }
  }
  return out;
}

/** Pairs that may run together in the DAG but are ordered by the tree (should be none for SP). */
function concurrentPairsKept(input: DagInput, tree: SPTree): boolean {
  const c = closure(input);
  const ordered = new Set(orderedPairs(tree).map(([a, b]) => `${a}>${b}`));
  for (const a of input.nodes) for (const b of input.nodes) if (a !== b && !c.has(`${a}>${b}`) && !c.has(`${b}>${a}`) && ordered.has(`${a}>${b}`)) return false;
  return true;
}

function check(input: DagInput) {
  const r = toSeriesParallel(input);
  const tasks = treeTasks(r.tree);
  expect([...tasks].sort()).toEqual([...input.nodes].sort());
  expect(new Set(tasks).size).toBe(tasks.length);
  const ordered = new Set(orderedPairs(r.tree).map(([a, b]) => `${a}>${b}`));
  for (const [a, b] of input.edges) expect(ordered.has(`${a}>${b}`), `edge ${a}->${b}`).toBe(true);
  return r;
}

/** A random DAG: n nodes in a random topological order, each forward pair an edge with probability p. */
const dagArb = fc
  .record({
    n: fc.integer({ min: 3, max: 20 }),
    p: fc.double({ min: 0.1, max: 0.4, noNaN: true }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    weighted: fc.boolean(),
  })
  .map(({ n, p, seed, weighted }) => {
    let s = seed;
    const rand = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const nodes = Array.from({ length: n }, (_, i) => `A${i}`);
    const edges: [string, string][] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rand() < p) edges.push([nodes[i]!, nodes[j]!]);
    const weights = weighted ? new Map(nodes.map((x) => [x, 1 + Math.floor(rand() * 30)])) : undefined;
    // Shuffle the node list so that input order carries no hint.
    const shuffled = [...nodes].sort(() => rand() - 0.5);
    return { nodes: shuffled, edges, weights } satisfies DagInput;
  });

describe("DAG to series-parallel tree", () => {
  it("on 1,000 random DAGs: every node once, every edge implied, mean critical-path ratio <= 1.02", () => {
    const ratios: number[] = [];
    const weightedRatios: number[] = [];
    let sp = 0;
    fc.assert(
      fc.property(dagArb, (input) => {
        const r = check(input);
        ratios.push(r.criticalPath.ratio);
        if (input.weights) weightedRatios.push(r.criticalPath.ratio);
        expect(r.criticalPath.ratio).toBeGreaterThanOrEqual(1);
        if (r.falseOrderings.length === 0) {
          sp++;
          expect(r.criticalPath.ratio).toBe(1);
          expect(concurrentPairsKept(input, r.tree)).toBe(true);
        }
      }),
      { numRuns: 1000, seed: fcSeed(7) },
    );
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(ratios.length).toBe(1000);
    expect(mean).toBeLessThanOrEqual(1.02);
    // With durations 1-30 (where cuts cost most) the mean stays within the bound too.
    expect(weightedRatios.length).toBeGreaterThan(300);
    expect(weightedRatios.reduce((a, b) => a + b, 0) / weightedRatios.length).toBeLessThanOrEqual(1.02);
    expect(sp).toBeGreaterThan(0);
  });

  it("reproduces series-parallel DAGs exactly (built by series and parallel composition)", () => {
    let counter = 0;
    const spArb: fc.Arbitrary<{ nodes: string[]; edges: [string, string][]; sources: string[]; sinks: string[] }> = fc.letrec((tie) => ({
      leaf: fc.constant(null).map(() => {
        const id = `T${counter++}`;
        return { nodes: [id], edges: [] as [string, string][], sources: [id], sinks: [id] };
      }),
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        tie("leaf"),
        fc.tuple(tie("node"), tie("node"), fc.boolean()).map(([a, b, series]) => {
          const x = a as { nodes: string[]; edges: [string, string][]; sources: string[]; sinks: string[] };
          const y = b as typeof x;
          if (series) {
            const bridge: [string, string][] = x.sinks.flatMap((s) => y.sources.map((t) => [s, t] as [string, string]));
            return { nodes: [...x.nodes, ...y.nodes], edges: [...x.edges, ...y.edges, ...bridge], sources: x.sources, sinks: y.sinks };
          }
          return { nodes: [...x.nodes, ...y.nodes], edges: [...x.edges, ...y.edges], sources: [...x.sources, ...y.sources], sinks: [...x.sinks, ...y.sinks] };
        }),
      ),
    })).node as fc.Arbitrary<{ nodes: string[]; edges: [string, string][]; sources: string[]; sinks: string[] }>;
    fc.assert(
      fc.property(spArb, (g) => {
        const input = { nodes: g.nodes, edges: g.edges };
        const r = check(input);
        expect(r.falseOrderings).toEqual([]);
        expect(r.criticalPath.ratio).toBe(1);
        expect(concurrentPairsKept(input, r.tree)).toBe(true);
      }),
      { numRuns: 300, seed: fcSeed(3) },
    );
  });

  const shapes: Record<string, { edges: [string, string][]; nodes?: string[]; sp: boolean }> = {
    diamond: { edges: [["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"]], sp: true },
    "fan-out/fan-in": { edges: [["s", "x1"], ["s", "x2"], ["s", "x3"], ["s", "x4"], ["x1", "t"], ["x2", "t"], ["x3", "t"], ["x4", "t"]], sp: true },
    N: { edges: [["a", "c"], ["b", "c"], ["b", "d"]], sp: false },
    W: { edges: [["a", "d"], ["b", "d"], ["b", "e"], ["c", "e"]], sp: false },
    "crossing chains": { edges: [["a1", "a2"], ["a2", "a3"], ["b1", "b2"], ["b2", "b3"], ["a1", "b2"], ["b1", "a2"], ["a2", "b3"], ["b2", "a3"]], sp: true },
    "two independent chains": { edges: [["a1", "a2"], ["a2", "a3"], ["b1", "b2"]], sp: true },
  };
  for (const [name, shape] of Object.entries(shapes)) {
    it(`held-out shape: ${name}`, () => {
      const nodes = shape.nodes ?? [...new Set(shape.edges.flat())];
      const input = { nodes, edges: shape.edges };
      const r = check(input);
      if (shape.sp) {
        expect(r.falseOrderings).toEqual([]);
        expect(concurrentPairsKept(input, r.tree)).toBe(true);
      } else {
        // One added ordering is the minimum for N and W.
        expect(r.falseOrderings.length).toBeGreaterThan(0);
        expect(r.falseOrderings.length).toBeLessThanOrEqual(2);
      }
    });
  }

  it("N with long a and d prefers the cut that keeps the critical path short", () => {
    const weights = new Map([["a", 10], ["b", 1], ["c", 1], ["d", 10]]);
    const r = check({ nodes: ["a", "b", "c", "d"], edges: [["a", "c"], ["b", "c"], ["b", "d"]], weights });
    expect(r.criticalPath.dag).toBe(11);
    expect(r.criticalPath.tree).toBe(12);
    expect(r.falseOrderings).toHaveLength(1);
  });

  it("drops and reports an edge that closes a cycle", () => {
    const r = toSeriesParallel({ nodes: ["a", "b"], edges: [["a", "b"], ["b", "a"]] });
    expect(r.cycleEdges).toEqual([["b", "a"]]);
    expect(treeTasks(r.tree)).toEqual(["a", "b"]);
  });
});
