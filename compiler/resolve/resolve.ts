/**
 * AST -> IR. Declarations, parameters, value typing (values.ts), `parent`/Default inheritance,
 * edges and `#<...>` expressions (expr.ts).
 *
 * Resolution reports only what the IR cannot hold (a map or a nested list as a field value).
 * Everything else — unknown names, wrong kinds, duplicates, cycles — is kept in the IR as
 * written and explained by the validation rules, so that every finding has one rule and one code.
 *
 * Inheritance: an object's effective fields are its own, then those of its `parent` chain
 * (nearest first), then Default's. A chain that loops stops where it repeats. Inherited fields
 * reach an object only when its type knows them (or they are user fields `my...`); type-less
 * template objects and Default inherit everything. What an object inherits is worked out once
 * per parent and type and shared by reference (ir/effective.ts): no object copies what it
 * inherits.
 */
import type * as A from "../ast/nodes.ts";
import type {
  EdgeIR,
  EdgeKind,
  EffectiveFieldIR,
  FieldIR,
  ObjectIR,
  ParameterIR,
  ParameterType,
  PipelineIR,
  ProgramIR,
  TagIR,
  ValueIR,
} from "../ir/ir.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { EffectiveFields, InheritedFields, NOTHING_INHERITED, hasRef } from "../ir/effective.ts";
import { categoryOf, isUserField, objectType } from "../model/index.ts";
import type { Span } from "../source/source.ts";
import { resolveExpr, type ExprScope } from "./expr.ts";
import { createInterner } from "./intern.ts";
import { settableSpec, specFor } from "./fields.ts";
import { placeholder, plainText, typeValue, type PendingExpr, type ValueContext } from "./values.ts";
import { meta as wrongValueKind } from "../validate/rules/wrong-value-kind.ts";
import { diagnostic } from "../diagnostics/codes.ts";

export interface ResolveResult {
  readonly program: ProgramIR;
  readonly diagnostics: Diagnostic[];
}

/** `param x: S3Key` is short for `AWS::S3::ObjectKey`. */
export const PARAMETER_TYPE_NAMES: ReadonlyMap<string, ParameterType> = new Map<string, ParameterType>([
  ["String", "String"],
  ["Integer", "Integer"],
  ["Double", "Double"],
  ["AWS::S3::ObjectKey", "AWS::S3::ObjectKey"],
  ["S3Key", "AWS::S3::ObjectKey"],
]);

/**
 * The parameter type a written name stands for. Data Pipeline reads the names without regard to
 * case (`string`, `integer` and `aws:s3objectkey` are in use), so case and `:` are ignored;
 * undefined for a name that is no parameter type.
 */
export function parameterType(written: string): ParameterType | undefined {
  const exact = PARAMETER_TYPE_NAMES.get(written);
  if (exact !== undefined) return exact;
  return LOOSE_TYPE_NAMES.get(written.toLowerCase().replaceAll(":", ""));
}

const LOOSE_TYPE_NAMES: ReadonlyMap<string, ParameterType> = new Map<string, ParameterType>([
  ["string", "String"],
  ["integer", "Integer"],
  ["double", "Double"],
  ["awss3objectkey", "AWS::S3::ObjectKey"],
  ["s3key", "AWS::S3::ObjectKey"],
]);

/** The id Data Pipeline gives the default object. */
export const DEFAULT_ID = "Default";

const EDGE_KINDS: ReadonlySet<string> = new Set([
  "dependsOn",
  "input",
  "output",
  "precondition",
  "runsOn",
  "onFail",
  "onSuccess",
  "onLateAction",
  "schedule",
  "parent",
]);

/** Object types written in `.pipe` for a type-less template object (`parent` target only). */
export const TEMPLATE_TYPE_NAMES: ReadonlySet<string> = new Set(["Template"]);

type MutableObject = { -readonly [K in keyof ObjectIR]: ObjectIR[K] };

