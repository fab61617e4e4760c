/**
 * One string object per distinct name. Names in the AST are slices of the source text; the
 * rules compare them with literals (`f.key === "retryDelay"`, `o.type === "Schedule"`) and use
 * them as map keys (`byId.get(v.id)`) many times over. Interned, a name the model knows is the
 * model's own string (a literal, so comparisons with other literals are by identity) and any
 * other name is one shared copy with its hash computed once. The IR's strings keep their value.
 */
import { MODEL_DATA } from "../model/index.ts";

/** Every name the model spells: types, fields (with and without `*`), runtime slots, functions. */
let modelNames: ReadonlyMap<string, string> | undefined;

/** Built on first use, not when the module loads (every CLI start loads it). */
function buildModelNames(): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  const add = (s: string): void => {
    if (!names.has(s)) names.set(s, s);
  };
  for (const [typeName, type] of Object.entries(MODEL_DATA.objectTypes)) {
    add(typeName);
    for (const field of Object.keys(type.fields)) add(field);
  }
  for (const r of MODEL_DATA.runtimeFields) add(r.name);
  for (const f of Object.keys(MODEL_DATA.expressionFunctions)) add(f);
  return names;
}

/** A fresh interner (one per resolve call, so that the table does not outlive the program). */
export function createInterner(): (s: string) => string {
  modelNames ??= buildModelNames();
  const table = new Map(modelNames);
  return (s: string): string => {
    const known = table.get(s);
    if (known !== undefined) return known;
    table.set(s, s);
    return s;
  };
}
