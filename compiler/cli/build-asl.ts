/**
 * `pipec build <files|dirs> --target asl [--out DIR] [--explain]`
 *
 * One Standard state machine (JSONata) per pipeline. Without --out and with one pipeline, the
 * definition goes to stdout. With --out: `<pipeline>.asl.json`, `<pipeline>.schedule.json`
 * (EventBridge Scheduler settings; not written for on-demand pipelines) and `<pipeline>.iam.json`.
 * `--explain` writes the critical-path ratio and each added ordering to stderr.
 * Exit 0 (warnings allowed), 1 errors, 2 usage or internal failure.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Format } from "../diagnostics/render.ts";
import { SourceFile } from "../source/source.ts";
import { findFiles, readText } from "./files.ts";
import { renderDiagnostics, UsageError } from "./output.ts";

export interface AslBuildOptions {
  readonly out?: string;
  readonly explain: boolean;
  readonly format: Format;
}

export async function runAslBuild(paths: readonly string[], options: AslBuildOptions): Promise<number> {
  if (paths.length === 0) throw new UsageError("pipec build needs at least one file or directory");
  const [{ compile }, { emitAsl }] = await Promise.all([import("../compile.ts"), import("../emit/asl/emit.ts")]);
  const { files, missing } = findFiles(paths, [".pipe"]);
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  const outputs: { name: string; text: string }[] = [];
  const explains: string[] = [];
  for (const m of missing) diagnostics.push(diagnostic("PIPE9001", m, { start: 0, end: 0 }, `cannot read '${m}': no such file or directory`));
  let definitions = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readText(file).text;
    } catch (e) {
      diagnostics.push(diagnostic("PIPE9001", file, { start: 0, end: 0 }, `cannot read '${file}': ${(e as Error).message}`));
      continue;
    }
    sources.set(file, new SourceFile(file, text));
    const compiled = compile(file, text);
    diagnostics.push(...compiled.diagnostics);
    if (compiled.diagnostics.some((d) => d.severity === "error")) continue;
    for (const p of compiled.ir.pipelines) {
      const r = emitAsl(p);
      diagnostics.push(...r.diagnostics);
      const safe = p.name.replace(/[^A-Za-z0-9_.-]/g, "_") || "pipeline";
      if (options.explain) {
        const cp = r.explain.criticalPath;
        let e = `${p.name}: critical path ${cp.stateMachine} activities in the state machine, ${cp.dag} in the dependency graph (ratio ${cp.ratio.toFixed(3)})\n`;
        if (r.explain.falseOrderings.length === 0) e += "  no added orderings: every activity that may run in parallel does\n";
        for (const [a, b] of r.explain.falseOrderings) e += `  added ordering: ${a} runs before ${b} (not required by the pipeline)\n`;
        explains.push(e);
      }
      if (!r.text) continue;
      definitions++;
      outputs.push({ name: `${safe}.asl.json`, text: r.text });
      if (r.schedule) outputs.push({ name: `${safe}.schedule.json`, text: `${JSON.stringify(r.schedule, null, 2)}\n` });
      outputs.push({ name: `${safe}.iam.json`, text: `${JSON.stringify(r.iam, null, 2)}\n` });
    }
  }
  diagnostics.sort(compareDiagnostics);
  const shown = diagnostics.filter((d) => d.severity !== "info" || d.code === "PIPE5208" || d.code === "PIPE5211");
  if (shown.length > 0) process.stderr.write(renderDiagnostics(shown, options.format, (f) => sources.get(f), files.length));
  for (const e of explains) process.stderr.write(e);
  if (diagnostics.some((d) => d.severity === "error")) return 1;
  if (options.out === undefined) {
    if (definitions !== 1) throw new UsageError(definitions === 0 ? "no pipeline to build" : `${definitions} state machines to write: use --out DIR`);
    process.stdout.write(outputs.find((o) => o.name.endsWith(".asl.json"))!.text);
    return 0;
  }
  mkdirSync(options.out, { recursive: true });
  for (const o of outputs) writeFileSync(join(options.out, o.name), o.text);
  return 0;
}
