/**
 * JSON tree -> a definition with source positions, from either form:
 *
 *   file form: objects [{id, name?, key: string | {"ref"} | [...]}], parameters [{id, key: ...}], values {id: v | [v]}
 *   API form:  pipelineObjects | objects [{id, name, fields: [{key, stringValue | refValue}]}],
 *              parameterObjects | parameters [{id, attributes: [{key, stringValue}]}],
 *              parameterValues [{id, stringValue}]
 *
 * The shape is decided per object (an object whose only keys are id, name and a `fields` array
 * of `{key, ...}` entries is in the API shape), so mixed files read too.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Span } from "../source/source.ts";
import type { DefField, Definition, DefValue } from "../emit/datapipeline/definition.ts";
import { importDiagnostic } from "./codes.ts";
import { member, type JsonArray, type JsonNode, type JsonObject, type JsonString } from "./json.ts";

export interface SourcedString {
  readonly value: string;
  readonly span: Span;
  /** The JSON string node when the value was written as a string (for positions inside it). */
  readonly node: JsonString | undefined;
}

export type SourcedValue =
  | { readonly kind: "string"; readonly text: SourcedString }
  | { readonly kind: "ref"; readonly id: string; readonly span: Span };

export interface SourcedField {
  readonly key: string;
  readonly keySpan: Span;
  readonly span: Span;
  readonly values: readonly SourcedValue[];
  readonly list: boolean;
}

export interface SourcedObject {
  readonly id: string;
  readonly idSpan: Span;
  readonly span: Span;
  readonly name: SourcedString | undefined;
  readonly type: SourcedString | undefined;
  /** Every field except id, name and type, in source order. */
  readonly fields: readonly SourcedField[];
}

export interface SourcedAttribute {
  readonly key: string;
  readonly keySpan: Span;
  readonly span: Span;
  readonly values: readonly SourcedString[];
  readonly list: boolean;
}

export interface SourcedParameter {
  readonly id: string;
  readonly idSpan: Span;
  readonly span: Span;
  readonly attributes: readonly SourcedAttribute[];
}

export interface SourcedParameterValue {
  readonly id: string;
  readonly idSpan: Span;
  readonly values: readonly SourcedString[];
  readonly list: boolean;
}

export interface SourcedDefinition {
  readonly span: Span;
  readonly objects: readonly SourcedObject[];
  readonly parameters: readonly SourcedParameter[];
  readonly values: readonly SourcedParameterValue[];
  /** Which shape the objects were written in (the first object decides; `file` when empty). */
  readonly form: "file" | "api";
}

const TOP_LEVEL = new Set(["objects", "pipelineObjects", "parameters", "parameterObjects", "values", "parameterValues"]);
/** Keys the AWS CLI and API responses carry that say nothing about the definition. */
const HARMLESS_TOP_LEVEL = new Set(["pipelineId", "errored", "validationErrors", "validationWarnings"]);

export function readDefinition(file: string, root: JsonNode | undefined, diagnostics: Diagnostic[]): SourcedDefinition | undefined {
  const r = new DefinitionReader(file, diagnostics);
  return r.read(root);
}

/** The plain definition (for building and comparing); `type` becomes the first field. */
export function toDefinition(s: SourcedDefinition): Definition {
  const value = (v: SourcedValue): DefValue => (v.kind === "ref" ? { kind: "ref", id: v.id } : { kind: "string", value: v.text.value });
  return {
    objects: s.objects.map((o) => {
      const fields: DefField[] = [];
      if (o.type) fields.push({ key: "type", values: [{ kind: "string", value: o.type.value }], list: false });
      for (const f of o.fields) fields.push({ key: f.key, values: f.values.map(value), list: f.list });
      return { id: o.id, name: o.name?.value, fields };
    }),
    parameters: s.parameters.map((p) => ({ id: p.id, attributes: p.attributes.map((a) => ({ key: a.key, values: a.values.map((v) => v.value), list: a.list })) })),
    values: s.values.map((v) => ({ id: v.id, values: v.values.map((x) => x.value), list: v.list })),
  };
}

class DefinitionReader {
  private readonly file: string;
  private readonly diagnostics: Diagnostic[];

  constructor(file: string, diagnostics: Diagnostic[]) {
    this.file = file;
    this.diagnostics = diagnostics;
  }

