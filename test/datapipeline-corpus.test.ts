/**
 * Round trip on the real corpus (../shared/corpus/datapipeline-samples): every definition is
 * imported to `.pipe`, built back, and compared in meaning with the original (objects, fields
 * and list elements without regard to order, refs as refs, a missing name equal to the id).
 * Definitions with errors of their own are listed, with the reason, in
 * fixtures/datapipeline/corpus-exceptions.json: they still round-trip in meaning, but
 * `pipec build` refuses to write them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../compiler/ast/parse.ts";
import { canonicalDefinition } from "../compiler/emit/datapipeline/definition.ts";
import { applyEnvironment, mergeEnvironments, readValuesFile } from "../compiler/emit/datapipeline/environment.ts";
import { importDefinition } from "../compiler/import/index.ts";
import { compile } from "../compiler/compile.ts";
import { SourceFile } from "../compiler/source/source.ts";
import { build, corpusFiles, readCorpus, ROOT, schemaErrors } from "./helpers/datapipeline.ts";
import { CORPUS_ENTRY, needShared } from "./helpers/shared.ts";

const EXCEPTIONS = JSON.parse(readFileSync(join(ROOT, "test/fixtures/datapipeline/corpus-exceptions.json"), "utf8")) as Record<string, { codes: string[]; reason: string }>;
const corpus = needShared(CORPUS_ENTRY, "test/datapipeline-corpus.test.ts");
const files = corpusFiles();

/** Imports, then builds the `.pipe` with the definition's own values as the environment. */
function roundTrip(name: string, text: string) {
  const imported = importDefinition(name, text, { pipelineName: "p" });
  const pipe = name.replace(/\.json$/, ".pipe");
  const r = compile(pipe, imported.text);
  const p = r.ir.pipelines[0];
  const values = imported.valuesFile ? applyEnvironment(p, mergeEnvironments(readValuesFile("values.json", imported.valuesFile).values)).values : [];
  const file = build(pipe, imported.text, "file", values);
  const api = build(pipe, imported.text, "api", values);
  return { imported, file, api };
}

describe.skipIf(!corpus.present)(`corpus round trip${corpus.note}`, () => {
  it("has the 40 definitions", () => {
    expect(files).toHaveLength(40);
  });

  it.each(files)("%s: import then build is equal in meaning to the original", (name) => {
    const original = readCorpus(name);
    const { imported, file, api } = roundTrip(name, original);
    expect(imported.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(parse(new SourceFile("x.pipe", imported.text)).diagnostics).toEqual([]);
    expect(imported.definition).toBeDefined();
    expect(file.definitions).toHaveLength(1);
    expect(canonicalDefinition(file.definitions[0])).toBe(canonicalDefinition(imported.definition!));
    expect(schemaErrors(file.texts[0], "file")).toEqual([]);
    expect(schemaErrors(api.texts[0], "api")).toEqual([]);

    const errorCodes = [...new Set(file.errors.map((d) => d.code))].sort();
    const exception = EXCEPTIONS[name];
    if (exception) {
      expect(errorCodes).toEqual([...exception.codes].sort());
      expect(exception.reason.length).toBeGreaterThan(40);
    } else {
      expect(file.errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    }
  });

  it.each(files)("%s: build -> import -> build is a fixed point", (name) => {
    const first = roundTrip(name, readCorpus(name));
    const second = roundTrip(name, first.file.texts[0]);
    // The re-imported source is the same text, and building it gives the same bytes.
    expect(second.imported.text).toBe(first.imported.text);
    expect(second.file.texts[0]).toBe(first.file.texts[0]);
    // The API form imports to the same meaning (one-element lists become single values, as
    // with get-pipeline-definition), and is a fixed point from there on.
    const viaApi = roundTrip(name, first.api.texts[0]);
    expect(canonicalDefinition(viaApi.file.definitions[0])).toBe(canonicalDefinition(first.file.definitions[0]));
    const again = roundTrip(name, viaApi.api.texts[0]);
    expect(again.imported.text).toBe(viaApi.imported.text);
    expect(again.api.texts[0]).toBe(viaApi.api.texts[0]);
  });

  it.each(files)("%s: compiled directly as JSON, gives the same objects and parameters", (name) => {
    const original = readCorpus(name);
    const direct = build(name, original);
    const imported = importDefinition(name, original);
    const withoutValues = { ...imported.definition!, values: [] };
    expect(canonicalDefinition(direct.definitions[0])).toBe(canonicalDefinition(withoutValues));
  });

  it("lists only real exceptions", () => {
    for (const name of Object.keys(EXCEPTIONS)) expect(files).toContain(name);
  });
});
