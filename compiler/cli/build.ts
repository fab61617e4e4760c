/**
 * `pipec build <files|dirs> --target datapipeline [--form file|api] [--values F | --env NAME | --param k=v ...]
 *  [--all-envs] [--out DIR]`
 *
 * Output names (with --out): `<pipeline>.json` for the file form, `<pipeline>.api.json` for the
 * API form, with the environment's name before the extension when one is selected
 * (`<pipeline>.prod.json`). `--env NAME` reads `<source stem>.values.NAME.json` next to the
 * source; `--all-envs` builds once without values and once per such file. With one definition
 * and no --out, the definition goes to stdout. Errors and warnings go to stderr (info findings
 * are left to `pipec check`). When any file has
 * errors, nothing is written. Exit 0 (warnings allowed), 1 errors, 2 usage or internal failure.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Format } from "../diagnostics/render.ts";
import type { PipelineIR, ProgramIR } from "../ir/ir.ts";
import { SourceFile } from "../source/source.ts";
import { findFiles, readText } from "./files.ts";
import { renderDiagnostics, UsageError } from "./output.ts";

export interface BuildOptions {
  readonly target: string;
  readonly form: "file" | "api";
  readonly values?: string;
  readonly env?: string;
  readonly params: readonly string[];
  readonly allEnvs: boolean;
  readonly out?: string;
  readonly format: Format;
}

export const TARGETS = ["datapipeline"] as const;

interface Output {
  readonly name: string;
  readonly text: string;
}

/** Compiles one source: the full pipeline (resolve + validation) when available. */
export async function compileSource(path: string, text: string): Promise<{ ir: ProgramIR | undefined; diagnostics: readonly Diagnostic[] }> {
  const stages = (await import("../compile.ts")) as Record<string, unknown>;
  const compile = stages.compile as ((p: string, t: string) => { ir?: ProgramIR; program?: ProgramIR; diagnostics: readonly Diagnostic[] }) | undefined;
  if (typeof compile === "function") {
    const r = compile(path, text);
    return { ir: r.ir ?? r.program, diagnostics: r.diagnostics };
  }
  const [{ parse }, { resolve }] = await Promise.all([import("../ast/parse.ts"), import("../resolve/resolve.ts")]);
  const parsed = parse(new SourceFile(path, text));
  const resolved = resolve(parsed.ast, path, text);
  return { ir: resolved.program, diagnostics: [...parsed.diagnostics, ...resolved.diagnostics] };
}