  read(root: JsonNode | undefined): SourcedDefinition | undefined {
    if (!root) return undefined;
    if (root.kind !== "object") {
      this.diagnostics.push(importDiagnostic("PIPE5155", this.file, root.span, "a pipeline definition is a JSON object with an `objects` array"));
      return undefined;
    }
    const objectsMember = member(root, "objects") ?? member(root, "pipelineObjects");
    if (!objectsMember || objectsMember.value.kind !== "array") {
      this.diagnostics.push(
        importDiagnostic("PIPE5155", this.file, objectsMember?.keySpan ?? { start: root.span.start, end: root.span.start + 1 }, objectsMember ? "`objects` must be an array" : "Missing \"objects\" key: this JSON is not a pipeline definition", {
          hint: "a parameter-values file is read by `pipec build --values`, not imported",
        }),
      );
      return undefined;
    }
    for (const m of root.members) {
      if (TOP_LEVEL.has(m.key) || HARMLESS_TOP_LEVEL.has(m.key)) continue;
      this.diagnostics.push(importDiagnostic("PIPE5158", this.file, m.keySpan, `the top-level key "${m.key}" is ignored by the AWS CLI and is not imported`));
    }
    let form: "file" | "api" | undefined;
    const objects: SourcedObject[] = [];
    const ids = new Map<string, Span>();
    for (const item of (objectsMember.value as JsonArray).items) {
      if (item.kind !== "object") {
        this.diagnostics.push(importDiagnostic("PIPE5157", this.file, item.span, "a pipeline object must be a JSON object; this element is not imported"));
        continue;
      }
      const api = isApiObject(item);
      form ??= api ? "api" : "file";
      const o = api ? this.apiObject(item) : this.fileObject(item);
      if (!o) continue;
      const prior = ids.get(o.id);
      if (prior) {
        this.diagnostics.push(
          importDiagnostic("PIPE5161", this.file, o.idSpan, `another object already has the id "${o.id}"`, { related: [{ message: "first object with this id", file: this.file, span: prior }] }),
        );
      } else ids.set(o.id, o.idSpan);
      objects.push(o);
    }
    const parameters: SourcedParameter[] = [];
    const paramsMember = member(root, "parameters") ?? member(root, "parameterObjects");
    if (paramsMember) {
      if (paramsMember.value.kind !== "array") {
        this.diagnostics.push(importDiagnostic("PIPE5155", this.file, paramsMember.keySpan, `\`${paramsMember.key}\` must be an array; it is not imported`));
      } else {
        for (const item of paramsMember.value.items) {
          const p = this.parameter(item);
          if (p) parameters.push(p);
        }
      }
    }
    const values: SourcedParameterValue[] = [];
    const valuesMember = member(root, "values");
    if (valuesMember) values.push(...this.fileValues(valuesMember.value));
    const apiValues = member(root, "parameterValues");
    if (apiValues) values.push(...this.apiValues(apiValues.value));
    return { span: root.span, objects, parameters, values: mergeValues(values), form: form ?? "file" };
  }

  private text(node: JsonNode, what: string): SourcedString | undefined {
    if (node.kind === "string") return { value: node.value, span: node.span, node };
    if (node.kind === "number" || node.kind === "boolean") {
      const value = node.kind === "number" ? node.raw : String(node.value);
      this.diagnostics.push(
        importDiagnostic("PIPE5157", this.file, node.span, `${what} is a JSON ${node.kind}; Data Pipeline takes only strings, so it is imported as "${value}"`),
      );
      return { value, span: node.span, node: undefined };
    }
    this.diagnostics.push(importDiagnostic("PIPE5157", this.file, node.span, `${what} must be a string; this ${node.kind === "null" ? "null" : node.kind} is not imported`));
    return undefined;
  }

  private id(o: JsonObject, what: string): { id: string; span: Span } | undefined {
    const m = member(o, "id");
    if (!m) {
      this.diagnostics.push(importDiagnostic("PIPE5156", this.file, { start: o.span.start, end: o.span.start + 1 }, `Missing "id" key of ${what}: it is not imported`));
      return undefined;
    }
    const t = this.text(m.value, "the id");
    if (!t) return undefined;
    if (t.value === "") {
      this.diagnostics.push(importDiagnostic("PIPE5156", this.file, m.value.span, `the id of this ${what} is empty: it is not imported`));
      return undefined;
    }
    return { id: t.value, span: t.span };
  }

