/**
 * Dependency graphs to series-parallel (SP) trees: what Step Functions can express with `Next`
 * chains and `Parallel` states.
 *
 * A DAG whose order is series-parallel (its transitive closure has no induced "N") is reproduced
 * exactly. Otherwise each prime part is cut into a down-set A and the rest B, run one after the
 * other; the cut is chosen to lengthen the critical path least and, among equal ones, to add the
 * fewest orderings the graph does not require. Every edge of the graph is implied by the tree and
 * every node appears exactly once.
 */

export type SPTree =
  | { readonly kind: "task"; readonly id: string }
  | { readonly kind: "seq"; readonly children: readonly SPTree[] }
  | { readonly kind: "par"; readonly children: readonly SPTree[] };

export interface DagInput {
  /** Node ids; output order is derived from this order where the graph leaves it free. */
  readonly nodes: readonly string[];
  /** `[before, after]`: `before` must finish before `after` starts. */
  readonly edges: readonly (readonly [string, string])[];
  /** Expected durations (default 1). */
  readonly weights?: ReadonlyMap<string, number>;
}

export interface DagResult {
  readonly tree: SPTree;
  /** Longest path of the graph and of the tree (same weights), and their ratio (1 = exact). */
  readonly criticalPath: { readonly dag: number; readonly tree: number; readonly ratio: number };
  /** Orderings the tree adds that the graph does not require, as `[before, after]`, sorted. */
  readonly falseOrderings: readonly (readonly [string, string])[];
  /** Edges that close a cycle (reported by validation; ignored here). */
  readonly cycleEdges: readonly (readonly [string, string])[];
}

/** Bit set over node indices. */
class Bits {
  readonly w: Uint32Array;
  constructor(n: number) {
    this.w = new Uint32Array((n + 31) >>> 5);
  }
  has(i: number): boolean {
    return (this.w[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
  add(i: number): void {
    this.w[i >>> 5]! |= 1 << (i & 31);
  }
  or(o: Bits): void {
    for (let k = 0; k < this.w.length; k++) this.w[k]! |= o.w[k]!;
  }
}

/**
 * The SP tree of a DAG. Nodes that no chain of edges connects run in parallel, so each weakly
 * connected part is decomposed on its own (time and memory grow with the square of the largest
 * part, not of the whole graph) and the parts become the branches of one `par`.
 */
export function toSeriesParallel(input: DagInput): DagResult {
  const parts = weakParts(input);
  if (parts.length <= 1) return connectedToSeriesParallel(input);
  const results = parts.map(connectedToSeriesParallel);
  const dag = Math.max(...results.map((r) => r.criticalPath.dag));
  const tree = Math.max(...results.map((r) => r.criticalPath.tree));
  const falseOrderings = results.flatMap((r) => r.falseOrderings).sort((p, q) => cmp(p[0], q[0]) || cmp(p[1], q[1]));
  return {
    tree: { kind: "par", children: results.map((r) => r.tree) },
    criticalPath: { dag, tree, ratio: dag === 0 ? 1 : tree / dag },
    falseOrderings,
    cycleEdges: results.flatMap((r) => r.cycleEdges),
  };
}

/** The weakly connected parts of the graph (union-find over its edges), in order of first node. */
function weakParts(input: DagInput): DagInput[] {
  const n = input.nodes.length;
  const index = new Map<string, number>();
  input.nodes.forEach((id, i) => {
    if (!index.has(id)) index.set(id, i);
  });
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const [a, b] of input.edges) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) continue;
    const ri = find(i);
    const rj = find(j);
    if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
  }
  const partOf = new Map<number, { nodes: string[]; edges: (readonly [string, string])[] }>();
  const order: { nodes: string[]; edges: (readonly [string, string])[] }[] = [];
  input.nodes.forEach((id, i) => {
    const r = find(index.get(id)!);
    let part = partOf.get(r);
    if (!part) {
      partOf.set(r, (part = { nodes: [], edges: [] }));
      order.push(part);
    }
    if (index.get(id) === i) part.nodes.push(id);
  });
  for (const e of input.edges) {
    const i = index.get(e[0]);
    if (i === undefined || index.get(e[1]) === undefined) continue;
    partOf.get(find(i))!.edges.push(e);
  }
  return order.map((p) => ({ nodes: p.nodes, edges: p.edges, weights: input.weights }));
}