export async function runBuild(paths: readonly string[], options: BuildOptions): Promise<number> {
  if (paths.length === 0) throw new UsageError("pipec build needs at least one file or directory");
  if (!(TARGETS as readonly string[]).includes(options.target)) {
    throw new UsageError(`unknown target '${options.target}' (expected one of: ${TARGETS.join(", ")})`);
  }
  if (options.form !== "file" && options.form !== "api") throw new UsageError(`unknown form '${options.form}' (expected file or api)`);
  if (options.allEnvs && (options.values || options.env || options.params.length > 0)) {
    throw new UsageError("--all-envs builds every environment found next to each source; it cannot be combined with --values, --env or --param");
  }
  const [{ emitDataPipeline }, env] = await Promise.all([import("../emit/datapipeline/emit.ts"), import("../emit/datapipeline/environment.ts")]);
  const inline = env.parseInlineParams(options.params);
  if (inline.invalid.length > 0) throw new UsageError(`Invalid inline parameter format: ${inline.invalid[0]} (expected --param id=value)`);

  const { files, missing } = findFiles(paths, [".pipe"]);
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  const outputs: Output[] = [];
  for (const m of missing) diagnostics.push(diagnostic("PIPE9001", m, { start: 0, end: 0 }, `cannot read '${m}': no such file or directory`));

  /** Reads a values file into environment values, recording its source for diagnostics. */
  const readValues = (file: string): ReturnType<typeof env.readValuesFile> | undefined => {
    let text: string;
    try {
      text = readText(file).text;
    } catch (e) {
      diagnostics.push(diagnostic("PIPE9001", file, { start: 0, end: 0 }, `cannot read '${file}': ${(e as Error).message}`));
      return undefined;
    }
    sources.set(file, new SourceFile(file, text));
    const r = env.readValuesFile(file, text);
    diagnostics.push(...r.diagnostics);
    return r;
  };
  const explicitValues = options.values ? readValues(options.values) : undefined;

  for (const file of files) {
    let text: string;
    try {
      const read = readText(file);
      text = read.text;
      if (!read.validUtf8) diagnostics.push(diagnostic("PIPE9002", file, { start: 0, end: 0 }, "the file is not valid UTF-8; invalid bytes were read as U+FFFD"));
    } catch (e) {
      diagnostics.push(diagnostic("PIPE9001", file, { start: 0, end: 0 }, `cannot read '${file}': ${(e as Error).message}`));
      continue;
    }
    sources.set(file, new SourceFile(file, text));
    const compiled = await compileSource(file, text);
    diagnostics.push(...compiled.diagnostics);
    if (!compiled.ir || compiled.diagnostics.some((d) => d.severity === "error")) continue;

    // The environments to build for this source.
    const envs: { name: string | undefined; values: ReturnType<typeof env.mergeEnvironments> | undefined; template?: boolean }[] = [];
    const stem = basename(file).replace(/\.pipe$/, "");
    if (options.allEnvs) {
      envs.push({ name: undefined, values: undefined });
      for (const e of siblingEnvironments(file)) {
        const r = readValues(e.path);
        if (r) envs.push({ name: e.env, values: env.mergeEnvironments(r.values) });
      }
    } else if (options.env || explicitValues || inline.values.length > 0) {
      const fromEnv = options.env ? readValues(join(dirname(file), `${stem}.values.${options.env}.json`)) : undefined;
      envs.push({ name: options.env, values: env.mergeEnvironments(fromEnv?.values ?? [], explicitValues?.values ?? [], inline.values) });
    } else if (file.toLowerCase().endsWith(".json")) {
      // A definition built directly keeps the values it carries.
      const own = await definitionValues(file, text);
      envs.push({ name: undefined, values: own.length > 0 ? env.mergeEnvironments(own) : undefined, template: true });
    } else envs.push({ name: undefined, values: undefined });

    for (const p of compiled.ir.pipelines) {
      for (const e of envs) {
        const applied = e.values ? env.applyEnvironment(p, e.values) : { values: [], diagnostics: [] };
        // A definition's own values are not a selected environment: missing ones are fine.
        diagnostics.push(...applied.diagnostics.filter((d) => !(e.template && d.code === "PIPE5101")));
        const emitted = emitDataPipeline(p, { form: options.form, values: applied.values });
        diagnostics.push(...emitted.diagnostics);
        outputs.push({ name: outputName(p, e.name, options.form), text: emitted.text });
      }
    }
  }

  diagnostics.sort(compareDiagnostics);
  const failed = diagnostics.some((d) => d.severity === "error");
  // Errors and warnings are shown; `info` findings are for `pipec check`.
  const shown = diagnostics.filter((d) => d.severity !== "info");
  if (shown.length > 0) {
    const rendered = renderDiagnostics(shown, options.format, (f) => sources.get(f), files.length);
    process.stderr.write(rendered);
  }
  if (failed) return 1;

  const names = new Set<string>();
  for (const o of outputs) {
    if (names.has(o.name)) throw new UsageError(`two pipelines would be written to '${o.name}'; give them different names`);
    names.add(o.name);
  }
  if (options.out === undefined) {
    if (outputs.length !== 1) {
      throw new UsageError(outputs.length === 0 ? "no pipeline to build" : `${outputs.length} definitions to write: use --out DIR`);
    }
    process.stdout.write(outputs[0].text);
    return 0;
  }
  mkdirSync(options.out, { recursive: true });
  for (const o of outputs) writeFileSync(join(options.out, o.name), o.text);
  return 0;
}

/** The parameter values a definition JSON carries (`values` / `parameterValues`). */
async function definitionValues(file: string, text: string): Promise<import("../emit/datapipeline/environment.ts").EnvValue[]> {
  const [{ readJson }, { readDefinition }] = await Promise.all([import("../import/json.ts"), import("../import/read-definition.ts")]);
  const def = readDefinition(file, readJson(file, text).value, []);
  return (def?.values ?? []).map((v) => ({ id: v.id, values: v.values.map((x) => x.value), list: v.list, file, span: v.idSpan }));
}

export function outputName(p: PipelineIR, env: string | undefined, form: "file" | "api"): string {
  const safe = p.name.replace(/[^A-Za-z0-9_.-]/g, "_") || "pipeline";
  return `${safe}${env ? `.${env}` : ""}${form === "api" ? ".api" : ""}.json`;
}

/** `<stem>.values.<env>.json` files next to a source, sorted by environment name. */
export function siblingEnvironments(file: string): { env: string; path: string }[] {
  const dir = dirname(file);
  const stem = basename(file).replace(/\.pipe$/, "");
  const prefix = `${stem}.values.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith(".json") && n.length > prefix.length + 5)
    .map((n) => ({ env: n.slice(prefix.length, -5), path: join(dir, n) }))
    .sort((a, b) => (a.env < b.env ? -1 : a.env > b.env ? 1 : 0));
}