/**
 * Resolves every pipeline of a file. `text` is the source the AST's spans point into (`.pipe` or
 * definition JSON); it supplies each expression's `source` and the exact text of durations.
 */
export function resolve(ast: A.PipeFile, file: string, text = ""): ResolveResult {
  const diagnostics: Diagnostic[] = [];
  const intern = createInterner();
  const pipelines = ast.pipelines.map((p) => resolvePipeline(p, file, text, diagnostics, intern));
  return { program: { file, pipelines }, diagnostics };
}

/** A tag whose value is an expression, a list or a map: tags are sent as written, never evaluated. */
function nonTextTag(file: string, key: string, value: A.Value): Diagnostic {
  const what = value.kind === "String" ? "an expression `#<...>`" : value.kind === "List" ? "a list" : value.kind === "Map" ? "a map" : "a value that is not text";
  return diagnostic(
    "PIPE3027",
    file,
    value.span,
    `the tag \`${key}\` has ${what} as its value; tag values must be plain text, since Data Pipeline and AWS resource tags take the value as written and never evaluate it`,
    { hint: `write the value itself, e.g. ${JSON.stringify(key)}: "data-eng"` },
  );
}

function resolvePipeline(p: A.Pipeline, file: string, text: string, diagnostics: Diagnostic[], intern: (s: string) => string): PipelineIR {
  // 1. Declarations.
  const ids = new Set<string>([DEFAULT_ID]);
  for (const m of p.members) if (m.kind === "Object" && m.id) ids.add(intern(m.id.value));
  const pending: PendingExpr[] = [];
  const ctx: ValueContext = { text, ids, pending, invalid: [], intern };

  let description: string | undefined;
  let descriptionSpan: Span | undefined;
  const tags: TagIR[] = [];
  const otherAttributes: FieldIR[] = [];
  const parameters: ParameterIR[] = [];
  const objects: MutableObject[] = [];
  let defaults: MutableObject | undefined;

  for (const m of p.members) {
    switch (m.kind) {
      case "Field":
        if (m.key.value === "description") {
          description = plainText(m.value);
          descriptionSpan = m.span;
        } else if (m.key.value === "tags" && m.value?.kind === "Map") {
          for (const e of m.value.entries) {
            if (!e.value) continue; // a syntax error has been reported
            const value = plainText(e.value);
            if (value !== undefined) tags.push({ key: e.key.value, value, span: e.span });
            else diagnostics.push(nonTextTag(file, e.key.value, e.value));
          }
        } else {
          otherAttributes.push(buildField(m, undefined, ctx));
        }
        break;
      case "Param":
        parameters.push(buildParam(m, text, intern));
        break;
      case "Default": {
        const obj = buildObject(DEFAULT_ID, m.span, m.keywordSpan, undefined, undefined, m.fields, ctx);
        if (defaults === undefined) defaults = obj;
        else objects.push(obj);
        break;
      }
      case "Object": {
        if (!m.id) break; // a syntax error has been reported
        const written = intern(m.type.value);
        const type = TEMPLATE_TYPE_NAMES.has(written) ? undefined : written;
        objects.push(buildObject(intern(m.id.value), m.span, m.id.span, type, type === undefined ? undefined : m.type.span, m.fields, ctx));
        break;
      }
    }
  }
  const def: MutableObject = defaults ?? buildObject(DEFAULT_ID, p.span, p.name?.span ?? p.span, undefined, undefined, [], ctx);
  for (const bad of ctx.invalid) {
    diagnostics.push({
      code: wrongValueKind.code,
      severity: wrongValueKind.severity,
      message: bad.message ?? `${bad.what} cannot be a field value`,
      file,
      span: bad.span,
      hint: bad.hint ?? "a field holds one value or a list `[a, b]` of values",
    });
  }

  const byId = new Map<string, MutableObject>();
  byId.set(DEFAULT_ID, def);
  let uniqueIds = true;
  for (const o of objects) {
    if (!byId.has(o.id)) byId.set(o.id, o);
    else uniqueIds = false;
  }

  // 2. Inheritance.
  const inheritance: Inheritance = { byId, def, entries: new Map(), fromDefault: new Map(), chains: new Map(), inherited: new Map(), uniqueIds };
  const defEffective = effectiveFields(def, inheritance);
  def.effective = defEffective;
  const effective: EffectiveFields[] = [];
  for (const o of objects) {
    const e = effectiveFields(o, inheritance);
    o.effective = e;
    effective.push(e);
  }

  // 3. Edges (from effective ref fields, after inheritance): own entries, then the shared
  // inherited entries holding references that no own field shadows, in `effective` order.
  const edges: EdgeIR[] = [];
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    if (o.id === DEFAULT_ID) continue;
    const e = effective[i];
    for (let j = 0; j < e.own.length; j++) pushEdges(edges, o.id, e.own[j]);
    const inheritedRefs = e.inherited.refs();
    for (let j = 0; j < inheritedRefs.length; j++) if (!e.hasOwn(inheritedRefs[j].field.key)) pushEdges(edges, o.id, inheritedRefs[j]);
  }

  // 4. Expressions.
  const params = new Map<string, ParameterIR>();
  for (const prm of parameters) if (!params.has(prm.id)) params.set(prm.id, prm);
  const referrers = new Map<string, ObjectIR[]>();
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    if (e.kind !== "onFail" && e.kind !== "onSuccess" && e.kind !== "onLateAction" && e.kind !== "precondition") continue;
    const from = byId.get(e.from);
    if (!from) continue;
    const list = referrers.get(e.to);
    if (list === undefined) referrers.set(e.to, [from]);
    else if (!list.includes(from)) list.push(from);
  }
  const referrersOf = (id: string): readonly ObjectIR[] => referrers.get(id) ?? NO_OBJECTS;
  // One scope, pointed at each expression's object in turn.
  const scope: { -readonly [K in keyof ExprScope]: ExprScope[K] } = { object: def, params, byId, referrers: referrersOf, intern };
  for (let i = 0; i < pending.length; i++) {
    const pe = pending[i];
    if (!pe.ast) {
      pe.part.expr = placeholder(pe.part.span);
      continue;
    }
    scope.object = pe.owner ?? def;
    pe.part.expr = resolveExpr(pe.ast, scope);
  }

  const scheduleText = defEffective.get("scheduleType")?.field.values[0];
  const st = scheduleText?.kind === "literal" ? scheduleText.text.toLowerCase() : "";
  const scheduleType = st === "cron" || st === "ondemand" || st === "timeseries" ? st : "timeseries";

  return {
    file,
    name: p.name?.value ?? "",
    span: p.span,
    nameSpan: p.name?.span ?? p.span,
    description,
    descriptionSpan,
    tags,
    parameters,
    defaults: def,
    defaultsWritten: defaults !== undefined,
    objects,
    byId,
    edges,
    scheduleType,
    otherAttributes,
  };
}

