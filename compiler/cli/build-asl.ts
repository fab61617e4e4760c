/**
 * `pipec build <files|dirs> --target asl [--env E | --values F | --param k=v ...] [--all-envs]
 *  [--runtime key=value ...] [--runtime-file F] [--out DIR] [--explain]`
 *
 * One Standard state machine (JSONata) per pipeline and environment. Environments are chosen as
 * for the Data Pipeline target (build.ts): the environment's parameter values are compiled into
 * the machine over the pipeline's defaults. Run-time settings (runtime.ts) come from the
 * pipec.config.json of each source, `--runtime-file` and `--runtime`, per environment; a
 * setting the machine needs and nobody gives is a warning here (the execution input may still
 * carry it), an error in the Terraform and CDKTF stacks.
 *
 * Without --out and with one state machine, the definition goes to stdout. With --out:
 * `<pipeline>[.<env>].asl.json`, `<pipeline>[.<env>].schedule.json` (EventBridge Scheduler
 * settings; not written for on-demand pipelines) and `<pipeline>[.<env>].iam.json`, all of them
 * or none. `--explain` writes the critical-path ratio and each added ordering to stderr.
 * Exit 0 (warnings allowed), 1 errors, 2 usage or internal failure.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Format } from "../diagnostics/render.ts";
import type { SourceFile } from "../source/source.ts";
import { environments, fileStem, readSource, writeBuildOutputs, type EnvironmentFlags } from "./build.ts";
import { errorExitCode, findFiles, type OutputFile } from "./files.ts";
import { renderDiagnostics, UsageError } from "./output.ts";
import { runtimeSources, type RuntimeFlags } from "./runtime.ts";

export interface AslBuildOptions extends EnvironmentFlags, RuntimeFlags {
  readonly out?: string;
  readonly explain: boolean;
  readonly format: Format;
}

/** The same finding from several environments of one pipeline is shown once. */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\u0000${d.file}\u0000${d.span.start}\u0000${d.span.end}\u0000${d.severity}\u0000${d.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

export async function runAslBuild(paths: readonly string[], options: AslBuildOptions): Promise<number> {
  if (paths.length === 0) throw new UsageError("pipec build needs at least one file or directory");
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  const envs = await environments(options, diagnostics, sources);
  const runtime = runtimeSources(options, diagnostics, sources);
  const [{ compile }, { emitAsl }] = await Promise.all([import("../compile.ts"), import("../emit/asl/emit.ts")]);
  const { files, missing } = findFiles(paths, [".pipe"]);
  const outputs: OutputFile[] = [];
  const definitions: string[] = [];
  const explains: string[] = [];
  for (const m of missing) diagnostics.push(diagnostic("PIPE9001", m, { start: 0, end: 0 }, `cannot read '${m}': no such file or directory`));
  for (const file of files) {
    const text = readSource(file, diagnostics, sources);
    if (text === undefined) continue;
    const compiled = compile(file, text);
    diagnostics.push(...compiled.diagnostics);
    if (compiled.diagnostics.some((d) => d.severity === "error")) continue;
    const selected = await envs.of(file, text);
    for (const p of compiled.ir.pipelines) {
      for (const [i, e] of selected.entries()) {
        const values = envs.apply(p, e);
        const r = emitAsl(p, { values, runtime: runtime.for(file, e.name), requireRuntime: false });
        diagnostics.push(...r.diagnostics);
        // The graph is the same in every environment: explained once.
        if (options.explain && i === 0) {
          const cp = r.explain.criticalPath;
          let x = `${p.name}: critical path ${cp.stateMachine} activities in the state machine, ${cp.dag} in the dependency graph (ratio ${cp.ratio.toFixed(3)})\n`;
          if (r.explain.falseOrderings.length === 0) x += "  no added orderings: every activity that may run in parallel does\n";
          for (const [a, b] of r.explain.falseOrderings) x += `  added ordering: ${a} runs before ${b} (not required by the pipeline)\n`;
          explains.push(x);
        }
        if (!r.text) continue;
        const stem = `${fileStem(p)}${e.name ? `.${e.name}` : ""}`;
        definitions.push(r.text);
        outputs.push({ path: `${stem}.asl.json`, text: r.text });
        if (r.schedule) outputs.push({ path: `${stem}.schedule.json`, text: `${JSON.stringify(r.schedule, null, 2)}\n` });
        outputs.push({ path: `${stem}.iam.json`, text: `${JSON.stringify(r.iam, null, 2)}\n` });
      }
    }
  }
  runtime.finish();
  const all = dedupe(diagnostics).sort(compareDiagnostics);
  const shown = all.filter((d) => d.severity !== "info" || d.code === "PIPE5208" || d.code === "PIPE5211");
  if (shown.length > 0) process.stderr.write(renderDiagnostics(shown, options.format, (f) => sources.get(f), files.length));
  for (const x of explains) process.stderr.write(x);
  if (all.some((d) => d.severity === "error")) return errorExitCode(all);
  return writeBuildOutputs(options.out, outputs, () => {
    if (definitions.length !== 1) throw new UsageError(definitions.length === 0 ? "no pipeline to build" : `${definitions.length} state machines to write: use --out DIR`);
    return definitions[0];
  });
}
