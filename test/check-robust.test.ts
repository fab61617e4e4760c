/**
 * Resolution and validation never throw and no rule fails internally (PIPE9003), whatever the
 * input: random edits of a realistic pipeline, and of a definition JSON.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fcSeed } from "./helpers/fc.ts";
import { check } from "../compiler/compile.ts";
import { CORPUS_ENTRY, needShared } from "./helpers/shared.ts";

const PIPE = readFileSync(join(import.meta.dirname, "fixtures", "planted", "clean.pipe"), "utf8");
const corpus = needShared(CORPUS_ENTRY, "test/check-robust.test.ts");
const JSON_TEXT = corpus.present ? readFileSync(join(corpus.path, "samples__helloworld__helloworld.json"), "utf8") : "";

const PIECES = ["#<", ">", "{", "}", "[", "]", "=", "\"", "node.", "@", "(", ")", ",", "parent = Extract", "dependsOn = Load", "Template", "*", "1 day", "2026-01-01T00:00:00", "input.", "myDays", "'", "\n", " ", "default", "param", "Default"];

function mutate(text: string) {
  return fc
    .array(fc.record({ at: fc.nat({ max: text.length }), del: fc.nat({ max: 12 }), ins: fc.constantFrom(...PIECES) }), { minLength: 1, maxLength: 6 })
    .map((edits) => {
      let t = text;
      for (const e of edits) {
        const at = Math.min(e.at, t.length);
        t = t.slice(0, at) + e.ins + t.slice(Math.min(t.length, at + e.del));
      }
      return t;
    });
}

describe("check is robust", () => {
  it("never throws on edited .pipe sources", () => {
    fc.assert(
      fc.property(mutate(PIPE), (text) => {
        const r = check("x.pipe", text);
        expect(r.diagnostics.filter((d) => d.code === "PIPE9003").map((d) => d.message)).toEqual([]);
      }),
      { numRuns: 300, seed: fcSeed(42) },
    );
  });

  it.skipIf(!corpus.present)(`never throws on edited definition JSON${corpus.note}`, () => {
    fc.assert(
      fc.property(mutate(JSON_TEXT), (text) => {
        const r = check("x.json", text);
        expect(r.diagnostics.filter((d) => d.code === "PIPE9003").map((d) => d.message)).toEqual([]);
      }),
      { numRuns: 200, seed: fcSeed(7) },
    );
  });
});