const NO_OBJECTS: readonly ObjectIR[] = [];

function pushEdges(edges: EdgeIR[], from: string, eff: EffectiveFieldIR): void {
  const key = eff.field.key;
  const values = eff.field.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v.kind !== "ref") continue;
    const kind: EdgeKind = EDGE_KINDS.has(key) ? (key as EdgeKind) : "ref";
    edges.push({ from, to: v.id, kind, field: key, span: v.span });
  }
}

function buildObject(id: string, span: Span, idSpan: Span, type: string | undefined, typeSpan: Span | undefined, astFields: readonly A.Field[], ctx: ValueContext): MutableObject {
  let name: string | undefined;
  const fields: FieldIR[] = [];
  const firstPending = ctx.pending.length;
  for (const f of astFields) {
    if (f.value === undefined) continue; // a syntax error has been reported; one mistake, one error
    if (f.key.value === "name" && !f.encrypted) {
      name = plainText(f.value);
      if (name === undefined) {
        ctx.invalid.push({
          span: f.value.span,
          what: "name",
          message: "`name` is not evaluated by Data Pipeline: it must be plain text, without `#<...>` or a reference",
          hint: "write the name as a plain string; expressions belong in other fields",
        });
      }
      continue;
    }
    fields.push(buildField(f, type ?? (id === DEFAULT_ID ? DEFAULT_ID : undefined), ctx));
  }
  const parentField = fields.find((f) => f.key === "parent");
  const parentRef = parentField?.values[0];
  const obj: MutableObject = {
    id,
    span,
    idSpan,
    type,
    typeSpan,
    category: type === undefined ? (id === DEFAULT_ID ? "default" : undefined) : categoryOf(type),
    name,
    fields,
    effective: EMPTY_EFFECTIVE,
  };
  if (parentRef?.kind === "ref") obj.parent = parentRef.id;
  for (let i = firstPending; i < ctx.pending.length; i++) ctx.pending[i].owner = obj;
  return obj;
}

