/**
 * A Data Pipeline definition as plain data, independent of its two JSON shapes, and the two
 * serialisations:
 *
 *   file form  {"objects": [{"id", "name"?, "type"?, key: value...}], "parameters": [...], "values": {...}}
 *   API form   {"pipelineObjects": [{"id", "name", "fields": [{"key", "stringValue"|"refValue"}]}],
 *               "parameterObjects": [{"id", "attributes": [{"key", "stringValue"}]}],
 *               "parameterValues": [{"id", "stringValue"}]}
 *
 * Order is the definition's own (the emitter puts Default first, then objects in source
 * order, fields in source order). Output is 2-space JSON with a trailing newline.
 */

import type { Span } from "../../source/source.ts";

export type DefValue = { readonly kind: "string"; readonly value: string } | { readonly kind: "ref"; readonly id: string };

export interface DefField {
  readonly key: string;
  readonly values: readonly DefValue[];
  /** Written as a list (a JSON array in the file form, even of one element). */
  readonly list: boolean;
}

export interface DefObject {
  readonly id: string;
  /** Undefined when not written (Data Pipeline then uses the id). */
  readonly name: string | undefined;
  /** `type` first when present, then the other fields. */
  readonly fields: readonly DefField[];
}

export interface DefAttribute {
  readonly key: string;
  readonly values: readonly string[];
  readonly list: boolean;
}

export interface DefParameter {
  readonly id: string;
  readonly attributes: readonly DefAttribute[];
}

export interface DefParameterValue {
  readonly id: string;
  readonly values: readonly string[];
  readonly list: boolean;
  /** Where the value was given (a values file and the key's span, or the command line), for diagnostics. */
  readonly source?: { readonly file: string; readonly span: Span };
}

export interface Definition {
  readonly objects: readonly DefObject[];
  readonly parameters: readonly DefParameter[];
  readonly values: readonly DefParameterValue[];
}

export type DefinitionForm = "file" | "api";

type Json = string | Json[] | { [key: string]: Json };

function valueJson(v: DefValue): Json {
  return v.kind === "ref" ? { ref: v.id } : v.value;
}

export function toFileForm(def: Definition): Json {
  const objects: Json[] = def.objects.map((o) => {
    const out: Record<string, Json> = { id: o.id };
    if (o.name !== undefined) out.name = o.name;
    for (const f of o.fields) {
      // A key may appear only once in a JSON object: later duplicates are merged into a list.
      const prior = out[f.key];
      const values = f.values.map(valueJson);
      if (prior !== undefined && f.key !== "id" && f.key !== "name") {
        out[f.key] = [...(Array.isArray(prior) ? prior : [prior]), ...values];
      } else out[f.key] = f.list || values.length !== 1 ? values : values[0];
    }
    return out;
  });
  const result: Record<string, Json> = { objects };
  if (def.parameters.length > 0) {
    result.parameters = def.parameters.map((p) => {
      const out: Record<string, Json> = { id: p.id };
      for (const a of p.attributes) out[a.key] = a.list || a.values.length !== 1 ? [...a.values] : a.values[0];
      return out;
    });
  }
  if (def.values.length > 0) {
    const values: Record<string, Json> = {};
    for (const v of def.values) values[v.id] = v.list || v.values.length !== 1 ? [...v.values] : v.values[0];
    result.values = values;
  }
  return result;
}

export function toApiForm(def: Definition): Json {
  const pipelineObjects: Json[] = def.objects.map((o) => ({
    id: o.id,
    name: o.name ?? o.id,
    fields: o.fields.flatMap((f) => f.values.map((v): Json => (v.kind === "ref" ? { key: f.key, refValue: v.id } : { key: f.key, stringValue: v.value }))),
  }));
  const result: Record<string, Json> = { pipelineObjects };
  if (def.parameters.length > 0) {
    result.parameterObjects = def.parameters.map((p) => ({
      id: p.id,
      attributes: p.attributes.flatMap((a) => a.values.map((s): Json => ({ key: a.key, stringValue: s }))),
    }));
  }
  if (def.values.length > 0) {
    result.parameterValues = def.values.flatMap((v) => v.values.map((s): Json => ({ id: v.id, stringValue: s })));
  }
  return result;
}

/** The definition as JSON text in the chosen form: 2-space indentation, trailing newline. */
export function serializeDefinition(def: Definition, form: DefinitionForm): string {
  return `${JSON.stringify(form === "api" ? toApiForm(def) : toFileForm(def), null, 2)}\n`;
}

// ---- comparison ----

/**
 * A canonical text of a definition's meaning, for "equal in meaning" comparisons: objects,
 * fields, list elements, parameters, attributes and values are compared without regard to
 * order; a missing `name` equals the id; one-element lists equal scalars; white space inside
 * `#{...}` outside quoted strings is ignored; refs stay refs; an empty Default object equals
 * none (the emitter always writes one).
 */
export function canonicalDefinition(def: Definition): string {
  const sortStrings = (xs: string[]): string[] => xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const emptyDefault = (o: DefObject): boolean => o.id === "Default" && o.fields.length === 0 && (o.name === undefined || o.name === o.id);
  const objects = def.objects.filter((o) => !emptyDefault(o)).map((o) => {
    const fields = new Map<string, string[]>();
    for (const f of o.fields) {
      const list = fields.get(f.key) ?? [];
      for (const v of f.values) list.push(v.kind === "ref" ? `ref:${v.id}` : `str:${canonicalExpressions(v.value)}`);
      fields.set(f.key, list);
    }
    const entries = sortStrings([...fields.keys()]).map((k) => [k, sortStrings(fields.get(k) ?? [])]);
    return JSON.stringify({ id: o.id, name: o.name ?? o.id, fields: entries });
  });
  const parameters = def.parameters.map((p) => {
    const attrs = new Map<string, string[]>();
    for (const a of p.attributes) attrs.set(a.key, [...(attrs.get(a.key) ?? []), ...a.values]);
    return JSON.stringify({ id: p.id, attributes: sortStrings([...attrs.keys()]).map((k) => [k, sortStrings(attrs.get(k) ?? [])]) });
  });
  const values = new Map<string, string[]>();
  for (const v of def.values) values.set(v.id, [...(values.get(v.id) ?? []), ...v.values]);
  return JSON.stringify(
    {
      objects: sortStrings(objects),
      parameters: sortStrings(parameters),
      values: sortStrings([...values.keys()]).map((k) => [k, sortStrings(values.get(k) ?? [])]),
    },
    null,
    1,
  );
}

/** `#{ format( x ,'a b') }` -> `#{format(x,'a b')}`. */
export function canonicalExpressions(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf("#{", i);
    if (at < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, at + 2);
    i = at + 2;
    let quote = "";
    while (i < text.length) {
      const c = text[i];
      if (quote) {
        out += c;
        if (c === "\\" && i + 1 < text.length) {
          out += text[i + 1];
          i += 2;
          continue;
        }
        if (c === quote) quote = "";
      } else if (c === "'" || c === '"') {
        quote = c;
        out += c;
      } else if (c === "}") {
        out += c;
        i++;
        break;
      } else if (!/\s/.test(c)) out += c;
      i++;
    }
  }
  return out;
}
