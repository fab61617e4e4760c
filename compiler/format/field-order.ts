/**
 * The canonical order of the fields of an object, per object type:
 *
 *   1. `name`, then `parent` (what the object is and what it inherits);
 *   2. the fields the type requires (alone or as one of a group), in the model's order;
 *   3. references to other objects, in the model's order;
 *   4. the other fields the type knows, in the model's order;
 *   5. anything else (custom `my...` fields, unknown fields), in the order given.
 *
 * `pipec import` writes objects in this order. `pipec fmt` keeps the author's order: the Data
 * Pipeline target emits fields in source order, and formatting never changes what a pipeline
 * compiles to. The order is stable: fields of the same rank keep their relative order.
 */
import type * as A from "../ast/nodes.ts";
import { fieldNames, fieldSpec, objectType } from "../model/index.ts";

const LEADING = ["name", "parent"];

/** The rank of a field of `typeName` (lower comes first), and its position within the rank. */
export function fieldRank(typeName: string | undefined, key: string): readonly [number, number] {
  const bare = key.startsWith("*") ? key.slice(1) : key;
  const lead = LEADING.indexOf(bare);
  if (lead >= 0) return [0, lead];
  if (typeName === undefined) return [4, 0];
  const names = fieldNames(typeName);
  const at = names.indexOf(bare);
  const spec = at >= 0 ? fieldSpec(typeName, bare) : undefined;
  if (spec === undefined || spec.runtime === true) return [4, 0];
  const inGroup = (objectType(typeName)?.requiredOneOf ?? []).some((g) => g.includes(bare));
  if (spec.required || inGroup) return [1, at];
  if (spec.kind === "ref") return [2, at];
  return [3, at];
}

/** The fields in canonical order for an object of `typeName` (undefined: a template or Default without a model type). */
export function canonicalFieldOrder<F extends { readonly key: A.Name }>(typeName: string | undefined, fields: readonly F[]): F[] {
  return fields
    .map((f, i) => ({ f, i, r: fieldRank(typeName, f.key.value) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i)
    .map((x) => x.f);
}

/** A copy of a parsed or imported file with every object's fields (and Default's) in canonical order. */
export function withCanonicalFieldOrder(file: A.PipeFile): A.PipeFile {
  return {
    ...file,
    pipelines: file.pipelines.map((p) => ({
      ...p,
      members: p.members.map((m): A.Member => {
        if (m.kind === "Default") return { ...m, fields: canonicalFieldOrder("Default", m.fields) };
        if (m.kind === "Object") return { ...m, fields: canonicalFieldOrder(objectType(m.type.value) ? m.type.value : undefined, m.fields) };
        return m;
      }),
    })),
  };
}
