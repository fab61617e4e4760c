/** Which model field a key names on an object, and how field kinds map to expression types. */
import { defaultObjectFields, fieldSpec, isEncryptedField, objectType } from "../model/index.ts";
import type { FieldKind, FieldSpec } from "../model/index.ts";
import type { ExprType } from "../ir/ir.ts";

/** The type whose specs an object's fields have: its own, or `Default` for the Default object. */
export function specTypeOf(o: { readonly type?: string; readonly id: string }): string | undefined {
  return o.type ?? (o.id === "Default" ? "Default" : undefined);
}

/**
 * The spec of `key` on an object of `type`. Default and type-less template objects accept any
 * field some type can inherit. An encrypted key (`*password`) falls back to the plain name and
 * a plain key to the encrypted one (`password` finds `*password`), so that the value kind is
 * known either way; the secrets rule reports the missing `*`.
 */
export function specFor(type: string | undefined, key: string): FieldSpec | undefined {
  const typeName = type ?? "Default";
  let table = SPECS.get(typeName);
  if (table === undefined) {
    if (objectType(typeName) === undefined) return undefined; // an unknown type knows no field
    table = new Map();
    SPECS.set(typeName, table);
  }
  const known = table.get(key);
  if (known !== undefined) return known ?? undefined;
  const spec = lookupSpec(typeName, key);
  if (table.size < MAX_CACHED_KEYS) table.set(key, spec ?? null);
  return spec;
}

/** `specFor`'s answers per known type and key (`null`: no spec), so that each is looked up once. */
const SPECS = new Map<string, Map<string, FieldSpec | null>>();
/** Keys are whatever a source writes: the tables stop growing past this many per type. */
const MAX_CACHED_KEYS = 4096;

function lookupSpec(type: string, key: string): FieldSpec | undefined {
  const lookup = (k: string): FieldSpec | undefined => (type === "Default" ? defaultObjectFields().get(k) : fieldSpec(type, k));
  const direct = lookup(key);
  if (direct) return direct;
  if (isEncryptedField(key)) return lookup(key.slice(1));
  return lookup(`*${key}`);
}

/** A settable field of the type (not a runtime slot, not forbidden). */
export function settableSpec(type: string | undefined, key: string): FieldSpec | undefined {
  const s = specFor(type, key);
  return s && !s.runtime && !s.forbidden ? s : undefined;
}

export function exprTypeOfKind(kind: FieldKind | string | undefined): ExprType {
  switch (kind) {
    case "string":
    case "enum":
    case "boolean":
      return "String";
    case "int":
      return "Integer";
    case "double":
      return "Double";
    case "datetime":
      return "DateTime";
    case "period":
      return "Period";
    case "ref":
      return "Ref";
    default:
      return "unknown";
  }
}

/** Field names that every object carries in the envelope. */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set(["id", "name", "type"]);
