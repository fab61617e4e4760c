/**
 * The TextMate grammar of the VS Code extension, run by vscode-textmate with the Oniguruma
 * engine (what VS Code runs), on the examples and the syntax fixtures (broken files included). Expected scopes come from
 * the compiler's Chevrotain lexer (grammar/lexer.ts): every comment, string, escape, `#<...>`
 * expression, keyword and literal token it finds must carry the matching scope, and no code
 * token may be scoped as a string or a comment. So the highlighting and the language cannot
 * drift apart silently.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { IToken } from "chevrotain";
import oniguruma from "vscode-oniguruma";
import textmate from "vscode-textmate";
import { beforeAll, describe, expect, it } from "vitest";
import { lex } from "../../grammar/lexer.ts";
import { grammarText } from "../../editors/vscode/scripts/grammar.mts";

const ROOT = join(import.meta.dirname, "..", "..");
const EXT = join(ROOT, "editors", "vscode");

let grammar: textmate.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(join(ROOT, "node_modules", "vscode-oniguruma", "release", "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (scope === "source.pipe" ? textmate.parseRawGrammar(readFileSync(join(EXT, "syntaxes", "pipe.tmLanguage.json"), "utf8"), "pipe.tmLanguage.json") : null),
  });
  const g = await registry.loadGrammar("source.pipe");
  if (!g) throw new Error("the grammar did not load");
  grammar = g;
});

/** Scopes at every offset of a text (line breaks included as the previous character's). */
function scopesOf(text: string): string[][] {
  const out: string[][] = new Array(text.length);
  let stack = textmate.INITIAL;
  const lines = text.split(/(\r\n|\r|\n)/);
  let offset = 0;
  for (let i = 0; i < lines.length; i += 2) {
    const line = lines[i];
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) for (let k = t.startIndex; k < Math.min(t.endIndex, line.length); k++) out[offset + k] = t.scopes;
    stack = r.ruleStack;
    const br = lines[i + 1] ?? "";
    for (let k = 0; k < br.length; k++) out[offset + line.length + k] = out[offset + line.length - 1] ?? ["source.pipe"];
    offset += line.length + br.length;
  }
  return out;
}

const has = (scopes: readonly string[] | undefined, prefix: string): boolean => (scopes ?? []).some((s) => s === prefix || s.startsWith(`${prefix}.`));

/** Expected scope of a token (by the lexer's token name), at its first character. */
const EXPECTED: Readonly<Record<string, string>> = {
  LineComment: "comment.line",
  BlockComment: "comment.block",
  TripleQuote: "string.quoted.triple",
  TripleQuoteEnd: "string.quoted.triple",
  TripleStringText: "string.quoted.triple",
  DoubleQuote: "string.quoted.double",
  DoubleQuoteEnd: "string.quoted.double",
  StringText: "string.quoted.double",
  Escape: "constant.character.escape",
  TripleEscape: "constant.character.escape",
  DStrInterpStart: "punctuation.section.interpolation.begin",
  TStrInterpStart: "punctuation.section.interpolation.begin",
  DExprEnd: "punctuation.section.interpolation.end",
  TExprEnd: "punctuation.section.interpolation.end",
  AtIdentifier: "variable.language.runtime",
  ExprSString: "string.quoted.single",
  ExprNumber: "constant.numeric",
  DateTime: "constant.other.datetime",
  Duration: "constant.numeric.duration",
  Number: "constant.numeric",
  True: "constant.language.boolean",
  False: "constant.language.boolean",
};
/** Tokens of an expression inside `#<...>`. */
const EXPRESSION_TOKENS = new Set(["AtIdentifier", "ExprSString", "ExprDString", "ExprNumber", "Plus", "Minus", "Slash", "Caret", "Dot"]);
/** Tokens of code outside strings and comments. */
const CODE_TOKENS = new Set(["LBrace", "RBrace", "LBracket", "RBracket", "Equals", "Colon", "DateTime", "Duration", "Number", "True", "False", "Pipeline", "Param", "Default", "QuotedIdentifier"]);

function sources(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const f of readdirSync(join(ROOT, "examples")).sort()) if (f.endsWith(".pipe")) out.push({ name: `examples/${f}`, text: readFileSync(join(ROOT, "examples", f), "utf8") });
  const acc = join(ROOT, "test", "fixtures", "syntax", "accept");
  for (const f of readdirSync(acc).sort()) if (f.endsWith(".pipe")) out.push({ name: `syntax/accept/${f}`, text: readFileSync(join(acc, f), "utf8") });
  const rej = join(ROOT, "test", "fixtures", "syntax", "reject");
  for (const f of readdirSync(rej).sort()) if (f.endsWith(".pipe")) out.push({ name: `syntax/reject/${f}`, text: readFileSync(join(rej, f), "utf8") });
  return out;
}

function allTokens(text: string): IToken[] {
  const r = lex(text);
  return [...r.tokens, ...r.comments].sort((a, b) => a.startOffset - b.startOffset);
}

