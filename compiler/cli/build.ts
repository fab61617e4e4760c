/**
 * `pipec build <files|dirs> --target datapipeline [--form file|api] [--values F | --env NAME | --param k=v ...]
 *  [--all-envs] [--out DIR]`
 *
 * Output names (with --out): `<pipeline>.json` for the file form, `<pipeline>.api.json` for the
 * API form, with the environment's name before the extension when one is selected
 * (`<pipeline>.prod.json`). `--env NAME` reads `<source stem>.values.NAME.json` next to the
 * source; `--all-envs` builds once without values and once per such file. With one definition
 * and no --out, the definition goes to stdout. Errors and warnings go to stderr (info findings
 * are left to `pipec check`). When any file has errors, nothing is written; otherwise every
 * output lands, or none (writeOutputs). Exit 0 (warnings allowed), 1 errors, 2 usage or internal
 * failure. The environment handling is shared with `--target asl` (build-asl.ts).
 */
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Format } from "../diagnostics/render.ts";
import type { DefParameterValue } from "../emit/datapipeline/definition.ts";
import type { Environment } from "../emit/datapipeline/environment.ts";
import { ENVIRONMENT_NAME } from "../emit/terraform/environments.ts";
import type { PipelineIR, ProgramIR } from "../ir/ir.ts";
import { SourceFile } from "../source/source.ts";
import { errorExitCode, findFiles, OutputError, readText, writeOutputs, type OutputFile } from "./files.ts";
import { renderDiagnostics, UsageError } from "./output.ts";

/** The flags that choose environments: shared by the Data Pipeline and Step Functions targets. */
export interface EnvironmentFlags {
  readonly values?: string;
  readonly env?: string;
  readonly params: readonly string[];
  readonly allEnvs: boolean;
}

export interface BuildOptions extends EnvironmentFlags {
  readonly target: string;
  readonly form: "file" | "api";
  readonly out?: string;
  readonly format: Format;
}

export const TARGETS = ["datapipeline"] as const;

/** One environment a source is built for. */
export interface BuildEnvironment {
  /** Goes into the output names (`<pipeline>.<name>...`); undefined without `--env` or for the template. */
  readonly name: string | undefined;
  /** The values; undefined when no environment is selected (the pipeline's defaults apply). */
  readonly values: Environment | undefined;
  /** A definition's own values, not a selected environment: missing ones are fine. */
  readonly template?: boolean;
}

export interface Environments {
  /** The environments to build one source for (values files read here are reported and kept for rendering). */
  of(file: string, text: string): Promise<BuildEnvironment[]>;
  /** The environment's values checked against the pipeline (findings go to the build's diagnostics); undefined when none is selected. */
  apply(p: PipelineIR, e: BuildEnvironment): DefParameterValue[] | undefined;
}

/**
 * Checks the environment flags (usage errors throw UsageError) and returns how to find each
 * source's environments: `--all-envs` builds once without values and once per
 * `<stem>.values.<env>.json` next to the source; `--env`, `--values` and `--param` build one
 * environment (later ones over earlier ones, id by id); without them a `.pipe` is built with its
 * defaults and a definition JSON with the values it carries.
 */
