/**
 * Inherited fields (`parent` chains, then Default) against a plain reference written here from
 * the language's rule: own fields first (the first of a repeated key), then each ancestor's,
 * nearest first, stopping at Default or at an object already visited; Default's last. The
 * resolver shares each chain's entries between descendants, so this checks that sharing on
 * random forests with loops, self-parents, repeated ids and dangling parents.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../compiler/compile.ts";

interface Obj {
  readonly id: string;
  readonly parent?: string;
  readonly fields: readonly (readonly [string, number])[];
}

const KEYS = ["myA", "myB", "myC", "myD"] as const;

function source(objs: readonly Obj[], defaults: readonly (readonly [string, number])[]): string {
  const line = (fields: readonly (readonly [string, number])[]) => fields.map(([k, v]) => `${k} = "v${v}"`).join("  ");
  const body = objs.map((o) => `  Template ${o.id} { ${o.parent !== undefined ? `parent = ${o.parent}  ` : ""}${line(o.fields)} }`);
  return `pipeline p {\n  default { scheduleType = ondemand  ${line(defaults)} }\n${body.join("\n")}\n}\n`;
}

/** key -> value text, by the rule above (the first object declaring an id is the one found by name). */
function reference(objs: readonly Obj[], defaults: readonly (readonly [string, number])[], o: Obj): Map<string, string> {
  const byId = new Map<string, Obj>();
  for (const x of objs) if (!byId.has(x.id)) byId.set(x.id, x);
  const out = new Map<string, string>();
  const take = (fields: readonly (readonly [string, number])[]) => {
    for (const [k, v] of fields) if (!out.has(k)) out.set(k, `v${v}`);
  };
  take(o.fields);
  const seen = new Set([o.id]);
  let cur = o.parent !== undefined ? byId.get(o.parent) : undefined;
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    take(cur.fields);
    cur = cur.parent !== undefined ? byId.get(cur.parent) : undefined;
  }
  take(defaults);
  return out;
}

const fields = fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.nat(9)), { maxLength: 3 });
const forest = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(
    fc.array(
      fc.record({
        id: fc.nat(n + 1).map((i) => `o${i}`), // ids above n - 1 repeat others or dangle as parents
        parent: fc.option(fc.nat(n + 1).map((i) => `o${i}`), { nil: undefined }),
        fields,
      }),
      { minLength: n, maxLength: n },
    ),
    fields,
  ),
);

describe("inherited fields", () => {
  it("match the reference on random parent forests", () => {
    fc.assert(
      fc.property(forest, ([objs, defaults]) => {
        const ir = check("p.pipe", source(objs, defaults)).ir.pipelines[0]!;
        expect(ir.objects.length).toBe(objs.length);
        ir.objects.forEach((o, i) => {
          const got = new Map<string, string>();
          for (const [k, e] of o.effective) if (k !== "parent" && k !== "scheduleType") {
            const v = e.field.values[0];
            got.set(k, v?.kind === "literal" ? v.text : "?");
          }
          expect(got).toEqual(reference(objs, defaults, objs[i]!));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("a chain of 3,000 objects inherits its root's field everywhere, and a loop is still reported", () => {
    const objs: Obj[] = [{ id: "o0", fields: [["myA", 1]] }];
    for (let i = 1; i < 3000; i++) objs.push({ id: `o${i}`, parent: `o${i - 1}`, fields: i % 1000 === 0 ? [["myB", i]] : [] });
    objs.push({ id: "x", parent: "y", fields: [] }, { id: "y", parent: "x", fields: [["myC", 7]] });
    const r = check("p.pipe", source(objs, []));
    const ir = r.ir.pipelines[0]!;
    const last = ir.objects[2999]!;
    const text = (k: string) => {
      const v = last.effective.get(k)?.field.values[0];
      return v?.kind === "literal" ? v.text : undefined;
    };
    expect([text("myA"), text("myB")]).toEqual(["v1", "v2000"]);
    expect(ir.objects[3000]!.effective.get("myC")?.from).toBe("y");
    expect(r.diagnostics.filter((d) => d.code === "PIPE4002").map((d) => d.message)).toEqual(["parent cycle: x -> y -> x"]);
  });
});