function connectedToSeriesParallel(input: DagInput): DagResult {
  const n = input.nodes.length;
  const index = new Map(input.nodes.map((id, i) => [id, i]));
  const weight = (i: number) => Math.max(0, input.weights?.get(input.nodes[i]!) ?? 1);
  const succ: number[][] = input.nodes.map(() => []);
  const cycleEdges: [string, string][] = [];
  // Topological order (Kahn); edges that would close a cycle are dropped and reported.
  const pairs = new Set<string>();
  const edgeList: [number, number][] = [];
  for (const [a, b] of input.edges) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j) continue;
    const key = `${i},${j}`;
    if (pairs.has(key)) continue;
    pairs.add(key);
    edgeList.push([i, j]);
  }
  // Reachability, built incrementally so that cycle-closing edges can be refused.
  const reach: Bits[] = input.nodes.map(() => new Bits(n)); // reach[i] = nodes after i
  const addEdge = (i: number, j: number): boolean => {
    if (reach[j]!.has(i)) return false;
    // everything that reaches i (and i) now reaches j and all after j
    for (let k = 0; k < n; k++) {
      if (k === i || reach[k]!.has(i)) {
        reach[k]!.add(j);
        reach[k]!.or(reach[j]!);
      }
    }
    return true;
  };
  for (const [i, j] of edgeList) {
    if (addEdge(i, j)) succ[i]!.push(j);
    else cycleEdges.push([input.nodes[i]!, input.nodes[j]!]);
  }
  const less = (i: number, j: number) => reach[i]!.has(j);

  const memo = new Map<string, { tree: SPTree; cp: number }>();
  const decompose = (set: readonly number[]): { tree: SPTree; cp: number } => {
    if (set.length === 1) return { tree: { kind: "task", id: input.nodes[set[0]!]! }, cp: weight(set[0]!) };
    const key = set.join(",");
    const hit = memo.get(key);
    if (hit) return hit;
    let result: { tree: SPTree; cp: number };
    const comp = components(set, (a, b) => less(a, b) || less(b, a));
    if (comp.length > 1) {
      const parts = comp.map(decompose);
      result = { tree: { kind: "par", children: parts.map((p) => p.tree) }, cp: Math.max(...parts.map((p) => p.cp)) };
    } else {
      const co = components(set, (a, b) => !less(a, b) && !less(b, a));
      if (co.length > 1) {
        co.sort((x, y) => (less(x[0]!, y[0]!) ? -1 : less(y[0]!, x[0]!) ? 1 : x[0]! - y[0]!));
        const parts = co.map(decompose);
        result = { tree: seq(parts.map((p) => p.tree)), cp: parts.reduce((s, p) => s + p.cp, 0) };
      } else {
        // The most promising cuts (by the longest paths of their halves) are decomposed in full and
        // the one with the shortest resulting critical path wins; ties go to fewer added orderings.
        const cuts = rankCuts(set, less, succ, weight).slice(0, set.length > 40 ? 1 : 6);
        let best: { tree: SPTree; cp: number; extra: number } | undefined;
        for (const cut of cuts) {
          const pa = decompose(cut.a);
          const pb = decompose(cut.b);
          const cp = pa.cp + pb.cp;
          if (!best || cp < best.cp || (cp === best.cp && cut.extra < best.extra)) best = { tree: seq([pa.tree, pb.tree]), cp, extra: cut.extra };
        }
        result = { tree: best!.tree, cp: best!.cp };
      }
    }
    memo.set(key, result);
    return result;
  };

  const all = input.nodes.map((_, i) => i);
  const tree: SPTree = n === 0 ? { kind: "seq", children: [] } : decompose(all).tree;
  const dagCp = longestPath(all, succ, weight);
  const treeCp = treeCriticalPath(tree, (id) => weight(index.get(id)!));
  const falseOrderings: [string, string][] = [];
  for (const [x, y] of orderedPairs(tree)) {
    const i = index.get(x)!;
    const j = index.get(y)!;
    if (!less(i, j)) falseOrderings.push([x, y]);
  }
  falseOrderings.sort((p, q) => cmp(p[0], q[0]) || cmp(p[1], q[1]));
  return { tree, criticalPath: { dag: dagCp, tree: treeCp, ratio: dagCp === 0 ? 1 : treeCp / dagCp }, falseOrderings, cycleEdges };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function seq(children: readonly SPTree[]): SPTree {
  const flat: SPTree[] = [];
  for (const c of children) {
    if (c.kind === "seq") flat.push(...c.children);
    else flat.push(c);
  }
  return flat.length === 1 ? flat[0]! : { kind: "seq", children: flat };
}

/** Connected components of the graph on `set` whose adjacency is `adj`; each sorted, in order of first element. */
function components(set: readonly number[], adj: (a: number, b: number) => boolean): number[][] {
  const parent = new Map<number, number>(set.map((x) => [x, x]));
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (let i = 0; i < set.length; i++) {
    for (let j = i + 1; j < set.length; j++) {
      const a = set[i]!;
      const b = set[j]!;
      if (find(a) !== find(b) && adj(a, b)) parent.set(find(a), find(b));
    }
  }
  const groups = new Map<number, number[]>();
  for (const x of set) {
    const r = find(x);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(x);
  }
  return [...groups.values()];
}

/** Longest weighted path within `set` (edges restricted to it). */
function longestPath(set: readonly number[], succ: readonly number[][], weight: (i: number) => number): number {
  const inSet = new Set(set);
  const finish = new Map<number, number>();
  const order = topo(set, succ, inSet);
  let best = 0;
  const start = new Map<number, number>();
  for (const v of order) {
    const f = (start.get(v) ?? 0) + weight(v);
    finish.set(v, f);
    best = Math.max(best, f);
    for (const s of succ[v]!) if (inSet.has(s)) start.set(s, Math.max(start.get(s) ?? 0, f));
  }
  return best;
}