function buildField(f: A.Field, type: string | undefined, ctx: ValueContext): FieldIR {
  const key = ctx.intern(f.key.value);
  const spec = specFor(type, key);
  const values: ValueIR[] = f.value ? typeValue(f.value, spec, ctx) : [];
  return { key, span: f.span, keySpan: f.key.span, values, list: f.value?.kind === "List", kind: spec?.kind };
}

function buildParam(m: A.ParamDecl, text: string, intern: (s: string) => string): ParameterIR {
  const bare = intern(m.name?.value ?? "");
  const id = m.encrypted ? intern(`*${bare}`) : bare;
  const typeText = m.type?.value;
  const type = (typeText && parameterType(typeText)) || "String";
  const attributes: { key: string; values: string[]; span: Span }[] = [];
  let description: string | undefined;
  let optional = false;
  let isArray = false;
  let allowedValues: string[] | undefined;
  let dflt: string | string[] | undefined;
  attributes.push({ key: "type", values: [type], span: m.type?.span ?? m.span });
  if (m.value) {
    const vals = paramValues(m.value, text);
    dflt = m.value.kind === "List" ? vals : vals[0];
    attributes.push({ key: "default", values: vals, span: m.value.span });
  }
  for (const f of m.fields) {
    const vals = f.value ? paramValues(f.value, text) : [];
    const key = f.key.value;
    if (key === "type") continue;
    attributes.push({ key, values: vals, span: f.span });
    if (key === "description") description = vals[0];
    else if (key === "optional") optional = vals[0]?.toLowerCase() === "true";
    else if (key === "isArray") isArray = vals[0]?.toLowerCase() === "true";
    else if (key === "allowedValues") allowedValues = vals;
    else if (key === "default" && dflt === undefined) dflt = f.value?.kind === "List" ? vals : vals[0];
  }
  const out: { -readonly [K in keyof ParameterIR]: ParameterIR[K] } = {
    id,
    span: m.span,
    idSpan: m.name?.span ?? m.span,
    type,
    description,
    optional,
    isArray,
    allowedValues,
    default: dflt,
    attributes,
  };
  if (m.type && typeText !== undefined) out.typeWritten = { text: typeText, span: m.type.span };
  return out;
}

function paramValues(v: A.Value, text: string): string[] {
  if (v.kind === "List") return v.items.flatMap((i) => paramValues(i, text));
  if (v.kind === "Duration") return [text.slice(v.span.start, v.span.end).trim().split(/\s+/).join(" ") || v.raw];
  if (v.kind === "String") return [v.parts.map((p) => (p.kind === "Text" ? p.text : text.slice(p.span.start, p.span.end))).join("")];
  const t = plainText(v);
  return t === undefined ? [] : [t];
}

/** Until inheritance is worked out. */
const EMPTY_EFFECTIVE = new EffectiveFields([], NOTHING_INHERITED);

