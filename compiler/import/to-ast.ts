/**
 * A definition read from JSON -> the `.pipe` AST. Spans point into the JSON text, so that
 * diagnostics on an imported definition show JSON lines and columns.
 *
 * Idiomatic choices: Default becomes `default { }`, parameters `param` declarations, objects
 * are grouped by category (schedules, resources, databases, data nodes, data formats,
 * activities, preconditions, actions, others; source order inside a group); `#{...}` becomes
 * `#<...>`; values become typed literals where the model gives the field a kind (durations,
 * date-times, numbers, booleans, enum words) and the text is in the literal's exact form, so
 * the definition built from the result carries the same strings.
 */
import type * as A from "../ast/nodes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Span } from "../source/source.ts";
import { categoryOf, isDateTime, parameterAttribute, type FieldSpec } from "../model/index.ts";
import { specFor } from "../resolve/fields.ts";
import { importDiagnostic } from "./codes.ts";
import { parseExpressionText } from "./expression.ts";
import type { SourcedDefinition, SourcedField, SourcedObject, SourcedParameter, SourcedString, SourcedValue } from "./read-definition.ts";

/** Category order of the printed objects. */
export const CATEGORY_ORDER = ["schedule", "resource", "database", "dataNode", "dataFormat", "activity", "precondition", "action", "other"];

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words that are keywords where a name is expected. */
const KEYWORDS = new Set(["pipeline", "param", "default", "true", "false"]);
const DURATION = /^\d+ (?:minutes?|hours?|days?|weeks?|months?|years?)$/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const UNITS: Record<string, A.DurationUnit> = { minute: "minute", hour: "hour", day: "day", week: "week", month: "month", year: "year" };
function ownUnit(units: Record<string, A.DurationUnit>, key: string): A.DurationUnit {
  return Object.hasOwn(units, key) ? (units[key] ?? "minute") : "minute";
}

/** Parameter types as written after `param name:` in `.pipe`. */
export const PARAM_TYPE_NAMES: Readonly<Record<string, string>> = {
  String: "String",
  Integer: "Integer",
  Double: "Double",
  "AWS::S3::ObjectKey": "S3Key",
};

/** The `.pipe` type of a type-less template object (a `parent` target). */
export const TEMPLATE_TYPE = "Template";

export function needsQuotes(name: string): boolean {
  return !IDENT.test(name) || KEYWORDS.has(name);
}

/** A pipeline name derived from a file name: `my-pipeline.json` -> `my_pipeline`. */
export function pipelineNameFromFile(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? "pipeline";
  const stem = base.replace(/\.[^.]*$/, "");
  let name = stem.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  if (name === "") name = "pipeline";
  if (/^\d/.test(name)) name = `p_${name}`;
  if (KEYWORDS.has(name)) name = `${name}_pipeline`;
  return name;
}

export interface ToAstResult {
  readonly ast: A.PipeFile;
}

export function definitionToAst(file: string, def: SourcedDefinition, pipelineName: string, diagnostics: Diagnostic[]): A.PipeFile {
  return new AstMaker(file, diagnostics).pipeFile(def, pipelineName);
}

class AstMaker {
  private readonly file: string;
  private readonly diagnostics: Diagnostic[];
  private ids: ReadonlySet<string> = new Set();

  constructor(file: string, diagnostics: Diagnostic[]) {
    this.file = file;
    this.diagnostics = diagnostics;
  }

  pipeFile(def: SourcedDefinition, pipelineName: string): A.PipeFile {
    this.ids = new Set(["Default", ...def.objects.map((o) => o.id)]);
    const members: A.Member[] = [];
    for (const p of def.parameters) {
      const decl = this.param(p);
      if (decl) members.push(decl);
    }
    const defaults = def.objects.filter((o) => o.id === "Default");
    const others = def.objects.filter((o) => o.id !== "Default");
    for (const d of defaults) members.push(this.defaultBlock(d));
    const rank = (o: SourcedObject): number => {
      const cat = o.type ? categoryOf(o.type.value) : undefined;
      const i = cat ? CATEGORY_ORDER.indexOf(cat) : -1;
      return i < 0 ? CATEGORY_ORDER.length : i;
    };
    const ordered = others.map((o, i) => ({ o, i, r: rank(o) })).sort((a, b) => a.r - b.r || a.i - b.i);
    for (const { o } of ordered) {
      const decl = this.object(o);
      if (decl) members.push(decl);
    }
    const span = def.span;
    const name: A.Name = { kind: "Name", span: { start: span.start, end: span.start }, value: pipelineName, quoted: needsQuotes(pipelineName) };
    return { kind: "File", span, pipelines: [{ kind: "Pipeline", span, name, members }], comments: [] };
  }