function topo(set: readonly number[], succ: readonly number[][], inSet: ReadonlySet<number>): number[] {
  const indeg = new Map<number, number>(set.map((v) => [v, 0]));
  for (const v of set) for (const s of succ[v]!) if (inSet.has(s)) indeg.set(s, indeg.get(s)! + 1);
  const ready = set.filter((v) => indeg.get(v) === 0);
  const out: number[] = [];
  while (ready.length) {
    const v = ready.shift()!;
    out.push(v);
    for (const s of succ[v]!) {
      if (!inSet.has(s)) continue;
      const d = indeg.get(s)! - 1;
      indeg.set(s, d);
      if (d === 0) ready.push(s);
    }
  }
  return out;
}

/**
 * Candidate down-sets of a prime part: thresholds of earliest finish and latest start times, and
 * each node's down-closure and the complement of its up-closure. The best is the one whose two
 * halves have the smallest sum of longest paths, then the fewest added orderings.
 */
function rankCuts(set: readonly number[], less: (a: number, b: number) => boolean, succ: readonly number[][], weight: (i: number) => number): { a: number[]; b: number[]; cost: number; extra: number }[] {
  const inSet = new Set(set);
  const order = topo(set, succ, inSet);
  const ef = new Map<number, number>();
  const es = new Map<number, number>();
  for (const v of order) {
    const f = (es.get(v) ?? 0) + weight(v);
    ef.set(v, f);
    for (const s of succ[v]!) if (inSet.has(s)) es.set(s, Math.max(es.get(s) ?? 0, f));
  }
  const cp = Math.max(...ef.values());
  const ls = new Map<number, number>();
  const lf = new Map<number, number>();
  for (const v of [...order].reverse()) {
    const f = lf.get(v) ?? cp;
    const s = f - weight(v);
    ls.set(v, s);
    for (const p of set) if (succ[p]!.includes(v)) lf.set(p, Math.min(lf.get(p) ?? cp, s));
  }
  const candidates = new Map<string, number[]>();
  const addCandidate = (pred: (v: number) => boolean): void => {
    const a = set.filter(pred);
    if (a.length === 0 || a.length === set.length) return;
    // Keep only down-sets: nothing in B may come before something in A.
    const inA = new Set(a);
    for (const x of set) if (!inA.has(x)) for (const y of a) if (less(x, y)) return;
    candidates.set(a.join(","), a);
  };
  for (const th of new Set(ef.values())) addCandidate((v) => ef.get(v)! <= th);
  for (const th of new Set(ls.values())) addCandidate((v) => ls.get(v)! < th);
  for (const x of set) {
    addCandidate((v) => v === x || less(v, x));
    addCandidate((v) => !(v === x || less(x, v)));
  }
  const ranked: { a: number[]; b: number[]; cost: number; extra: number; key: string }[] = [];
  for (const [key, a] of candidates) {
    const inA = new Set(a);
    const b = set.filter((v) => !inA.has(v));
    const cost = longestPath(a, succ, weight) + longestPath(b, succ, weight);
    let extra = 0;
    for (const x of a) for (const y of b) if (!less(x, y)) extra++;
    ranked.push({ a, b, cost, extra, key });
  }
  ranked.sort((p, q) => p.cost - q.cost || p.extra - q.extra || cmp(p.key, q.key));
  if (ranked.length === 0) {
    // Unreachable for a prime part of a DAG (a minimal node's down-closure is a proper down-set).
    const first = order[0]!;
    return [{ a: [first], b: set.filter((v) => v !== first), cost: 0, extra: 0 }];
  }
  return ranked;
}

export function treeCriticalPath(tree: SPTree, weight: (id: string) => number): number {
  switch (tree.kind) {
    case "task":
      return weight(tree.id);
    case "seq":
      return tree.children.reduce((s, c) => s + treeCriticalPath(c, weight), 0);
    case "par":
      return Math.max(0, ...tree.children.map((c) => treeCriticalPath(c, weight)));
  }
}

export function treeTasks(tree: SPTree): string[] {
  if (tree.kind === "task") return [tree.id];
  return tree.children.flatMap(treeTasks);
}

/** Every pair `[x, y]` the tree orders: x and y in different children of a sequence, x's first. */
export function orderedPairs(tree: SPTree): [string, string][] {
  const out: [string, string][] = [];
  const walk = (t: SPTree): void => {
    if (t.kind === "task") return;
    if (t.kind === "seq") {
      const sets = t.children.map(treeTasks);
      for (let i = 0; i < sets.length; i++) for (let j = i + 1; j < sets.length; j++) for (const x of sets[i]!) for (const y of sets[j]!) out.push([x, y]);
    }
    t.children.forEach(walk);
  };
  walk(tree);
  return out;
}
