/** grammar/pipe.ebnf names exactly the parser's rules (and the lexical rules it uses are defined). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parser } from "../grammar/parser.ts";

const ebnf = readFileSync(join(import.meta.dirname, "..", "grammar", "pipe.ebnf"), "utf8").replace(/\(\*[\s\S]*?\*\)/g, " ");
/** Rules defined at the start of a line: `name = ...`. */
const defined = [...ebnf.matchAll(/^([A-Za-z_]+)\s*=/gm)].map((m) => m[1]);
const syntactic = defined.filter((n) => /^[a-z]/.test(n));
const lexical = defined.filter((n) => /^[A-Z_]+$/.test(n));
/** Rules of the file level, read by the driver rather than the parser. */
const DRIVER_RULES = ["file"];

describe("grammar/pipe.ebnf", () => {
  const rules = Object.keys(parser().getGAstProductions());

  it("defines every parser rule", () => {
    expect(rules.filter((r) => !syntactic.includes(r))).toEqual([]);
  });

  it("defines no syntactic rule the parser does not have", () => {
    expect(syntactic.filter((r) => !rules.includes(r) && !DRIVER_RULES.includes(r))).toEqual([]);
  });

  it("defines each rule once", () => {
    expect(defined.filter((r, i) => defined.indexOf(r) !== i)).toEqual([]);
  });

  it("defines every lexical rule it uses", () => {
    const used = new Set([...ebnf.replace(/"[^"]*"|'[^']*'/g, " ").matchAll(/\b([A-Z][A-Z_]+)\b/g)].map((m) => m[1]));
    const primitive = new Set(["ANY", "ANY_BUT_LINE_BREAK", "CR", "LF", "TAB", "FORM_FEED", "VERTICAL_TAB", "NBSP", "BOM"]);
    expect([...used].filter((u) => !lexical.includes(u) && !primitive.has(u)).sort()).toEqual([]);
  });
});
