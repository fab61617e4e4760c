/**
 * Properties of the front end over random, token-soup and mutated inputs: lexing and parsing
 * never throw and always end, and every diagnostic has a known code and lies inside its file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../compiler/ast/parse.ts";
import { FRONT_END_CODES } from "../compiler/diagnostics/codes.ts";
import { SourceFile } from "../compiler/source/source.ts";
import type { Span } from "../compiler/source/source.ts";
import { mutate, mutation, tokenSoup, tokenSoupTight } from "./helpers/syntax-inputs.ts";

const known = new Set(FRONT_END_CODES.map((c) => c.code));

/** Every span in the AST, for the range check. */
function spans(node: unknown, out: Span[] = []): Span[] {
  if (Array.isArray(node)) for (const n of node) spans(n, out);
  else if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if ((k === "span" || k.endsWith("Span")) && v && typeof v === "object" && "start" in v) out.push(v as Span);
      else spans(v, out);
    }
  }
  return out;
}

function checkText(text: string): void {
  const r = parse(new SourceFile("prop.pipe", text));
  for (const d of r.diagnostics) {
    if (!known.has(d.code)) throw new Error(`unknown code ${d.code}`);
    if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length)) {
      throw new Error(`${d.code} span ${d.span.start}-${d.span.end} outside 0-${text.length}: ${d.message}`);
    }
    if (d.message.length === 0 || /\{"kind"|undefined|NaN/.test(d.message)) throw new Error(`bad message: ${d.message}`);
    for (const e of d.fix?.edits ?? []) {
      if (!(e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= text.length)) throw new Error(`${d.code} fix edit outside the file`);
    }
  }
  for (const s of spans(r.ast)) {
    if (!(s.start >= 0 && s.start <= s.end && s.end <= text.length)) throw new Error(`AST span ${s.start}-${s.end} outside 0-${text.length}`);
  }
}

const fixtures = join(import.meta.dirname, "fixtures", "syntax", "accept");
const valid = readdirSync(fixtures)
  .filter((f) => f.endsWith(".pipe"))
  .sort()
  .map((f) => readFileSync(join(fixtures, f), "utf8"));

describe("front-end properties", () => {
  it("accepts what it should: the fixtures parse without diagnostics", () => {
    for (const text of valid) expect(parse(new SourceFile("ok.pipe", text)).diagnostics).toEqual([]);
  });

  it("random strings: never throws, spans inside the file", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => checkText(s)), { numRuns: 1500 });
  });

  it("random strings over the language's characters", () => {
    const chars = fc.constantFrom(..."pipelineparamdefault{}[]()=:,*\"'`#<>{}\\/ \n\tabcXYZ019.-+^@".split(""));
    fc.assert(fc.property(fc.array(chars, { maxLength: 300 }).map((a) => a.join("")), (s) => checkText(s)), { numRuns: 1500 });
  });

  it("token soup: never throws, spans inside the file", () => {
    fc.assert(fc.property(tokenSoup, (s) => checkText(s)), { numRuns: 1000 });
    fc.assert(fc.property(tokenSoupTight, (s) => checkText(s)), { numRuns: 1000 });
  });

  it("token soup inside a pipeline block and inside strings", () => {
    fc.assert(
      fc.property(tokenSoup, fc.constantFrom(0, 1, 2), (soup, where) => {
        const text = where === 0 ? `pipeline p {\n${soup}\n}\n` : where === 1 ? `pipeline p {\n  Thing A {\n    x = "#<${soup}>"\n  }\n}\n` : `pipeline p {\n  Thing A {\n    x = """\n${soup}\n"""\n  }\n}\n`;
        checkText(text);
      }),
      { numRuns: 1000 },
    );
  });

  it("mutated valid inputs: never throws, spans inside the file", () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 6 }), (text, ms) => {
        checkText(ms.reduce(mutate, text));
      }),
      { numRuns: 2000 },
    );
  });

  it("deep nesting and long inputs end quickly with bounded diagnostics", () => {
    for (const open of ["{", "[", "(", "#<(", "x = [", "Thing A {"]) {
      const text = `pipeline p {\n  Thing A {\n    x = ${open.repeat(3000)}\n  }\n}\n`;
      const r = parse(new SourceFile("deep.pipe", text));
      expect(r.diagnostics.length).toBeGreaterThan(0);
      expect(r.diagnostics.length).toBeLessThanOrEqual(101);
      checkText(text);
    }
    checkText(`pipeline p {\n  Thing A {\n    x = "${"a".repeat(200_000)}\n  }\n}\n`);
    checkText(`pipeline p {\n${"  x = 1 ~\n".repeat(5000)}}\n`);
  });
});