  private name(value: string, span: Span): A.Name {
    return { kind: "Name", span, value, quoted: needsQuotes(value) };
  }

  private representable(value: string, span: Span, what: string): boolean {
    if (value === "" || value === "*") {
      this.diagnostics.push(importDiagnostic("PIPE5160", this.file, span, `${what} is ${value === "" ? "empty" : "only `*`"}, which a .pipe name cannot be; it is not imported`));
      return false;
    }
    if (/[\r\n]/.test(value)) {
      this.diagnostics.push(importDiagnostic("PIPE5160", this.file, span, `${what} "${value.replace(/[\r\n]+/g, " ")}" contains a line break, which a .pipe name cannot hold; it is not imported`));
      return false;
    }
    return true;
  }

  private param(p: SourcedParameter): A.ParamDecl | undefined {
    const encrypted = p.id.startsWith("*");
    const bare = encrypted ? p.id.slice(1) : p.id;
    if (!IDENT.test(bare) || KEYWORDS.has(bare)) {
      this.diagnostics.push(importDiagnostic("PIPE5160", this.file, p.idSpan, `the parameter id "${p.id}" is not an identifier, which a .pipe parameter needs; it is not imported`));
      return undefined;
    }
    let type: A.Name | undefined;
    let value: A.Value | undefined;
    const fields: A.Field[] = [];
    const typeAttr = p.attributes.find((a) => a.key === "type" && !a.list && a.values.length === 1);
    const typeText = typeAttr?.values[0].value;
    for (const a of p.attributes) {
      if (a === typeAttr) {
        const t = a.values[0];
        if (!this.representable(t.value, t.span, "the parameter type")) continue;
        const mapped = (Object.hasOwn(PARAM_TYPE_NAMES, t.value) ? PARAM_TYPE_NAMES[t.value] : undefined) ?? t.value;
        type = { kind: "Name", span: t.span, value: mapped, quoted: needsQuotes(mapped) };
        continue;
      }
      if (a.key === "default" && value === undefined && !fields.some((f) => f.key.value === "default")) {
        value = a.list ? this.list(a.values.map((v) => this.paramScalar(v, typeText, "string")), a.span) : this.paramScalar(a.values[0], typeText, "string");
        continue;
      }
      if (!this.representable(a.key, a.keySpan, "the parameter attribute name")) continue;
      if (a.key === "type") {
        // `param x: T` holds one type; a `type` in the body would be read as no attribute at all.
        this.diagnostics.push(importDiagnostic("PIPE5160", this.file, a.span, `the parameter "${p.id}" has ${a.values.length === 1 ? "a second" : `${a.values.length} values for its`} type, which a .pipe parameter cannot hold; ${typeAttr ? "only the first is imported" : "it is not imported"}`));
        continue;
      }
      const spec = parameterAttribute(a.key);
      const items = a.values.map((v) => this.paramScalar(v, undefined, spec?.kind ?? "string"));
      // List attributes (allowedValues) are written as lists, as the definition sends them.
      const v: A.Value = a.list || spec?.list === true || items.length !== 1 ? this.list(items, a.span) : items[0];
      fields.push({ kind: "Field", span: a.span, key: this.keyName(a.key, a.keySpan), encrypted: a.key.startsWith("*"), value: v });
    }
    return {
      kind: "Param",
      span: p.span,
      name: { kind: "Name", span: p.idSpan, value: bare, quoted: false },
      encrypted,
      type,
      value,
      fields,
      hasBody: fields.length > 0,
    };
  }

  private paramScalar(s: SourcedString, paramType: string | undefined, kind: string): A.Value {
    if ((paramType === "Integer" || paramType === "Double") && isCanonicalNumber(s.value)) {
      return { kind: "Number", span: s.span, raw: s.value, value: Number(s.value) };
    }
    if (kind === "boolean" && (s.value === "true" || s.value === "false")) return { kind: "Boolean", span: s.span, value: s.value === "true" };
    return this.plainString(s);
  }

  private list(items: A.Value[], span: Span): A.ListValue {
    return { kind: "List", span, items };
  }

