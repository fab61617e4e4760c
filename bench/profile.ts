/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time per function and per file.
 *
 *   node bench/profile.ts <file.cpuprofile> [--top N] [--filter TEXT]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const file = args[0];
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
const filterAt = args.indexOf("--filter");
const filter = filterAt >= 0 ? args[filterAt + 1] : undefined;
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = profile.endTime - profile.startTime;

const shortUrl = (url: string): string => url.replace(/^file:\/\/.*?\/(node_modules|compiler|grammar|bench|dist|bin)\//, "$1/").replace(/^node:/, "node:");
const perFunction = new Map<string, number>();
const perFile = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const url = shortUrl(n.callFrame.url) || "(native)";
  const key = `${n.callFrame.functionName || "(anonymous)"}  ${url}:${n.callFrame.lineNumber + 1}`;
  if (filter && !key.includes(filter)) continue;
  perFunction.set(key, (perFunction.get(key) ?? 0) + us);
  const f = url.replace(/^(node_modules\/(@[^/]+\/)?[^/]+).*/, "$1");
  perFile.set(f, (perFile.get(f) ?? 0) + us);
}

const show = (title: string, m: Map<string, number>): void => {
  process.stdout.write(`${title}\n`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}\n`);
  }
  process.stdout.write("\n");
};
// Inclusive time: a function's own samples and those of everything it called (counted once per stack).
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
    const n = byId.get(cur)!;
    const key = `${n.callFrame.functionName || "(anonymous)"}  ${shortUrl(n.callFrame.url) || "(native)"}:${n.callFrame.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (filter && !key.includes(filter)) continue;
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
process.stdout.write(`total ${(total / 1000).toFixed(1)} ms, ${profile.samples.length} samples\n\n`);
show("self time by file or package", perFile);
show("self time by function", perFunction);
show("inclusive time by function", inclusive);