  private fileValue(node: JsonNode, key: string, out: SourcedValue[], nested: boolean): void {
    if (node.kind === "object") {
      const ref = node.members.length === 1 && node.members[0].key === "ref" ? node.members[0] : undefined;
      if (ref) {
        const t = this.text(ref.value, `the reference in "${key}"`);
        if (t) out.push({ kind: "ref", id: t.value, span: node.span });
        return;
      }
      this.diagnostics.push(
        importDiagnostic("PIPE5157", this.file, node.span, `the value of "${key}" is an object but not a reference \`{"ref": "id"}\`; it is not imported`),
      );
      return;
    }
    if (node.kind === "array") {
      if (nested) {
        this.diagnostics.push(importDiagnostic("PIPE5157", this.file, node.span, `a nested array in "${key}" is not a Data Pipeline value; it is not imported`));
        return;
      }
      for (const item of node.items) this.fileValue(item, key, out, true);
      return;
    }
    const t = this.text(node, `the value of "${key}"`);
    if (t) out.push({ kind: "string", text: t });
  }

  private fileObject(o: JsonObject): SourcedObject | undefined {
    const id = this.id(o, "element");
    if (!id) return undefined;
    const nameMember = member(o, "name");
    const typeMember = member(o, "type");
    const fields: SourcedField[] = [];
    const byKey = new Map<string, number>();
    let name: SourcedString | undefined;
    let type: SourcedString | undefined;
    for (const m of o.members) {
      if (m.key === "id") continue;
      if (m.key === "name") {
        // A name equal to the id says nothing (Data Pipeline defaults the name to the id).
        if (m === nameMember) name = this.text(m.value, "the name");
        if (name?.value === id.id) name = undefined;
        continue;
      }
      if (m.key === "type" && m.value.kind === "string") {
        if (m === typeMember) type = { value: m.value.value, span: m.value.span, node: m.value };
        continue;
      }
      const values: SourcedValue[] = [];
      this.fileValue(m.value, m.key, values, false);
      const list = m.value.kind === "array";
      const prior = byKey.get(m.key);
      if (prior !== undefined) {
        // Repeated key: the guide's way to repeat a field; keep every value.
        const p = fields[prior];
        fields[prior] = { ...p, values: [...p.values, ...values], list: true, span: { start: p.span.start, end: m.span.end } };
        continue;
      }
      if (values.length === 0 && !list) continue;
      byKey.set(m.key, fields.length);
      fields.push({ key: m.key, keySpan: m.keySpan, span: m.span, values, list });
    }
    return { id: id.id, idSpan: id.span, span: o.span, name, type, fields };
  }

  private apiObject(o: JsonObject): SourcedObject | undefined {
    const id = this.id(o, "pipeline object");
    if (!id) return undefined;
    const nameMember = member(o, "name");
    const written = nameMember ? this.text(nameMember.value, "the name") : undefined;
    // The API form always carries a name; one equal to the id says nothing.
    const name = written?.value === id.id ? undefined : written;
    const fieldsNode = member(o, "fields")?.value as JsonArray;
    const fields: SourcedField[] = [];
    const byKey = new Map<string, number>();
    let type: SourcedString | undefined;
    for (const entry of fieldsNode.items) {
      if (entry.kind !== "object") {
        this.diagnostics.push(importDiagnostic("PIPE5157", this.file, entry.span, "a field must be an object `{\"key\": ..., \"stringValue\": ...}`; it is not imported"));
        continue;
      }
      const keyMember = member(entry, "key");
      const key = keyMember ? this.text(keyMember.value, "the field key") : undefined;
      if (!keyMember || !key) {
        if (!keyMember) this.diagnostics.push(importDiagnostic("PIPE5156", this.file, entry.span, "a field without a `key` is not imported"));
        continue;
      }
      const sv = member(entry, "stringValue");
      const rv = member(entry, "refValue");
      let value: SourcedValue | undefined;
      if (rv && sv) {
        this.diagnostics.push(importDiagnostic("PIPE5157", this.file, entry.span, `the field "${key.value}" has both stringValue and refValue; the refValue is imported`));
      }
      if (rv) {
        const t = this.text(rv.value, `the refValue of "${key.value}"`);
        if (t) value = { kind: "ref", id: t.value, span: t.span };
      } else if (sv) {
        const t = this.text(sv.value, `the stringValue of "${key.value}"`);
        if (t) value = { kind: "string", text: t };
      } else {
        this.diagnostics.push(importDiagnostic("PIPE5157", this.file, entry.span, `the field "${key.value}" has neither stringValue nor refValue; it is not imported`));
      }
      if (!value) continue;
      if (key.value === "type" && value.kind === "string" && type === undefined) {
        type = value.text;
        continue;
      }
      const prior = byKey.get(key.value);
      if (prior !== undefined) {
        const p = fields[prior];
        fields[prior] = { ...p, values: [...p.values, value], list: true, span: { start: p.span.start, end: entry.span.end } };
        continue;
      }
      byKey.set(key.value, fields.length);
      fields.push({ key: key.value, keySpan: key.span, span: entry.span, values: [value], list: false });
    }
    return { id: id.id, idSpan: id.span, span: o.span, name, type, fields };
  }