  private keyName(key: string, span: Span): A.Name {
    const bare = key.startsWith("*") ? key.slice(1) : key;
    return { kind: "Name", span, value: key, quoted: !IDENT.test(bare) || bare === "true" || bare === "false" };
  }

  private defaultBlock(o: SourcedObject): A.DefaultBlock {
    const fields = this.fields(o, (key) => specFor("Default", key));
    if (o.type) {
      // Default carries no type in Data Pipeline; keep a written one as a plain field.
      fields.unshift({ kind: "Field", span: o.type.span, key: { kind: "Name", span: o.type.span, value: "type", quoted: false }, encrypted: false, value: this.plainString(o.type) });
    }
    return { kind: "Default", span: o.span, keywordSpan: o.idSpan, fields };
  }

  private object(o: SourcedObject): A.ObjectDecl | undefined {
    if (!this.representable(o.id, o.idSpan, "the id")) return undefined;
    if (!o.type) {
      // A type-less object is a template other objects name as `parent`.
      return { kind: "Object", span: o.span, type: { kind: "Name", span: o.idSpan, value: TEMPLATE_TYPE, quoted: false }, id: this.name(o.id, o.idSpan), fields: this.fields(o, (key) => specFor(undefined, key)) };
    }
    if (!IDENT.test(o.type.value) || KEYWORDS.has(o.type.value) || o.type.value === TEMPLATE_TYPE) {
      this.diagnostics.push(importDiagnostic("PIPE5160", this.file, o.type.span, `the type "${o.type.value}" cannot be written as a .pipe declaration; the object "${o.id}" is not imported`));
      return undefined;
    }
    const typeName = o.type.value;
    return {
      kind: "Object",
      span: o.span,
      type: { kind: "Name", span: o.type.span, value: typeName, quoted: false },
      id: this.name(o.id, o.idSpan),
      // Field kinds as resolve reads them, so that typed literals mean the same strings.
      fields: this.fields(o, (key) => specFor(typeName, key)),
    };
  }

  private fields(o: SourcedObject, spec: (key: string) => FieldSpec | undefined): A.Field[] {
    const out: A.Field[] = [];
    if (o.name) {
      out.push({ kind: "Field", span: o.name.span, key: { kind: "Name", span: o.name.span, value: "name", quoted: false }, encrypted: false, value: this.plainString(o.name) });
    }
    for (const f of o.fields) {
      const field = this.field(f, spec(f.key));
      if (field) out.push(field);
    }
    return out;
  }

  private field(f: SourcedField, spec: FieldSpec | undefined): A.Field | undefined {
    if (!this.representable(f.key, f.keySpan, "the field name")) return undefined;
    const kept = f.values.filter((v) => v.kind !== "ref" || this.representable(v.id, v.span, `the reference in "${f.key}"`));
    if (kept.length === 0 && f.values.length > 0) return undefined;
    const items = kept.map((v) => this.value(v, spec, f.key));
    const value: A.Value = f.list || items.length !== 1 ? this.list(items, f.span) : items[0];
    return { kind: "Field", span: f.span, key: this.keyName(f.key, f.keySpan), encrypted: f.key.startsWith("*") && f.key.length > 1, value };
  }

  private value(v: SourcedValue, spec: FieldSpec | undefined, key: string): A.Value {
    if (v.kind === "ref") {
      if (spec !== undefined && spec.kind !== "ref") {
        this.diagnostics.push(
          importDiagnostic("PIPE5163", this.file, v.span, `"${key}" holds ${spec.kind === "enum" ? "a word" : `a ${spec.kind}`}, not a reference; the reference to "${v.id}" is imported as the word ${v.id}`),
        );
      } else if (spec === undefined && !this.ids.has(v.id)) {
        this.diagnostics.push(
          importDiagnostic("PIPE5163", this.file, v.span, `"${key}" refers to "${v.id}", which is not an object of this definition; in a field the model does not know, it is imported as the word ${v.id}`),
        );
      }
      return { kind: "Identifier", span: v.span, name: v.id, quoted: needsQuotes(v.id) };
    }
    const s = v.text;
    const text = s.value;
    switch (spec?.kind) {
      case "period":
        if (DURATION.test(text)) {
          const [count, unit] = text.split(" ");
          // The span covers the text inside the quotes: resolve reads durations from the source text.
          const inner = s.node && s.span.end - s.span.start === text.length + 2 ? { start: s.span.start + 1, end: s.span.end - 1 } : s.span;
          return { kind: "Duration", span: inner, count: Number(count), unit: ownUnit(UNITS, unit.toLowerCase().replace(/s$/, "")), raw: text };
        }
        break;
      case "datetime":
        if (DATETIME.test(text) && isDateTime(text)) return { kind: "DateTime", span: s.span, value: text };
        break;
      case "int":
      case "double":
        if (isCanonicalNumber(text)) return { kind: "Number", span: s.span, raw: text, value: Number(text) };
        break;
      case "boolean":
        if (text === "true" || text === "false") return { kind: "Boolean", span: s.span, value: text === "true" };
        break;
      case "enum":
        if (IDENT.test(text) && !KEYWORDS.has(text) && (spec.enum ?? []).some((e) => e.toLowerCase() === text.toLowerCase())) {
          return { kind: "Identifier", span: s.span, name: text, quoted: false };
        }
        break;
      default:
        break;
    }
    return this.templateString(s);
  }

