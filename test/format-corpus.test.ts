/**
 * Formatting keeps the compiled output: for every example and every imported corpus definition,
 * the formatted text builds to the same Data Pipeline definitions (file and API forms) with the
 * same findings, keeps its comments, and formats to itself.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../compiler/ast/parse.ts";
import { formatSource, printAst } from "../compiler/format/index.ts";
import { importDefinition } from "../compiler/import/index.ts";
import { SourceFile } from "../compiler/source/source.ts";
import { commentTexts, meaning } from "./helpers/ast-meaning.ts";
import { build, corpusFiles, readCorpus, ROOT } from "./helpers/datapipeline.ts";
import { CORPUS_ENTRY, needShared } from "./helpers/shared.ts";

const corpusEntry = needShared(CORPUS_ENTRY, "test/format-corpus.test.ts");

function findings(text: string, path: string): string[] {
  return build(path, text).diagnostics.map((d) => `${d.code} ${d.severity} ${d.message}`).sort();
}

async function keepsOutput(path: string, text: string): Promise<string> {
  const r = await formatSource(text, path);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const out = r.formatted as string;
  expect((await formatSource(out, path)).formatted).toBe(out);
  const before = parse(new SourceFile(path, text)).ast;
  const after = parse(new SourceFile(path, out)).ast;
  expect(meaning(after)).toEqual(meaning(before));
  expect(commentTexts(after)).toEqual(commentTexts(before));
  for (const form of ["file", "api"] as const) expect(build(path, out, form).texts).toEqual(build(path, text, form).texts);
  expect(findings(out, path)).toEqual(findings(text, path));
  return out;
}

describe("formatting keeps the Data Pipeline output", () => {
  const dir = join(ROOT, "examples");
  const examples = readdirSync(dir).filter((f) => f.endsWith(".pipe")).sort();
  it.each(examples)("example %s", async (name) => {
    await keepsOutput(`examples/${name}`, readFileSync(join(dir, name), "utf8"));
  });

  describe.skipIf(!corpusEntry.present)(`imported corpus definitions${corpusEntry.note}`, () => {
    const corpus = corpusFiles();
    it("has the 40 definitions", () => expect(corpus).toHaveLength(40));
    it.each(corpus)("imported corpus definition %s", async (name) => {
      const imported = importDefinition(name, readCorpus(name), { pipelineName: "p" });
      const path = name.replace(/\.json$/, ".pipe");
      // The importer prints with the canonical printer: formatting it changes nothing.
      const out = await keepsOutput(path, imported.text);
      expect(out).toBe(imported.text);
      if (imported.ast) expect(printAst(parse(new SourceFile(path, out)).ast, { text: out })).toBe(out);
    });
  });
});
