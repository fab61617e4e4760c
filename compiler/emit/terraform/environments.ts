/**
 * Environments of a pipeline: parameter value files next to the `.pipe` file, named
 * `<base>.values.<env>.json` (e.g. `nightly-sales-etl.values.prod.json`). A file holds
 * Data Pipeline's parameter values form `{"values": {"myParam": "x", "myList": ["a", "b"]}}`
 * (a bare object of values is accepted too). A file with no such siblings has one unnamed
 * environment and uses the defaults written in the `.pipe` file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export type ParameterValues = Readonly<Record<string, string | readonly string[]>>;

export interface Environment {
  /** `prod` in `x.values.prod.json`; undefined for the single default environment. */
  readonly name: string | undefined;
  /** The values file, when there is one. */
  readonly file: string | undefined;
  readonly values: ParameterValues;
}

export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Problems are returned as messages (the caller turns them into diagnostics). */
export interface EnvironmentsResult {
  readonly environments: readonly Environment[];
  readonly problems: readonly { readonly file: string; readonly message: string }[];
}

export function pipeBase(pipeFile: string): string {
  return basename(pipeFile).replace(/\.pipe$/, "");
}

/** Finds the environments of `pipeFile` (sorted by name). */
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
  const problems: { file: string; message: string }[] = [];
  for (const n of names.sort()) {
    if (!n.startsWith(prefix) || !n.endsWith(".json")) continue;
    const env = n.slice(prefix.length, -".json".length);
    const file = join(dir, n);
    if (!ENVIRONMENT_NAME.test(env)) {
      problems.push({ file, message: `'${env}' is not a valid environment name (letters, digits, '_' and '-')` });
      continue;
    }
    const read = readValuesFile(file);
    if (typeof read === "string") problems.push({ file, message: read });
    else environments.push({ name: env, file, values: read });
  }
  if (environments.length === 0 && problems.length === 0) environments.push({ name: undefined, file: undefined, values: {} });
  return { environments, problems };
}

/** Reads a values file; returns an error message instead of throwing. */
export function readValuesFile(file: string): ParameterValues | string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return `cannot read the values file: ${(e as Error).message}`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return `the values file is not valid JSON: ${(e as Error).message}`;
  }
  return valuesFromJson(json);
}

/** `{"values": {...}}` or a bare object → values; a message when the shape is wrong. */
export function valuesFromJson(json: unknown): ParameterValues | string {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return "a values file holds an object: {\"values\": {\"myParam\": \"value\"}}";
  const obj = json as Record<string, unknown>;
  const values = "values" in obj && obj.values !== null && typeof obj.values === "object" && !Array.isArray(obj.values) ? (obj.values as Record<string, unknown>) : obj;
  const out: Record<string, string | readonly string[]> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === "string") out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else if (Array.isArray(v) && v.every((e) => typeof e === "string" || typeof e === "number" || typeof e === "boolean")) out[k] = v.map((e) => String(e));
    else return `the value of '${k}' must be a string, a number, a boolean or a list of them`;
  }
  return out;
}