  private parameter(node: JsonNode): SourcedParameter | undefined {
    if (node.kind !== "object") {
      this.diagnostics.push(importDiagnostic("PIPE5157", this.file, node.span, "a parameter must be a JSON object; this element is not imported"));
      return undefined;
    }
    const id = this.id(node, "parameter");
    if (!id) return undefined;
    const attributes: SourcedAttribute[] = [];
    const byKey = new Map<string, number>();
    const add = (key: string, keySpan: Span, span: Span, values: SourcedString[], list: boolean): void => {
      const prior = byKey.get(key);
      if (prior !== undefined) {
        const p = attributes[prior];
        attributes[prior] = { ...p, values: [...p.values, ...values], list: true };
        return;
      }
      byKey.set(key, attributes.length);
      attributes.push({ key, keySpan, span, values, list });
    };
    const attrs = member(node, "attributes");
    if (attrs && attrs.value.kind === "array" && node.members.every((m) => m.key === "id" || m.key === "attributes")) {
      for (const entry of attrs.value.items) {
        if (entry.kind !== "object") continue;
        const k = member(entry, "key");
        const v = member(entry, "stringValue");
        const key = k ? this.text(k.value, "the attribute key") : undefined;
        if (!key) continue;
        const value = v ? this.text(v.value, `the attribute "${key.value}"`) : undefined;
        if (!value) {
          if (!v) this.diagnostics.push(importDiagnostic("PIPE5157", this.file, entry.span, `the attribute "${key.value}" has no stringValue; it is not imported`));
          continue;
        }
        add(key.value, key.span, entry.span, [value], false);
      }
    } else {
      for (const m of node.members) {
        if (m.key === "id") continue;
        const values: SourcedString[] = [];
        const items = m.value.kind === "array" ? m.value.items : [m.value];
        for (const item of items) {
          const t = this.text(item, `the attribute "${m.key}"`);
          if (t) values.push(t);
        }
        if (values.length === 0 && m.value.kind !== "array") continue;
        add(m.key, m.keySpan, m.span, values, m.value.kind === "array");
      }
    }
    return { id: id.id, idSpan: id.span, span: node.span, attributes };
  }

  private fileValues(node: JsonNode): SourcedParameterValue[] {
    if (node.kind !== "object") {
      this.diagnostics.push(importDiagnostic("PIPE5155", this.file, node.span, "`values` must be an object mapping parameter ids to values; it is not imported"));
      return [];
    }
    const out: SourcedParameterValue[] = [];
    for (const m of node.members) {
      const items = m.value.kind === "array" ? m.value.items : [m.value];
      const values: SourcedString[] = [];
      for (const item of items) {
        const t = this.text(item, `the value of "${m.key}"`);
        if (t) values.push(t);
      }
      out.push({ id: m.key, idSpan: m.keySpan, values, list: m.value.kind === "array" });
    }
    return out;
  }

  private apiValues(node: JsonNode): SourcedParameterValue[] {
    if (node.kind !== "array") {
      this.diagnostics.push(importDiagnostic("PIPE5155", this.file, node.span, "`parameterValues` must be an array; it is not imported"));
      return [];
    }
    const out: SourcedParameterValue[] = [];
    for (const item of node.items) {
      if (item.kind !== "object") continue;
      const id = this.id(item, "parameter value");
      const v = member(item, "stringValue");
      const t = v ? this.text(v.value, "the parameter value") : undefined;
      if (!id || !t) continue;
      out.push({ id: id.id, idSpan: id.span, values: [t], list: false });
    }
    return out;
  }
}

function isApiObject(o: JsonObject): boolean {
  const fields = member(o, "fields");
  if (!fields || fields.value.kind !== "array") return false;
  if (!o.members.every((m) => m.key === "id" || m.key === "name" || m.key === "fields")) return false;
  return fields.value.items.every((f) => f.kind === "object" && member(f, "key") !== undefined);
}

/** Repeated ids (API form, or both `values` and `parameterValues`) become one list value. */
function mergeValues(values: SourcedParameterValue[]): SourcedParameterValue[] {
  const out: SourcedParameterValue[] = [];
  const at = new Map<string, number>();
  for (const v of values) {
    const i = at.get(v.id);
    if (i === undefined) {
      at.set(v.id, out.length);
      out.push(v);
    } else out[i] = { ...out[i], values: [...out[i].values, ...v.values], list: true };
  }
  return out;
}
