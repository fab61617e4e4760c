/** Small queries over the IR shared by the rules. */
import type { EffectiveFieldIR, ExprIR, FieldIR, ObjectIR, PipelineIR, ValueIR } from "../ir/ir.ts";
import { walkExpr } from "../ir/walk.ts";
import { objectsOf } from "./index-cache.ts";
import { specFor, specTypeOf } from "../resolve/fields.ts";
import type { FieldSpec } from "../model/index.ts";
import { parsePeriod, type Period } from "../model/index.ts";

/** Every object of a pipeline, Default first. */
export function allObjects(p: PipelineIR): readonly ObjectIR[] {
  return objectsOf(p);
}

/** The model spec of a field written on an object (Default and templates use the merged Default spec). */
export function specOf(o: ObjectIR, key: string): FieldSpec | undefined {
  return specFor(specTypeOf(o), key);
}

/** The literal text of a single-valued field, if it is a literal. */
export function literalText(f: EffectiveFieldIR | FieldIR | undefined): string | undefined {
  const field = f && "field" in f ? f.field : f;
  const v = field?.values[0];
  return v?.kind === "literal" ? v.text : undefined;
}

export function periodOf(v: ValueIR | undefined): Period | undefined {
  if (v?.kind !== "literal") return undefined;
  if (v.literal.type === "period") return { count: v.literal.count, unit: v.literal.unit };
  return parsePeriod(v.text);
}

export function formatSpec(s: string): string {
  return `\`${s}\``;
}

export interface ExprSite {
  readonly pipeline: PipelineIR;
  readonly object: ObjectIR;
  readonly field: FieldIR;
  /** The whole `#<...>` expression. */
  readonly root: ExprIR;
}

interface ExprVisit {
  readonly e: ExprIR;
  readonly site: ExprSite;
  readonly parent: ExprIR | undefined;
}

/** Every expression node of a pipeline, in visiting order, and the same by node kind: collected once, read by every rule. */
interface ExprVisits {
  readonly all: readonly ExprVisit[];
  readonly byKind: ReadonlyMap<ExprIR["kind"], readonly ExprVisit[]>;
}

const exprVisits = new WeakMap<PipelineIR, ExprVisits>();
const NO_VISITS: readonly ExprVisit[] = [];

function collectExprVisits(p: PipelineIR): ExprVisits {
  const all: ExprVisit[] = [];
  const objs: { o: ObjectIR; fields: readonly FieldIR[] }[] = allObjects(p).map((o) => ({ o, fields: o.fields }));
  if (p.otherAttributes?.length) objs.push({ o: p.defaults, fields: p.otherAttributes });
  for (const { o, fields } of objs) {
    for (const f of fields) {
      for (const v of f.values) {
        if (v.kind !== "template") continue;
        for (const part of v.parts) {
          if (part.kind !== "expr") continue;
          const site: ExprSite = { pipeline: p, object: o, field: f, root: part.expr };
          walkExpr(part.expr, (e, parent) => void all.push({ e, site, parent }));
        }
      }
    }
  }
  const byKind = new Map<ExprIR["kind"], ExprVisit[]>();
  for (const x of all) {
    const list = byKind.get(x.e.kind);
    if (list === undefined) byKind.set(x.e.kind, [x]);
    else list.push(x);
  }
  return { all, byKind };
}

function visitsOf(p: PipelineIR): ExprVisits {
  let visits = exprVisits.get(p);
  if (visits === undefined) {
    visits = collectExprVisits(p);
    exprVisits.set(p, visits);
  }
  return visits;
}

/** Calls `visit` for every expression node in every template of the pipeline. */
export function forEachExpr(p: PipelineIR, visit: (e: ExprIR, site: ExprSite, parent: ExprIR | undefined) => void): void {
  for (const x of visitsOf(p).all) visit(x.e, x.site, x.parent);
}

/** `forEachExpr` restricted to the nodes of one kind (same order). */
export function forEachExprOfKind<K extends ExprIR["kind"]>(p: PipelineIR, kind: K, visit: (e: Extract<ExprIR, { kind: K }>, site: ExprSite, parent: ExprIR | undefined) => void): void {
  for (const x of visitsOf(p).byKind.get(kind) ?? NO_VISITS) visit(x.e as Extract<ExprIR, { kind: K }>, x.site, x.parent);
}

/** `a`, `a or b`, `a, b or c` */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** UTF-8 byte length of a string. */
export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** The text Data Pipeline receives for a value (templates rendered back to `#{...}`). */
export function valueText(v: ValueIR): string {
  switch (v.kind) {
    case "literal":
      return v.text;
    case "ref":
      return v.id;
    case "template": {
      let text = "";
      for (const p of v.parts) text += p.kind === "text" ? p.text : `#{${p.source}}`;
      return text;
    }
  }
}

export function isRunnable(o: ObjectIR): boolean {
  return o.category === "activity" || o.category === "dataNode" || o.category === "resource";
}

/** The reference time: `PIPEC_NOW` when set (for reproducible runs), else the clock. */
export function now(): number {
  const fixed = process.env.PIPEC_NOW;
  if (fixed) {
    const t = Date.parse(fixed);
    if (Number.isFinite(t)) return t;
  }
  return Date.now();
}
