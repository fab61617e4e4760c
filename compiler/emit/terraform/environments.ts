/**
 * Environments of a pipeline: the parameter value files next to the `.pipe` file, named
 * `<base>.values.<env>.json` (e.g. `clickstream-ingest.values.prod.json`), the same files
 * `pipec build --env` reads. They are read and checked by the Data Pipeline back end's
 * environment module; a file with no such siblings has one unnamed environment and uses the
 * defaults written in the `.pipe` file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { SourceFile } from "../../source/source.ts";
import type { EnvValue } from "../datapipeline/environment.ts";
import { readValuesFile } from "../datapipeline/environment.ts";
import { tfDiagnostic } from "./codes.ts";

export type { EnvValue };

/** Values given as data (construct properties): one string, or a list for array parameters. */
export type ParameterValues = Readonly<Record<string, string | readonly string[]>>;

export interface Environment {
  /** `prod` in `x.values.prod.json`; undefined for the single default environment. */
  readonly name: string | undefined;
  /** The values file, when there is one. */
  readonly file: string | undefined;
  /** Undefined for the default environment: the pipeline's own defaults apply unchecked. */
  readonly values: readonly EnvValue[] | undefined;
}

export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export interface EnvironmentsResult {
  readonly environments: readonly Environment[];
  readonly diagnostics: readonly Diagnostic[];
  /** The values files read, for rendering diagnostics that point into them. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

export function pipeBase(pipeFile: string): string {
  return basename(pipeFile).replace(/\.pipe$/, "");
}

/** Finds and reads the environments of `pipeFile`, sorted by name. */
export function findEnvironments(pipeFile: string): EnvironmentsResult {
  const dir = dirname(pipeFile);
  const prefix = `${pipeBase(pipeFile)}.values.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    names = [];
  }
  const environments: Environment[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  for (const n of names.sort()) {
    if (!n.startsWith(prefix) || !n.endsWith(".json") || n.length <= prefix.length + 5) continue;
    const env = n.slice(prefix.length, -".json".length);
    const file = join(dir, n).split("\\").join("/");
    if (!ENVIRONMENT_NAME.test(env)) {
      diagnostics.push(tfDiagnostic("PIPE5301", file, { start: 0, end: 0 }, `'${env}' is not a valid environment name (letters, digits, '_' and '-')`));
      continue;
    }
    const read = readEnvironmentFile(file);
    diagnostics.push(...read.diagnostics);
    if (read.source) sources.set(file, read.source);
    environments.push({ name: env, file, values: read.values });
  }
  if (environments.length === 0) environments.push({ name: undefined, file: undefined, values: undefined });
  return { environments, diagnostics, sources };
}

/** Reads one values file; never throws. */
export function readEnvironmentFile(file: string): { values: EnvValue[]; diagnostics: Diagnostic[]; source: SourceFile | undefined } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { values: [], diagnostics: [tfDiagnostic("PIPE5301", file, { start: 0, end: 0 }, `cannot read the values file: ${(e as Error).message}`)], source: undefined };
  }
  const r = readValuesFile(file, text);
  return { values: r.values, diagnostics: r.diagnostics, source: new SourceFile(file, text) };
}

/** Values given as data, as environment values (`origin` names them in diagnostics). */
export function valuesFromRecord(values: ParameterValues, origin: string): EnvValue[] {
  return Object.entries(values).map(([id, v]) =>
    typeof v === "string" ? { id, values: [v], list: false, file: origin, span: { start: 0, end: 0 } } : { id, values: [...v], list: true, file: origin, span: { start: 0, end: 0 } },
  );
}