/** What working out effective fields needs, and what it works out once per pipeline. */
interface Inheritance {
  readonly byId: ReadonlyMap<string, ObjectIR>;
  readonly def: ObjectIR;
  /** Per declaring object, the entries of its own fields (see `entriesOf`). */
  readonly entries: Map<ObjectIR, readonly EffectiveFieldIR[]>;
  /** Per object type (undefined: templates), Default's entries that objects of the type inherit. */
  readonly fromDefault: Map<string | undefined, InheritedFields>;
  /** Per parent object, then per type: what its children inherit (shared by all of them). */
  readonly inherited: Map<ObjectIR, Map<string | undefined, InheritedFields>>;
  /**
   * Per object, the entries it passes to its children: its own, then its parent chain's not
   * shadowed (see `chainOf`); null when the chain loops. Shared along a chain, so a chain of n
   * objects costs n steps, not n squared.
   */
  readonly chains: Map<ObjectIR, readonly EffectiveFieldIR[] | null>;
  /** No two objects share an id (else every chain is walked object by object, as written). */
  readonly uniqueIds: boolean;
}

/**
 * Own fields, then the parent chain's (nearest first), then Default's; see the file comment.
 * A field's entry (the field and the id of the object declaring it) is the same wherever it is
 * inherited, so each is made once (`entries`, per declaring object) and shared; so is the list
 * of what an object inherits, per parent and type (`inherited`) or, without a parent, per type
 * (`fromDefault`).
 */
function effectiveFields(o: ObjectIR, inh: Inheritance): EffectiveFields {
  const own = firstPerKey(entriesOf(o, inh.entries));
  if (o.id === DEFAULT_ID) return new EffectiveFields(own, NOTHING_INHERITED);
  const type = o.type;
  const parent = o.parent !== undefined ? inh.byId.get(o.parent) : undefined;
  if (parent === undefined) return new EffectiveFields(own, defaultsFor(type, inh));
  const chain = inh.uniqueIds && parent.id !== o.id ? chainOf(parent, inh) : null;
  if (chain) {
    let perType = inh.inherited.get(parent);
    if (perType === undefined) {
      perType = new Map();
      inh.inherited.set(parent, perType);
    }
    let shared = perType.get(type);
    if (shared === undefined) {
      shared = inheritedFrom(chain, type, inh);
      perType.set(type, shared);
    }
    return new EffectiveFields(own, shared);
  }
  // A chain through repeated ids, or one that loops back to this object: walked as written.
  const list: EffectiveFieldIR[] = [];
  const keys = new Set<string>();
  const seen = new Set<string>([o.id]);
  let cur: ObjectIR | undefined = parent;
  while (cur && cur.id !== DEFAULT_ID && !seen.has(cur.id)) {
    seen.add(cur.id);
    for (const e of entriesOf(cur, inh.entries)) {
      if (keys.has(e.field.key) || !accepts(type, e.field.key)) continue;
      keys.add(e.field.key);
      list.push(e);
    }
    cur = cur.parent !== undefined ? inh.byId.get(cur.parent) : undefined;
  }
  return new EffectiveFields(own, inheritedFrom(list, type, inh));
}

/** The first entry of each key (a repeated key is reported by duplicate-field; the first one counts). */
function firstPerKey(entries: readonly EffectiveFieldIR[]): readonly EffectiveFieldIR[] {
  const n = entries.length;
  for (let i = 1; i < n; i++) {
    const key = entries[i].field.key;
    for (let j = 0; j < i; j++) {
      if (entries[j].field.key !== key) continue;
      const seen = new Set<string>();
      const out: EffectiveFieldIR[] = [];
      for (const e of entries) {
        if (seen.has(e.field.key)) continue;
        seen.add(e.field.key);
        out.push(e);
      }
      return out;
    }
  }
  return entries;
}

