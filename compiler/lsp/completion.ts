/**
 * Completion from the object model and the resolved pipeline: object types, the fields of the
 * enclosing object's type (required first), refs to objects of an allowed type, enum values,
 * periods, parameter types and attributes, and inside `#<...>` functions, `@` run-time slots,
 * parameters and fields.
 */
import type * as A from "../ast/nodes.ts";
import type { ObjectIR, PipelineIR } from "../ir/ir.ts";
import {
  concreteObjectTypeNames,
  defaultObjectFields,
  expressionFunctionNames,
  expressionFunction,
  fieldNames,
  fieldSpec,
  MODEL_DATA,
  objectType,
  parameterAttribute,
  parameterAttributeNames,
  refTargetsAccept,
  type FieldSpec,
} from "../model/index.ts";
import { specFor, specTypeOf } from "../resolve/fields.ts";
import { PARAMETER_TYPE_NAMES } from "../resolve/resolve.ts";
import type { Span } from "../source/source.ts";
import { memberAt, pipelineAt, type Analysis } from "./analysis.ts";
import { fieldText } from "./hover.ts";

export type ItemKind = "class" | "field" | "reference" | "enumMember" | "value" | "function" | "property" | "variable" | "keyword" | "typeParameter";

export interface Item {
  readonly label: string;
  readonly kind: ItemKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** The text to insert (default: the label); a snippet when `snippet`. */
  readonly insert?: string;
  readonly snippet?: boolean;
  readonly sort?: string;
}

export interface Completion {
  readonly items: Item[];
  /** The text the items replace. */
  readonly replace: Span;
}

const PERIODS = ["15 minutes", "30 minutes", "1 hour", "2 hours", "6 hours", "12 hours", "1 day", "1 week", "1 month"];
const RUNTIME_NAMES: readonly string[] = [...new Set(MODEL_DATA.runtimeFields.map((r) => (r.name.startsWith("@") ? r.name : `@${r.name}`)))].sort();

