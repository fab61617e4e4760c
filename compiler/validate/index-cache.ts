/**
 * What many rules would otherwise each recompute by walking every object and field of a
 * pipeline: built once per pipeline on first use (a WeakMap keyed by the PipelineIR, so it goes
 * with the IR) and read by every rule. Every list keeps the order of a walk over `allObjects`
 * (Default first) and each object's fields in source order, so a rule that reads a list reports
 * in the order it would have by walking the objects itself.
 *
 * The IR is not changed after resolution; a rule must not change it either.
 */
import type { FieldIR, ObjectIR, PipelineIR } from "../ir/ir.ts";
import type { FieldSpec } from "../model/index.ts";
import { specFor, specTypeOf } from "../resolve/fields.ts";

/** A field written on an object, with its model spec (`specOf`). */
export interface FieldSite {
  readonly object: ObjectIR;
  readonly field: FieldIR;
  /** The model spec of the field on the object (Default and templates: the merged Default spec). */
  readonly spec: FieldSpec | undefined;
}

export interface PipelineIndex {
  /** Every object, Default first. */
  readonly objects: readonly ObjectIR[];
  /** Every field of every object, in `objects` order then source order. */
  readonly fields: readonly FieldSite[];
  /** `fields` by key (each list in `fields` order). */
  readonly fieldsByKey: ReadonlyMap<string, readonly FieldSite[]>;
}

const EMPTY: readonly FieldSite[] = [];
const indexes = new WeakMap<PipelineIR, PipelineIndex>();
const objectLists = new WeakMap<PipelineIR, readonly ObjectIR[]>();

/** Every object, Default first (kept per pipeline; without building the field index). */
export function objectsOf(p: PipelineIR): readonly ObjectIR[] {
  let list = objectLists.get(p);
  if (list === undefined) {
    const objects: ObjectIR[] = [p.defaults];
    for (const o of p.objects) objects.push(o);
    list = objects;
    objectLists.set(p, list);
  }
  return list;
}

/** The pipeline's index, built on first use. */
export function pipelineIndex(p: PipelineIR): PipelineIndex {
  let index = indexes.get(p);
  if (index === undefined) {
    index = buildIndex(p);
    indexes.set(p, index);
  }
  return index;
}

/** The fields written with this key, on any object (Default included), in walk order. */
export function fieldsWithKey(p: PipelineIR, key: string): readonly FieldSite[] {
  return pipelineIndex(p).fieldsByKey.get(key) ?? EMPTY;
}

function buildIndex(p: PipelineIR): PipelineIndex {
  const objects = objectsOf(p);
  const fields: FieldSite[] = [];
  const fieldsByKey = new Map<string, FieldSite[]>();
  for (const object of objects) {
    const type = specTypeOf(object);
    for (const field of object.fields) {
      const site: FieldSite = { object, field, spec: specFor(type, field.key) };
      fields.push(site);
      const list = fieldsByKey.get(field.key);
      if (list === undefined) fieldsByKey.set(field.key, [site]);
      else list.push(site);
    }
  }
  return { objects, fields, fieldsByKey };
}

/** Like `fieldsWithKey`, but only the first such field of each object (what `o.fields.find` gives). */
export function firstFieldsWithKey(p: PipelineIR, key: string): FieldSite[] {
  const out: FieldSite[] = [];
  let last: ObjectIR | undefined;
  for (const site of fieldsWithKey(p, key)) {
    if (site.object === last) continue;
    last = site.object;
    out.push(site);
  }
  return out;
}