/** What an object of the type inherits from Default alone. */
function defaultsFor(type: string | undefined, inh: Inheritance): InheritedFields {
  let shared = inh.fromDefault.get(type);
  if (shared === undefined) {
    const list = firstPerKey(entriesOf(inh.def, inh.entries)).filter((e) => accepts(type, e.field.key));
    shared = list.length === 0 ? NOTHING_INHERITED : new InheritedFields(list);
    inh.fromDefault.set(type, shared);
  }
  return shared;
}

/** A parent chain's entries (one per key, nearest first) that the type accepts, then Default's not among them. */
function inheritedFrom(chain: readonly EffectiveFieldIR[], type: string | undefined, inh: Inheritance): InheritedFields {
  const list: EffectiveFieldIR[] = [];
  const keys = new Set<string>();
  for (const e of chain) {
    if (keys.has(e.field.key) || !accepts(type, e.field.key)) continue;
    keys.add(e.field.key);
    list.push(e);
  }
  for (const e of defaultsFor(type, inh).list) if (!keys.has(e.field.key)) list.push(e);
  return list.length === 0 ? NOTHING_INHERITED : new InheritedFields(list);
}

/**
 * The entries `start` passes down (its own fields, then its ancestors' not already present,
 * nearest first, up to Default), made once per object and reused by every descendant; null when
 * the chain loops (such objects are walked one by one, and PIPE4002 reports the loop).
 */
function chainOf(start: ObjectIR, inh: Inheritance): readonly EffectiveFieldIR[] | null {
  const path: ObjectIR[] = [];
  const onPath = new Set<ObjectIR>();
  let base: readonly EffectiveFieldIR[] | null = [];
  for (let cur: ObjectIR | undefined = start; ; ) {
    if (!cur || cur.id === DEFAULT_ID) break;
    const known = inh.chains.get(cur);
    if (known !== undefined) {
      base = known;
      break;
    }
    if (onPath.has(cur)) {
      base = null;
      break;
    }
    onPath.add(cur);
    path.push(cur);
    cur = cur.parent !== undefined ? inh.byId.get(cur.parent) : undefined;
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const o = path[i]!;
    if (base !== null) {
      const own = entriesOf(o, inh.entries);
      const keys = new Set<string>();
      for (const e of own) keys.add(e.field.key);
      const list: EffectiveFieldIR[] = [...own];
      for (const e of base) if (!keys.has(e.field.key)) list.push(e);
      base = list;
    }
    inh.chains.set(o, base);
  }
  return base;
}

/** Whether an object of the type inherits a field from a parent or Default (never `parent` itself). */
function accepts(type: string | undefined, key: string): boolean {
  return key !== "parent" && (type === undefined || inheritable(type, key));
}

/** The effective-field entries of an object's own fields, made on first use. */
function entriesOf(o: ObjectIR, entries: Map<ObjectIR, readonly EffectiveFieldIR[]>): readonly EffectiveFieldIR[] {
  let list = entries.get(o);
  if (list === undefined) {
    list = o.fields.map((field) => ({ field, from: o.id }));
    entries.set(o, list);
  }
  return list;
}

/** Whether an object of a type inherits a field, per type and key (see `inheritable`). */
const INHERITABLE = new Map<string, Map<string, boolean>>();
/** Keys are whatever a source writes: the tables stop growing past this many per type. */
const MAX_CACHED_KEYS = 4096;

/** A typed object inherits user fields (`my...`, `*my...`), and fields its type can set (any field when the type is unknown). */
function inheritable(type: string, key: string): boolean {
  let table = INHERITABLE.get(type);
  if (table === undefined) {
    table = new Map();
    if (objectType(type) !== undefined) INHERITABLE.set(type, table);
  }
  let yes = table.get(key);
  if (yes === undefined) {
    yes = isUserField(key) || isUserField(key.replace(/^\*/, "")) || objectType(type) === undefined || settableSpec(type, key) !== undefined;
    if (table.size < MAX_CACHED_KEYS) table.set(key, yes);
  }
  return yes;
}
