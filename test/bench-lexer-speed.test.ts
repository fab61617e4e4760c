/**
 * The lexer runs with Chevrotain's first-character optimisation in every mode, and that gives
 * exactly the tokens of the unoptimised lexer (which tries every pattern in order).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Lexer, type IToken } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fcSeed } from "./helpers/fc.ts";
import { lexerDefinition } from "../grammar/tokens.ts";
import { generate } from "../bench/generate.ts";

const optimised = new Lexer(lexerDefinition, { positionTracking: "onlyOffset", ensureOptimizations: true, skipValidations: true });
const reference = new Lexer(lexerDefinition, { positionTracking: "onlyOffset", safeMode: true, skipValidations: true });

function shape(tokens: readonly IToken[]): string[] {
  return tokens.map((t) => `${t.tokenType.name}@${t.startOffset}:${t.image}`);
}

function same(text: string): void {
  const a = optimised.tokenize(text);
  const b = reference.tokenize(text);
  expect(shape(a.tokens)).toEqual(shape(b.tokens));
  for (const g of ["comments", "errors"]) expect(shape(a.groups[g] ?? [])).toEqual(shape(b.groups[g] ?? []));
  expect(a.errors.map((e) => [e.offset, e.length])).toEqual(b.errors.map((e) => [e.offset, e.length]));
}

const root = join(import.meta.dirname, "..");

describe("lexer first-character optimisation", () => {
  it("is on in every mode (construction would throw otherwise)", () => {
    expect((optimised as unknown as { canModeBeOptimized: Record<string, boolean> }).canModeBeOptimized).toEqual({ main: true, dstr: true, tstr: true, dexpr: true, texpr: true });
  });

  it("gives the same tokens as the unoptimised lexer on the examples and fixtures", () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith(".pipe")) files.push(join(dir, e.name));
      }
    };
    walk(join(root, "examples"));
    walk(join(root, "test", "fixtures"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) same(readFileSync(f, "utf8"));
  });

  it("gives the same tokens on generated pipelines", () => {
    same(generate({ objects: 300, seed: 1 }));
  });

  it("gives the same tokens on arbitrary text, broken strings and non-ASCII input", () => {
    const pieces = ['"', '"""', "#<", ">", "#{", "}", "{", "\\", "\n", "\r\n", " ", "'", "`", "/*", "*/", "//", "é", "\u{1F600}", "\uD800", "\uFEFF", "pipeline", "x = ", "1 day", "2026-01-01T00:00:00", "@a", "(", ")", "-1.5", "\t"];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 }), fc.string({ unit: "binary", maxLength: 3 })), { maxLength: 40 }), (parts) => {
        same(parts.join(""));
      }),
      { numRuns: 400, seed: fcSeed(6) },
    );
  });
});