export function complete(a: Analysis, offset: number): Completion {
  const text = a.text;
  let lineStart = offset;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10 && text.charCodeAt(lineStart - 1) !== 13) lineStart--;
  const before = text.slice(lineStart, offset);
  const word = /[@*]?[A-Za-z0-9_]*$/.exec(before)![0];
  const replace: Span = { start: offset - word.length, end: offset + (/^[A-Za-z0-9_]*/.exec(text.slice(offset, offset + 200))![0].length) };
  const p = pipelineAt(a.ir, offset);
  const at = memberAt(a.ast, offset);

  // Inside #<...>
  const open = before.lastIndexOf("#<");
  if (open >= 0 && !before.slice(open).includes(">")) return { items: exprItems(p, at?.member, word, before), replace };

  // `param name: Type`
  if (/^\s*param\s+\*?[A-Za-z0-9_`]*\s*:\s*[A-Za-z:]*$/.test(before)) {
    return { items: [...PARAMETER_TYPE_NAMES.keys()].map((t) => ({ label: t, kind: "typeParameter" as const, detail: "parameter type" })), replace };
  }

  // `key = value`
  const assign = /^\s*(\*?[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:\[[^\]]*)?([A-Za-z0-9_ ]*)$/.exec(before);
  if (assign) {
    if (!/^[A-Za-z0-9_]*$/.test(assign[2]) && !/^\d+\s*[a-z]*$/.test(assign[2])) return { items: [], replace };
    const key = assign[1];
    if (at?.member?.kind === "Param") {
      const spec = parameterAttribute(key);
      if (spec?.enum) return { items: spec.enum.map((v) => ({ label: v, kind: "enumMember" as const })), replace };
      if (spec?.kind === "boolean") return { items: booleans(), replace };
      return { items: [], replace };
    }
    const typeName = ownerSpecType(p, at?.member);
    if (typeName === null) return { items: [], replace };
    const spec = specFor(typeName, key);
    if (!spec) return { items: [], replace };
    if (/^\d/.test(assign[2]) && spec.kind === "period") {
      const periodReplace: Span = { start: offset - assign[2].length, end: replace.end };
      return { items: PERIODS.map((x, i) => ({ label: x, kind: "value" as const, sort: String(i).padStart(2, "0") })), replace: periodReplace };
    }
    return { items: valueItems(p, spec), replace };
  }

  // At the start of a line: a field, a declaration or a member
  if (/^\s*\*?[A-Za-z0-9_]*$/.test(before)) {
    if (!at) return { items: [{ label: "pipeline", kind: "keyword", insert: "pipeline ${1:name} {\n  $0\n}", snippet: true }], replace };
    const m = at.member;
    if (!m) return { items: pipelineMemberItems(), replace };
    if (m.kind === "Param") return { items: parameterAttributeNames().filter((n) => !m.fields.some((f) => f.key.value === n)).map((n) => ({ label: n, kind: "field" as const, detail: parameterAttribute(n)?.kind, documentation: parameterAttribute(n)?.doc, insert: `${n} = ` })), replace };
    if (m.kind === "Field") return { items: [], replace };
    const typeName = ownerSpecType(p, m);
    if (typeName === null) return { items: [], replace };
    const written = new Set(m.fields.map((f) => f.key.value));
    return { items: fieldItems(typeName, written), replace };
  }
  return { items: [], replace };
}

function booleans(): Item[] {
  return [
    { label: "true", kind: "keyword" },
    { label: "false", kind: "keyword" },
  ];
}

/** The spec type of the member at the cursor: its type, `Default`, undefined for a template or unknown type; null when it has no fields of the model. */
function ownerSpecType(p: PipelineIR | undefined, m: A.Member | undefined): string | undefined | null {
  if (!m) return null;
  if (m.kind === "Default") return "Default";
  if (m.kind !== "Object") return null;
  const o = p?.objects.find((x) => x.span.start === m.span.start);
  if (o) return specTypeOf(o);
  return objectType(m.type.value) ? m.type.value : undefined;
}

function pipelineMemberItems(): Item[] {
  const items: Item[] = [
    { label: "default", kind: "keyword", insert: "default {\n  $0\n}", snippet: true, sort: "0default", detail: "the Default object: fields every object inherits" },
    { label: "param", kind: "keyword", insert: "param ${1:myName}: ${2:String}", snippet: true, sort: "0param", detail: "a parameter" },
  ];
  for (const t of concreteObjectTypeNames()) {
    const spec = objectType(t)!;
    items.push({ label: t, kind: "class", detail: spec.category, documentation: spec.summary, insert: `${t} \${1:Id} {\n  $0\n}`, snippet: true, sort: `1${t}` });
  }
  return items;
}

function usable(spec: FieldSpec): boolean {
  return !spec.runtime && !spec.forbidden && !spec.system;
}

function fieldItems(typeName: string | undefined, written: ReadonlySet<string>): Item[] {
  const names = typeName === undefined || typeName === "Default" ? [...defaultObjectFields().keys()] : fieldNames(typeName);
  const items: Item[] = [];
  for (const n of names) {
    if (written.has(n)) continue;
    const spec = typeName === undefined || typeName === "Default" ? defaultObjectFields().get(n) : fieldSpec(typeName, n);
    if (!spec || !usable(spec)) continue;
    const rank = spec.required ? "0" : spec.requiredOneOf || spec.requiredWhen ? "1" : spec.legacy ? "3" : "2";
    items.push({
      label: n,
      kind: spec.kind === "ref" ? "reference" : "field",
      detail: `${spec.kind}${spec.list ? " (list)" : ""}${spec.required ? ", required" : ""}`,
      documentation: fieldText(n, typeName ?? "Default", spec),
      insert: `${n} = `,
      sort: `${rank}${n}`,
    });
  }
  return items;
}

function valueItems(p: PipelineIR | undefined, spec: FieldSpec): Item[] {
  if (spec.kind === "ref" && p) {
    const refTo = spec.refTo ?? ["*"];
    const objs: ObjectIR[] = p.objects.filter((o) => (o.type ? refTargetsAccept(refTo, o.type) : refTo.includes("*")));
    return objs.map((o) => ({ label: o.id, kind: "reference" as const, detail: o.type ?? "template" }));
  }
  if (spec.enum) return spec.enum.map((v) => ({ label: v, kind: "enumMember" as const }));
  if (spec.kind === "boolean") return booleans();
  if (spec.kind === "period") return PERIODS.map((x, i) => ({ label: x, kind: "value" as const, sort: String(i).padStart(2, "0") }));
  return [];
}

function exprItems(p: PipelineIR | undefined, m: A.Member | undefined, word: string, before: string): Item[] {
  const items: Item[] = [];
  const afterDot = /\.\s*@?[A-Za-z0-9_]*$/.test(before);
  for (const r of RUNTIME_NAMES) {
    const spec = MODEL_DATA.runtimeFields.find((x) => x.name === r || `@${x.name}` === r);
    items.push({ label: r, kind: "property", detail: `${spec?.kind ?? ""} run-time slot`, documentation: spec?.doc, sort: `2${r}` });
  }
  if (afterDot || word.startsWith("@")) return items;
  for (const f of expressionFunctionNames()) {
    const spec = expressionFunction(f)!;
    items.push({ label: f, kind: "function", detail: `(${spec.args.join(", ")}): ${spec.returns}`, documentation: spec.doc, insert: `${f}($1)`, snippet: true, sort: `1${f}` });
  }
  if (p) for (const param of p.parameters) items.push({ label: param.id, kind: "variable", detail: `parameter: ${param.type}`, documentation: param.description, sort: `0${param.id}` });
  if (p && m && (m.kind === "Object" || m.kind === "Default")) {
    const o = m.kind === "Default" ? p.defaults : p.objects.find((x) => x.span.start === m.span.start);
    if (o) for (const k of o.effective.keys()) items.push({ label: k, kind: "field", detail: `field of ${o.id}`, sort: `3${k}` });
    items.push({ label: "node", kind: "keyword", detail: "the object that referred to this action or precondition", sort: "4node" });
  }
  return items;
}
