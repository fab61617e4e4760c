/** grammar/pipe.ebnf names exactly the parser's rules (and the lexical rules it uses are defined). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Lexer } from "chevrotain";
import { parser, PipeParser } from "../grammar/parser.ts";
import { lexerDefinition } from "../grammar/tokens.ts";

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

describe("grammar/", () => {
  // Chevrotain's validations use Object.groupBy (Node 22+, as the package requires; npm test runs Node 24).
  it.skipIf(typeof (Object as { groupBy?: unknown }).groupBy !== "function")("passes Chevrotain's own validations (ambiguities, left recursion, lexer patterns)", () => {
    const saved = process.env.PIPEC_VALIDATE_GRAMMAR;
    process.env.PIPEC_VALIDATE_GRAMMAR = "1";
    try {
      expect(() => new PipeParser()).not.toThrow();
    } finally {
      if (saved === undefined) delete process.env.PIPEC_VALIDATE_GRAMMAR;
      else process.env.PIPEC_VALIDATE_GRAMMAR = saved;
    }
    const lexer = new Lexer(lexerDefinition, { positionTracking: "onlyOffset", skipValidations: false, ensureOptimizations: false });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
  });
});

describe("grammar/tokens.ts", () => {
  it("keeps Chevrotain's first-character optimisation in every lexer mode (about three times faster)", () => {
    expect(() => new Lexer(lexerDefinition, { positionTracking: "onlyOffset", ensureOptimizations: true, skipValidations: true })).not.toThrow();
  });
});

describe("docs/language.md", () => {
  const doc = readFileSync(join(import.meta.dirname, "..", "docs", "language.md"), "utf8");

  it("lists every syntax code of the front end in its table, with its name and severity", async () => {
    const { FRONT_END_CODES } = await import("../compiler/diagnostics/codes.ts");
    const missing = FRONT_END_CODES.filter((c) => /^PIPE[01]/.test(c.code)).filter((c) => !doc.includes(`| ${c.code} | ${c.name} | ${c.severity} |`));
    expect(missing.map((c) => c.code)).toEqual([]);
  });

  it("has examples that parse: every fenced block that starts with `pipeline` or a comment is valid", async () => {
    const { parse } = await import("../compiler/ast/parse.ts");
    const { SourceFile } = await import("../compiler/source/source.ts");
    const blocks = [...doc.matchAll(/```\n((?:\/\/[^\n]*\n)*pipeline [\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const b of blocks) expect(parse(new SourceFile("doc.pipe", b)).diagnostics.map((d) => d.message)).toEqual([]);
  });
});
