/**
 * Golden tests of the front end: every `accept/<case>.pipe` parses without a diagnostic and its
 * AST matches `<case>.ast.json`; every `reject/<case>.pipe` gets exactly the diagnostics in
 * `<case>.diagnostics.txt` (concise rendering). `PIPEC_UPDATE_GOLDEN=1` rewrites the goldens.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UPDATE_GOLDEN, writeGoldens } from "./helpers/golden.ts";
import { parse } from "../compiler/ast/parse.ts";
import { SourceFile } from "../compiler/source/source.ts";
import { FRONT_END_CODES } from "../compiler/diagnostics/codes.ts";
import { renderConcise } from "../compiler/diagnostics/render.ts";

const root = join(import.meta.dirname, "fixtures", "syntax");
const update = UPDATE_GOLDEN;

function cases(kind: "accept" | "reject"): string[] {
  return readdirSync(join(root, kind))
    .filter((f) => f.endsWith(".pipe"))
    .map((f) => f.slice(0, -".pipe".length))
    .sort();
}

/** Compares with golden files (path → text), or rewrites them under PIPEC_UPDATE_GOLDEN=1 (the test then skips). */
function golden(ctx: { skip(note?: string): never }, files: ReadonlyMap<string, string>): void {
  if (update) writeGoldens(ctx, files);
  for (const [path, actual] of files) {
    if (!existsSync(path)) throw new Error(`missing golden file ${path} (run npm run golden)`);
    expect(actual, path).toBe(readFileSync(path, "utf8"));
  }
}

/** The AST as compact JSON: spans as "start-end", one node per line where that stays short. */
export function astDump(value: unknown): string {
  const json = JSON.stringify(
    value,
    (key, v: unknown) => {
      if (key === "span" || key === "keywordSpan" || key === "nameSpan" || key === "calleeSpan") {
        const s = v as { start: number; end: number };
        return `${s.start}-${s.end}`;
      }
      return v;
    },
    1,
  );
  // Fold small objects and arrays onto one line.
  return `${json.replace(/\{\n\s*("kind": "(?:Name|Text|Number|Boolean|Duration|DateTime|Identifier|NumberExpr|StringExpr|NameExpr|RuntimeExpr|Comment)",[^{}[\]]*?)\n\s*\}/g, (_, body: string) => `{ ${body.replace(/\n\s*/g, " ")} }`)}\n`;
}

/** The front end only: lexing, parsing and building the AST. */
function check(file: string, text: string) {
  const source = new SourceFile(file, text);
  const r = parse(source);
  return { source, ast: r.ast, diagnostics: [...r.diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end) };
}

const known = new Set(FRONT_END_CODES.map((c) => c.code));

describe("accepted syntax", () => {
  for (const name of cases("accept")) {
    it(name, (ctx) => {
      const file = `${name}.pipe`;
      const text = readFileSync(join(root, "accept", file), "utf8");
      const r = check(file, text);
      expect(renderConcise(r.diagnostics, { color: false, nameOf: (c) => c, lookup: () => r.source })).toBe("");
      golden(ctx, new Map([[join(root, "accept", `${name}.ast.json`), astDump(r.ast)]]));
    });
  }
});

describe("rejected syntax", () => {
  for (const name of cases("reject")) {
    it(name, (ctx) => {
      const file = `${name}.pipe`;
      const text = readFileSync(join(root, "reject", file), "utf8");
      const r = check(file, text);
      expect(r.diagnostics.length).toBeGreaterThan(0);
      for (const d of r.diagnostics) {
        expect(known.has(d.code), d.code).toBe(true);
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
        expect(d.span.end).toBeLessThanOrEqual(text.length);
        // Messages are in words, never token-type names or dumps.
        expect(d.message).not.toMatch(/\b(?:LBrace|RBrace|Identifier|StringOpen|EOF|NoViableAlt|Mismatched)\b|\{"kind"/);
      }
      golden(ctx, new Map([[join(root, "reject", `${name}.diagnostics.txt`), renderConcise(r.diagnostics, { color: false, nameOf: (c) => c, lookup: () => r.source })]]));
    });
  }

  it("fixes apply cleanly: each fix removes the diagnostic it is attached to", () => {
    let fixes = 0;
    for (const name of cases("reject")) {
      const text = readFileSync(join(root, "reject", `${name}.pipe`), "utf8");
      for (const d of check(`${name}.pipe`, text).diagnostics) {
        if (!d.fix) continue;
        fixes++;
        const edits = [...d.fix.edits].sort((a, b) => b.span.start - a.span.start);
        let fixed = text;
        for (const e of edits) fixed = fixed.slice(0, e.span.start) + e.text + fixed.slice(e.span.end);
        const after = check(`${name}.pipe`, fixed).diagnostics;
        expect(after.some((x) => x.code === d.code && x.span.start === d.span.start), `${name}: ${d.fix.description}`).toBe(false);
      }
    }
    expect(fixes).toBeGreaterThanOrEqual(4);
  });

  it("covers every front-end syntax code with at least one case", () => {
    const seen = new Set<string>();
    for (const name of cases("reject")) {
      const text = readFileSync(join(root, "reject", `${name}.pipe`), "utf8");
      for (const d of check(`${name}.pipe`, text).diagnostics) seen.add(d.code);
    }
    const syntaxCodes = [...known].filter((c) => /^PIPE[01]/.test(c));
    expect(syntaxCodes.filter((c) => !seen.has(c))).toEqual([]);
  });
});