export async function environments(flags: EnvironmentFlags, diagnostics: Diagnostic[], sources: Map<string, SourceFile>): Promise<Environments> {
  if (flags.allEnvs && (flags.values || flags.env || flags.params.length > 0)) {
    throw new UsageError("--all-envs builds every environment found next to each source; it cannot be combined with --values, --env or --param");
  }
  if (flags.env !== undefined && !ENVIRONMENT_NAME.test(flags.env)) {
    throw new UsageError(`'${flags.env}' is not an environment name (letters, digits, '_' and '-', as in <source>.values.<env>.json)`);
  }
  const env = await import("../emit/datapipeline/environment.ts");
  const inline = env.parseInlineParams(flags.params);
  if (inline.invalid.length > 0) throw new UsageError(`Invalid inline parameter format: ${inline.invalid[0]} (expected --param id=value)`);

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
  const explicitValues = flags.values ? readValues(flags.values) : undefined;

  return {
    async of(file: string, text: string): Promise<BuildEnvironment[]> {
      const stem = basename(file).replace(/\.pipe$/, "");
      if (flags.allEnvs) {
        const out: BuildEnvironment[] = [{ name: undefined, values: undefined }];
        for (const e of siblingEnvironments(file)) {
          const r = readValues(e.path);
          if (r) out.push({ name: e.env, values: env.mergeEnvironments(r.values) });
        }
        return out;
      }
      if (flags.env || explicitValues || inline.values.length > 0) {
        const fromEnv = flags.env ? readValues(join(dirname(file), `${stem}.values.${flags.env}.json`)) : undefined;
        return [{ name: flags.env, values: env.mergeEnvironments(fromEnv?.values ?? [], explicitValues?.values ?? [], inline.values) }];
      }
      if (file.toLowerCase().endsWith(".json")) {
        // A definition built directly keeps the values it carries.
        const own = await definitionValues(file, text);
        return [{ name: undefined, values: own.length > 0 ? env.mergeEnvironments(own) : undefined, template: true }];
      }
      return [{ name: undefined, values: undefined }];
    },
    apply(p: PipelineIR, e: BuildEnvironment): DefParameterValue[] | undefined {
      if (!e.values) return undefined;
      const applied = env.applyEnvironment(p, e.values);
      diagnostics.push(...applied.diagnostics.filter((d) => !(e.template && d.code === "PIPE5101")));
      return applied.values;
    },
  };
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

/** Reads a source for a build; a read failure is a PIPE9001 diagnostic. */
export function readSource(file: string, diagnostics: Diagnostic[], sources: Map<string, SourceFile>): string | undefined {
  try {
    const read = readText(file);
    if (!read.validUtf8) diagnostics.push(diagnostic("PIPE9002", file, { start: 0, end: 0 }, "the file is not valid UTF-8; invalid bytes were read as U+FFFD"));
    sources.set(file, new SourceFile(file, read.text));
    return read.text;
  } catch (e) {
    diagnostics.push(diagnostic("PIPE9001", file, { start: 0, end: 0 }, `cannot read '${file}': ${(e as Error).message}`));
    return undefined;
  }
}

/**
 * Writes the outputs of a build: with `out`, all of them into that directory, whole or not at
 * all; without it, `stdout` (the caller checks there is exactly one thing to print). Two outputs
 * with the same name are a usage error.
 */
export function writeBuildOutputs(out: string | undefined, outputs: readonly OutputFile[], stdout: () => string): number {
  const names = new Set<string>();
  for (const o of outputs) {
    if (names.has(o.path)) throw new UsageError(`two pipelines would be written to '${o.path}'; give them different names`);
    names.add(o.path);
  }
  if (out === undefined) {
    process.stdout.write(stdout());
    return 0;
  }
  try {
    writeOutputs(out, outputs);
  } catch (e) {
    if (e instanceof OutputError) throw new UsageError(e.message);
    throw e;
  }
  return 0;
}

export async function runBuild(paths: readonly string[], options: BuildOptions): Promise<number> {
  if (paths.length === 0) throw new UsageError("pipec build needs at least one file or directory");
  if (!(TARGETS as readonly string[]).includes(options.target)) {
    throw new UsageError(`unknown target '${options.target}' (expected one of: ${TARGETS.join(", ")})`);
  }
  if (options.form !== "file" && options.form !== "api") throw new UsageError(`unknown form '${options.form}' (expected file or api)`);
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  const envs = await environments(options, diagnostics, sources);
  const [{ emitDataPipeline }, { dataPipelineSecretFindings }] = await Promise.all([import("../emit/datapipeline/emit.ts"), import("../emit/datapipeline/secrets.ts")]);

  const { files, missing } = findFiles(paths, [".pipe"]);
  const outputs: OutputFile[] = [];
  for (const m of missing) diagnostics.push(diagnostic("PIPE9001", m, { start: 0, end: 0 }, `cannot read '${m}': no such file or directory`));

  for (const file of files) {
    const text = readSource(file, diagnostics, sources);
    if (text === undefined) continue;
    const compiled = await compileSource(file, text);
    diagnostics.push(...compiled.diagnostics);
    if (!compiled.ir || compiled.diagnostics.some((d) => d.severity === "error")) continue;
    const selected = await envs.of(file, text);
    for (const p of compiled.ir.pipelines) {
      for (const e of selected) {
        const values = envs.apply(p, e);
        for (const d of dataPipelineSecretFindings(p, values)) if (!diagnostics.some((x) => x.code === d.code && x.file === d.file && x.span.start === d.span.start && x.message === d.message)) diagnostics.push(d);
        // With --all-envs the build without values is the template beside the environments: its
        // missing values are what the environments give, so only a lone template build warns.
        const emitted = emitDataPipeline(p, { form: options.form, values, warnMissingValues: selected.length === 1 });
        diagnostics.push(...emitted.diagnostics);
        outputs.push({ path: outputName(p, e.name, options.form), text: emitted.text });
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
  if (failed) return errorExitCode(diagnostics);
  return writeBuildOutputs(options.out, outputs, () => {
    if (outputs.length !== 1) throw new UsageError(outputs.length === 0 ? "no pipeline to build" : `${outputs.length} definitions to write: use --out DIR`);
    return outputs[0].text;
  });
}

/** The parameter values a definition JSON carries (`values` / `parameterValues`). */
async function definitionValues(file: string, text: string): Promise<import("../emit/datapipeline/environment.ts").EnvValue[]> {
  const [{ readJson }, { readDefinition }] = await Promise.all([import("../import/json.ts"), import("../import/read-definition.ts")]);
  const def = readDefinition(file, readJson(file, text).value, []);
  return (def?.values ?? []).map((v) => ({ id: v.id, values: v.values.map((x) => x.value), list: v.list, file, span: v.idSpan }));
}

/** A pipeline's name as the start of a file name. */
export function fileStem(p: PipelineIR): string {
  return p.name.replace(/[^A-Za-z0-9_.-]/g, "_") || "pipeline";
}

export function outputName(p: PipelineIR, env: string | undefined, form: "file" | "api"): string {
  return `${fileStem(p)}${env ? `.${env}` : ""}${form === "api" ? ".api" : ""}.json`;
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
    // The name goes into output file names: only letters, digits, '_' and '-'.
    .filter((e) => ENVIRONMENT_NAME.test(e.env))
    .sort((a, b) => (a.env < b.env ? -1 : a.env > b.env ? 1 : 0));
}
