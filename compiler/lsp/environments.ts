/**
 * Parameter values per environment (`<stem>.values.<env>.json` next to a source) and the first
 * scheduled run of an object: what hover needs to show a parameter's values and an expression's
 * value.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readJson, type JsonObject } from "../import/json.ts";
import type { ObjectIR, PipelineIR } from "../ir/ir.ts";
import type { Span } from "../source/source.ts";

const ENVIRONMENT_NAME = /^[A-Za-z0-9_-]+$/;

export interface EnvironmentValues {
  readonly env: string;
  readonly path: string;
  readonly values: ReadonlyMap<string, string | readonly string[]>;
}

const cache = new Map<string, { mtimeMs: number; values: ReadonlyMap<string, string | readonly string[]> }>();

/** The environments found next to a source file, sorted by name; unreadable files are skipped. */
export function environmentsOf(file: string): EnvironmentValues[] {
  const dir = dirname(file);
  const prefix = `${basename(file).replace(/\.pipe$/, "")}.values.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: EnvironmentValues[] = [];
  for (const n of names.sort()) {
    if (!n.startsWith(prefix) || !n.endsWith(".json")) continue;
    const env = n.slice(prefix.length, -5);
    if (!ENVIRONMENT_NAME.test(env)) continue;
    const values = readValues(join(dir, n));
    if (values) out.push({ env, path: join(dir, n), values });
  }
  return out;
}

function readValues(path: string): ReadonlyMap<string, string | readonly string[]> | undefined {
  try {
    const mtimeMs = statSync(path).mtimeMs;
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === mtimeMs) return hit.values;
    const json = JSON.parse(readFileSync(path, "utf8")) as unknown;
    const record = json && typeof json === "object" && "values" in json ? (json as { values: unknown }).values : json;
    const values = new Map<string, string | readonly string[]>();
    if (record && typeof record === "object" && !Array.isArray(record)) {
      for (const [k, v] of Object.entries(record)) {
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") values.set(k, String(v));
        else if (Array.isArray(v)) values.set(k, v.map((x) => String(x)));
      }
    }
    cache.set(path, { mtimeMs, values });
    return values;
  } catch {
    return undefined;
  }
}

/**
 * `@scheduledStartTime` of an object's first run: the `startDateTime` of its schedule (own or
 * inherited). Undefined when the object has no schedule or it starts on activation.
 */
export function firstRun(p: PipelineIR, o: ObjectIR): { start: number; schedule: string; period?: string } | undefined {
  const ref = o.effective.get("schedule")?.field.values[0];
  if (!ref || ref.kind !== "ref") return undefined;
  const schedule = p.byId.get(ref.id);
  const start = schedule?.effective.get("startDateTime")?.field.values[0];
  if (!schedule || !start || start.kind !== "literal" || start.literal.type !== "datetime") return undefined;
  const ms = Date.parse(`${start.literal.value}Z`);
  if (!Number.isFinite(ms)) return undefined;
  const period = schedule.effective.get("period")?.field.values[0];
  return { start: ms, schedule: schedule.id, period: period?.kind === "literal" ? period.text : undefined };
}

/** Edits that rename a parameter's key in the values files next to a source (`{"values": {...}}` or `{...}`). */
export function valuesFileRenames(file: string, oldId: string, newId: string): { path: string; text: string; edits: { span: Span; text: string }[] }[] {
  const out: { path: string; text: string; edits: { span: Span; text: string }[] }[] = [];
  for (const env of environmentsOf(file)) {
    let text: string;
    try {
      text = readFileSync(env.path, "utf8");
    } catch {
      continue;
    }
    const root = readJson(env.path, text).value;
    if (!root || root.kind !== "object") continue;
    const values = root.members.find((m) => m.key === "values" && m.value.kind === "object")?.value as JsonObject | undefined;
    const edits = (values ?? root).members.filter((m) => m.key === oldId).map((m) => ({ span: m.keySpan, text: JSON.stringify(newId) }));
    if (edits.length > 0) out.push({ path: env.path, text, edits });
  }
  return out;
}