describe("TextMate grammar", () => {
  it("is the one generated from the lexer's patterns", () => {
    expect(readFileSync(join(EXT, "syntaxes", "pipe.tmLanguage.json"), "utf8")).toBe(grammarText());
  });

  const files = sources();
  it("covers the examples and the syntax fixtures", () => {
    expect(files.filter((f) => f.name.startsWith("examples/")).length).toBeGreaterThanOrEqual(10);
    expect(files.filter((f) => f.name.startsWith("syntax/")).length).toBeGreaterThanOrEqual(15);
  });

  for (const file of files) {
    it(`scopes ${file.name} as the lexer reads it`, () => {
      const scopes = scopesOf(file.text);
      const problems: string[] = [];
      const tokens = allTokens(file.text);
      let checked = 0;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        const name = t.tokenType.name;
        const at = scopes[t.startOffset];
        const where = `${name} '${t.image.slice(0, 30)}' at ${t.startOffset}: [${(at ?? []).join(" ")}]`;
        const expected = EXPECTED[name];
        if (expected) {
          checked++;
          if (!has(at, expected)) problems.push(`${where}: expected ${expected}`);
        }
        if (EXPRESSION_TOKENS.has(name) || (name === "Identifier" && insideExpression(tokens, i))) {
          checked++;
          if (!has(at, "meta.interpolation")) problems.push(`${where}: expected meta.interpolation`);
        }
        if (CODE_TOKENS.has(name) || (name === "Identifier" && !insideExpression(tokens, i))) {
          if (has(at, "string") || has(at, "comment")) problems.push(`${where}: code scoped as a string or comment`);
        }
        if ((name === "Pipeline" || name === "Param" || name === "Default") && !["Equals", "Colon"].includes(tokens[i + 1]?.tokenType.name ?? "") && !insideBackticks(t)) {
          checked++;
          if (!has(at, "keyword")) problems.push(`${where}: expected a keyword scope`);
        }
      }
      expect(problems).toEqual([]);
      if (tokens.length > 0) expect(checked).toBeGreaterThan(0);
    });
  }

  it("scopes each construct as documented", () => {
    const text = [
      "// a comment",
      "pipeline p {",
      "  /* block */ param myN: Integer = 3",
      '  ShellCommandActivity A { command = "echo #<format(@scheduledStartTime, \'YYYY\')> \\n" }',
      '  S3DataNode B { directoryPath = """',
      "    s3://x/#<myN + 1>/",
      '  """ }',
      "  Schedule S { period = 1 day startDateTime = 2026-01-01T00:00:00 }",
      "}",
    ].join("\n");
    const scopes = scopesOf(text);
    const at = (needle: string, delta = 0): string[] => scopes[text.indexOf(needle) + delta];
    expect(has(at("// a"), "comment.line")).toBe(true);
    expect(has(at("/* block"), "comment.block")).toBe(true);
    expect(has(at("pipeline"), "keyword.other.pipeline")).toBe(true);
    expect(has(at("param"), "keyword.other.param")).toBe(true);
    expect(has(at("myN:"), "variable.parameter")).toBe(true);
    expect(has(at("ShellCommandActivity"), "entity.name.type.object")).toBe(true);
    expect(has(at("command ="), "variable.other.property")).toBe(true);
    expect(has(at('"echo'), "string.quoted.double")).toBe(true);
    expect(has(at("#<format"), "punctuation.section.interpolation.begin")).toBe(true);
    expect(has(at("format("), "support.function")).toBe(true);
    expect(has(at("@scheduled"), "variable.language.runtime")).toBe(true);
    expect(has(at("'YYYY'"), "string.quoted.single")).toBe(true);
    expect(has(at("\\n"), "constant.character.escape")).toBe(true);
    expect(has(at('"""'), "string.quoted.triple")).toBe(true);
    expect(has(at("s3://x"), "string.quoted.triple")).toBe(true);
    expect(has(at("myN + 1"), "meta.interpolation")).toBe(true);
    expect(has(at("1 day"), "constant.numeric.duration")).toBe(true);
    expect(has(at("2026-01-01T"), "constant.other.datetime")).toBe(true);
    // After the triple-quoted string, code is code again.
    expect(has(at("Schedule S"), "string")).toBe(false);
  });
});

function insideExpression(tokens: readonly IToken[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const n = tokens[j].tokenType.name;
    if (n === "DStrInterpStart" || n === "TStrInterpStart") return true;
    if (n === "DExprEnd" || n === "TExprEnd" || n === "DExprAbort" || n === "DExprBreak" || n === "TExprAbort" || n === "StringBreak" || n === "DoubleQuote" || n === "TripleQuote" || n === "DoubleQuoteEnd" || n === "TripleQuoteEnd" || n === "LBrace" || n === "RBrace" || n === "Equals") return false;
  }
  return false;
}

function insideBackticks(t: IToken): boolean {
  return t.image.startsWith("`");
}
