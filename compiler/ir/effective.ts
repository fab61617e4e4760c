/**
 * An object's effective fields (`ObjectIR.effective`) without a `Map` per object.
 *
 * What an object inherits depends only on its parent chain and its type, so the inherited part
 * is one `InheritedFields` shared by every object with the same parent and type (objects without
 * a parent share one per type: Default's fields that the type accepts). An object holds its own
 * entries (the first field of each key, in source order) and a reference to that shared part:
 *
 *   effective = own entries, then the shared inherited entries whose key is not an own key
 *
 * `get` looks through the own entries (a handful) and then the shared part's index; nothing is
 * copied per object. The class reads like a `ReadonlyMap` (get, has, size, keys, values,
 * entries, forEach, iteration, in the order above), so code written against the map keeps
 * working; `list()` gives the entries as an array, made on first use and kept, for loops that
 * should not allocate an iterator.
 */
import type { EffectiveFieldIR } from "./ir.ts";

/** The fields objects inherit from a parent chain and Default, for one type: shared, never changed. */
export class InheritedFields {
  /** Nearest first, one entry per key. */
  readonly list: readonly EffectiveFieldIR[];
  readonly index: ReadonlyMap<string, EffectiveFieldIR>;
  #refs: readonly EffectiveFieldIR[] | undefined;

  constructor(list: readonly EffectiveFieldIR[]) {
    this.list = list;
    const index = new Map<string, EffectiveFieldIR>();
    for (let i = 0; i < list.length; i++) index.set(list[i].field.key, list[i]);
    this.index = index;
  }

  /** The entries that hold at least one reference (for the graph's edges), in `list` order. */
  refs(): readonly EffectiveFieldIR[] {
    if (this.#refs === undefined) {
      const out: EffectiveFieldIR[] = [];
      for (let i = 0; i < this.list.length; i++) if (hasRef(this.list[i])) out.push(this.list[i]);
      this.#refs = out;
    }
    return this.#refs;
  }
}

/** Nothing inherited (Default, and an object whose type accepts nothing Default has). */
export const NOTHING_INHERITED = new InheritedFields([]);

export function hasRef(e: EffectiveFieldIR): boolean {
  const values = e.field.values;
  for (let i = 0; i < values.length; i++) if (values[i].kind === "ref") return true;
  return false;
}

export class EffectiveFields implements ReadonlyMap<string, EffectiveFieldIR> {
  /** The object's own fields, the first of each key, in source order. */
  readonly own: readonly EffectiveFieldIR[];
  /** Shared with every object of the same type and parent. */
  readonly inherited: InheritedFields;
  #all: readonly EffectiveFieldIR[] | undefined;

  constructor(own: readonly EffectiveFieldIR[], inherited: InheritedFields) {
    this.own = own;
    this.inherited = inherited;
  }

  get(key: string): EffectiveFieldIR | undefined {
    const own = this.own;
    for (let i = 0; i < own.length; i++) if (own[i].field.key === key) return own[i];
    return this.inherited.index.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Whether the key is one of the object's own fields. */
  hasOwn(key: string): boolean {
    const own = this.own;
    for (let i = 0; i < own.length; i++) if (own[i].field.key === key) return true;
    return false;
  }

  get size(): number {
    return this.list().length;
  }

  /** Every entry, own first, as an array (made on first use, then kept). */
  list(): readonly EffectiveFieldIR[] {
    if (this.#all === undefined) {
      const inherited = this.inherited.list;
      if (inherited.length === 0) this.#all = this.own;
      else if (this.own.length === 0) this.#all = inherited;
      else {
        const out = this.own.slice();
        for (let i = 0; i < inherited.length; i++) if (!this.hasOwn(inherited[i].field.key)) out.push(inherited[i]);
        this.#all = out;
      }
    }
    return this.#all;
  }

  forEach(callback: (value: EffectiveFieldIR, key: string, map: ReadonlyMap<string, EffectiveFieldIR>) => void, thisArg?: unknown): void {
    for (const e of this.list()) callback.call(thisArg, e, e.field.key, this);
  }

  keys(): MapIterator<string> {
    return this.list()
      .map((e) => e.field.key)
      .values();
  }

  values(): MapIterator<EffectiveFieldIR> {
    return this.list().values();
  }

  entries(): MapIterator<[string, EffectiveFieldIR]> {
    return this.list()
      .map((e): [string, EffectiveFieldIR] => [e.field.key, e])
      .values();
  }

  [Symbol.iterator](): MapIterator<[string, EffectiveFieldIR]> {
    return this.entries();
  }
}
