import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { member, readJson, type JsonNode } from "../compiler/import/json.ts";

function plain(n: JsonNode | undefined): unknown {
  if (!n) return undefined;
  switch (n.kind) {
    case "object": {
      // Own properties even for "__proto__" (an assignment would set the prototype instead).
      const o: Record<string, unknown> = {};
      for (const m of n.members) Object.defineProperty(o, m.key, { value: plain(m.value), enumerable: true, writable: true, configurable: true });
      return o;
    }
    case "array":
      return n.items.map(plain);
    case "string":
      return n.value;
    case "number":
      return Number(n.raw);
    case "boolean":
      return n.value;
    case "null":
      return null;
  }
}

describe("lenient JSON reader", () => {
  it("reads strict JSON like JSON.parse", () => {
    const text = '{"a": [1, -2.5e3, "x\\n\\u00e9\\"", true, false, null], "b": {"c": {}}}';
    const r = readJson("t.json", text);
    expect(r.diagnostics).toEqual([]);
    expect(plain(r.value)).toEqual(JSON.parse(text));
  });

  it("keeps a member named __proto__ as an own member, as JSON.parse does", () => {
    for (const text of ['{"__proto__":null}', '{"a":1,"__proto__":{"b":2},"__proto__":[3]}']) {
      expect(JSON.stringify(plain(readJson("t.json", text).value))).toBe(JSON.stringify(JSON.parse(text)));
    }
  });

  it("agrees with JSON.parse on arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const r = readJson("t.json", text);
        expect(r.diagnostics).toEqual([]);
        // JSON.parse keeps the last duplicate key; so does `plain` (later members overwrite).
        expect(JSON.stringify(plain(r.value))).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 200 },
    );
  });

  it("accepts trailing commas with a warning PIPE5151 at the comma", () => {
    const text = '{"objects": [{"id": "A",},],}';
    const r = readJson("t.json", text);
    expect(plain(r.value)).toEqual({ objects: [{ id: "A" }] });
    expect(r.diagnostics.map((d) => [d.code, d.severity, text[d.span.start]])).toEqual([
      ["PIPE5151", "warning", ","],
      ["PIPE5151", "warning", ","],
      ["PIPE5151", "warning", ","],
    ]);
  });

  it("reads a raw line break inside a string as a line break, with a warning PIPE5152", () => {
    const text = '{"c": "first\n   second"}';
    const r = readJson("t.json", text);
    expect(plain(r.value)).toEqual({ c: "first\n   second" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PIPE5152"]);
    expect(r.diagnostics[0].span.start).toBe(text.indexOf("\n"));
  });

  it("keeps every duplicate key and reports the later ones (PIPE5153) with the first as related", () => {
    const text = '{"step": "a", "step": "b"}';
    const r = readJson("t.json", text);
    const o = r.value;
    expect(o?.kind).toBe("object");
    if (o?.kind !== "object") return;
    expect(o.members.map((m) => m.key)).toEqual(["step", "step"]);
    expect(member(o, "step")?.value).toMatchObject({ kind: "string", value: "b" });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "PIPE5153", severity: "warning", span: { start: 14, end: 20 } });
    expect(r.diagnostics[0].related?.[0].span).toEqual({ start: 1, end: 7 });
  });

  it("skips comments with a warning PIPE5154", () => {
    const r = readJson("t.json", '// head\n{"a": /* inline */ "b"}');
    expect(plain(r.value)).toEqual({ a: "b" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PIPE5154", "PIPE5154"]);
  });

  it("keeps positions: spans of keys and values point into the text", () => {
    const text = '{\n  "id": "Copy",\n  "runsOn": {"ref": "Box"}\n}';
    const r = readJson("t.json", text);
    if (r.value?.kind !== "object") throw new Error("object expected");
    const runsOn = member(r.value, "runsOn");
    expect(text.slice(runsOn?.keySpan.start, runsOn?.keySpan.end)).toBe('"runsOn"');
    expect(text.slice(runsOn?.value.span.start, runsOn?.value.span.end)).toBe('{"ref": "Box"}');
    const id = member(r.value, "id")?.value;
    if (id?.kind !== "string") throw new Error("string expected");
    // Each character of the value maps to its offset.
    expect(text[id.offsets[0]]).toBe("C");
  });

  it("reports syntax errors as PIPE5150 and recovers", () => {
    const r = readJson("t.json", '{"a": , "b": "c" "d": 1}');
    expect(r.diagnostics.every((d) => d.code === "PIPE5150")).toBe(true);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    if (r.value?.kind !== "object") throw new Error("object expected");
    expect(member(r.value, "b")?.value).toMatchObject({ kind: "string", value: "c" });
  });

  it("bounds nesting depth (PIPE5162) instead of overflowing the stack", () => {
    const r = readJson("t.json", "[".repeat(100000) + "]".repeat(100000));
    expect(r.diagnostics.map((d) => d.code)).toContain("PIPE5162");
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("{", "}", "[", "]", ",", ":", '"', "\\", "a", "1", " ", "\n", "/", "*", "t", "n", "'") }), (text) => {
        const r = readJson("t.json", text);
        for (const d of r.diagnostics) {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(text.length + 1);
        }
      }),
      { numRuns: 500 },
    );
  });
});