  private plainString(s: SourcedString): A.StringValue {
    return { kind: "String", span: s.span, triple: tripleCandidate(s.value), parts: s.value === "" ? [] : [{ kind: "Text", span: s.span, text: s.value }] };
  }

  /** A string with `#{...}` turned into interpolations. */
  private templateString(s: SourcedString): A.StringValue {
    const text = s.value;
    const parts: A.StringPart[] = [];
    const at = (i: number): number => s.node?.offsets[Math.min(i, s.node.offsets.length - 1)] ?? s.span.start;
    const spanOf = (from: number, to: number): Span => ({ start: at(from), end: Math.max(at(from), to > from ? at(to - 1) + 1 : at(from)) });
    let textStart = 0;
    let i = 0;
    const flush = (end: number): void => {
      if (end > textStart) parts.push({ kind: "Text", span: spanOf(textStart, end), text: text.slice(textStart, end) });
    };
    while (i < text.length) {
      const open = text.indexOf("#{", i);
      if (open < 0) break;
      const close = findClose(text, open + 2);
      if (close < 0) {
        this.diagnostics.push(importDiagnostic("PIPE5159", this.file, spanOf(open, text.length), "this `#{` is not closed by `}`: Data Pipeline refuses the definition (an expression must end with `}`, https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-expressions.html); it is imported as literal text", { severity: "error" }));
        break;
      }
      const inner = text.slice(open + 2, close);
      const parsed = parseExpressionText(inner);
      if (!parsed) {
        this.diagnostics.push(importDiagnostic("PIPE5159", this.file, spanOf(open, close + 1), `\`#{${inner}}\` is not an expression pipec can read; it is imported as literal text`));
        i = close + 1;
        continue;
      }
      flush(open);
      const base = open + 2 + parsed.leading;
      const expr = remapSpans(parsed.expr, (offset) => at(base + offset));
      // The span ends before the closing `}`: resolve reads the expression's source text as
      // the text after `#{` up to the end of the span.
      const node: A.Interpolation = { kind: "Interpolation", span: { start: at(open), end: at(close) }, expr };
      parts.push(node);
      i = close + 1;
      textStart = i;
    }
    flush(text.length);
    return { kind: "String", span: s.span, triple: tripleCandidate(text), parts };
  }
}

/**
 * Multi-line text is printed as `"""..."""` (the printer falls back to `"..."` when the text
 * cannot read back the same). Text ending in `"` stays `"..."`: the closing quotes would
 * follow it directly and read as `""""`.
 */
function tripleCandidate(text: string): boolean {
  return text.includes("\n") && !text.endsWith('"');
}

/** The index of the `}` closing an expression that starts at `from` (quotes respected), or -1. */
function findClose(text: string, from: number): number {
  let quote = "";
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "}") return i;
  }
  return -1;
}

export function isCanonicalNumber(text: string): boolean {
  if (!/^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return false;
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text;
}

/** Copies an expression tree, mapping every span offset through `map` (offsets relative to the expression). */
function remapSpans<T>(node: T, map: (offset: number) => number): T {
  if (Array.isArray(node)) return node.map((n) => remapSpans(n, map)) as T;
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if ((k === "span" || k === "calleeSpan" || k === "nameSpan") && v && typeof v === "object") {
      const sp = v as Span;
      const start = map(sp.start);
      out[k] = { start, end: Math.max(start, sp.end > sp.start ? map(sp.end - 1) + 1 : start) };
    } else out[k] = remapSpans(v, map);
  }
  return out as T;
}
