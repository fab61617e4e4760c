/**
 * A compile to profile: generates an estate of N objects and compiles it `reps` times.
 *
 *   node --cpu-prof --cpu-prof-dir=prof bench/profile-compile.ts 10000 3
 *   node bench/profile.ts prof/*.cpuprofile
 */
import { generate } from "./generate.ts";
import { compileAll } from "./stages.ts";

const objects = Number(process.argv[2] ?? 10000);
const reps = Number(process.argv[3] ?? 3);
const text = generate({ objects, seed: 20260101 });
for (let i = 0; i < reps; i++) {
  const t = performance.now();
  const r = compileAll("estate.pipe", text);
  process.stderr.write(`compile ${objects} objects: ${(performance.now() - t).toFixed(0)} ms, ${r.outputs.length} definitions\n`);
}
