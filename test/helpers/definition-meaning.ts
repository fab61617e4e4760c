/**
 * What a Data Pipeline definition means, computed without the emitter's canonicalizer: every
 * object by id with its name and its fields, each field's values sorted (order within a repeated
 * field carries no meaning), parameters and parameter values likewise. Reads either JSON form.
 */
import type { Definition } from "../../compiler/emit/datapipeline/definition.ts";

export interface Meaning {
  readonly objects: Record<string, { name: string; fields: Record<string, string[]> }>;
  readonly parameters: Record<string, Record<string, string[]>>;
  readonly values: Record<string, string[]>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const sorted = (xs: string[]): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function add(into: Record<string, string[]>, key: string, value: string): void {
  (into[key] ??= []).push(value);
}

function finish(m: { objects: Meaning["objects"]; parameters: Meaning["parameters"]; values: Meaning["values"] }): Meaning {
  for (const [id, o] of Object.entries(m.objects)) {
    for (const k of Object.keys(o.fields)) o.fields[k] = sorted(o.fields[k]!);
    // An empty Default says nothing.
    if (id === "Default" && Object.keys(o.fields).length === 0 && o.name === id) delete m.objects[id];
  }
  for (const p of Object.values(m.parameters)) for (const k of Object.keys(p)) p[k] = sorted(p[k]!);
  for (const k of Object.keys(m.values)) m.values[k] = sorted(m.values[k]!);
  return m;
}

function fileValue(v: Json): string {
  if (typeof v === "string") return `str:${v}`;
  if (v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.ref === "string" && Object.keys(v).length === 1) return `ref:${v.ref}`;
  throw new Error(`not a field value: ${JSON.stringify(v)}`);
}

/** The meaning of a definition JSON text, file form (`objects`) or API form (`pipelineObjects`). */
export function jsonMeaning(text: string): Meaning {
  const root = JSON.parse(text) as Record<string, Json>;
  const m = { objects: {} as Meaning["objects"], parameters: {} as Meaning["parameters"], values: {} as Meaning["values"] };
  if (Array.isArray(root.pipelineObjects)) {
    for (const o of root.pipelineObjects as { id: string; name: string; fields: { key: string; stringValue?: string; refValue?: string }[] }[]) {
      const fields: Record<string, string[]> = {};
      for (const f of o.fields) add(fields, f.key, f.refValue !== undefined ? `ref:${f.refValue}` : `str:${f.stringValue}`);
      m.objects[o.id] = { name: o.name, fields };
    }
    for (const p of (root.parameterObjects ?? []) as { id: string; attributes: { key: string; stringValue: string }[] }[]) {
      const attrs: Record<string, string[]> = {};
      for (const a of p.attributes) add(attrs, a.key, a.stringValue);
      m.parameters[p.id] = attrs;
    }
    for (const v of (root.parameterValues ?? []) as { id: string; stringValue: string }[]) add(m.values, v.id, v.stringValue);
    return finish(m);
  }
  for (const o of (root.objects ?? []) as Record<string, Json>[]) {
    const fields: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === "id" || k === "name") continue;
      for (const x of Array.isArray(v) ? v : [v]) add(fields, k, fileValue(x));
    }
    m.objects[String(o.id)] = { name: typeof o.name === "string" ? o.name : String(o.id), fields };
  }
  for (const p of (root.parameters ?? []) as Record<string, Json>[]) {
    const attrs: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(p)) if (k !== "id") for (const x of Array.isArray(v) ? v : [v]) add(attrs, k, String(x));
    m.parameters[String(p.id)] = attrs;
  }
  for (const [id, v] of Object.entries((root.values ?? {}) as Record<string, Json>)) for (const x of Array.isArray(v) ? v : [v]) add(m.values, id, String(x));
  return finish(m);
}

/** The meaning of an in-memory definition (the same normal form as `jsonMeaning`). */
export function definitionMeaning(def: Definition): Meaning {
  const m = { objects: {} as Meaning["objects"], parameters: {} as Meaning["parameters"], values: {} as Meaning["values"] };
  for (const o of def.objects) {
    const fields: Record<string, string[]> = {};
    for (const f of o.fields) for (const v of f.values) add(fields, f.key, v.kind === "ref" ? `ref:${v.id}` : `str:${v.value}`);
    m.objects[o.id] = { name: o.name ?? o.id, fields };
  }
  for (const p of def.parameters) {
    const attrs: Record<string, string[]> = {};
    for (const a of p.attributes) for (const v of a.values) add(attrs, a.key, v);
    m.parameters[p.id] = attrs;
  }
  for (const v of def.values) for (const x of v.values) add(m.values, v.id, x);
  return finish(m);
}
