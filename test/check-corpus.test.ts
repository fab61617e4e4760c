/**
 * `check` on the real corpus (../shared/corpus/datapipeline-samples, read as definition JSON):
 * no file draws an error, except the defects listed with their reason in
 * fixtures/datapipeline/corpus-exceptions.json. Diagnostics point into the JSON text.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../compiler/compile.ts";
import { CORPUS_ENTRY, needShared } from "./helpers/shared.ts";

const ROOT = join(import.meta.dirname, "..");
const corpus = needShared(CORPUS_ENTRY, "test/check-corpus.test.ts");
const CORPUS = corpus.path;
const EXCEPTIONS = JSON.parse(readFileSync(join(ROOT, "test/fixtures/datapipeline/corpus-exceptions.json"), "utf8")) as Record<string, { codes: string[] }>;
const files = !corpus.present ? [] : readdirSync(CORPUS).filter((f) => f.endsWith(".json")).sort();

describe.skipIf(!corpus.present)(`check on the definition corpus${corpus.note}`, () => {
  it("finds the 40 definitions", () => expect(files.length).toBe(40));

  for (const f of files) {
    it(`${f} has no errors`, () => {
      const text = readFileSync(join(CORPUS, f), "utf8");
      const r = check(f, text);
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      const allowed = new Set(EXCEPTIONS[f]?.codes ?? []);
      expect(errors.filter((d) => !allowed.has(d.code)).map((d) => `${r.source.position(d.span.start).line}: ${d.code} ${d.message}`)).toEqual([]);
      expect(r.ir.pipelines.length).toBe(1);
      expect(r.ir.pipelines[0].objects.length).toBeGreaterThan(0);
    });
  }

  it("points at the line and column inside a JSON string", () => {
    const f = "samples__DynamoDBImport__XMLtoDynamoDBImport.json";
    const text = readFileSync(join(CORPUS, f), "utf8");
    const r = check(f, text);
    const d = r.diagnostics.find((x) => x.code === "PIPE2010" && x.message.includes("myLogUri"));
    expect(d).toBeDefined();
    const at = r.source.position(d!.span.start);
    expect(r.source.lineText(at.line).slice(at.column - 1, at.column - 1 + 8)).toBe("myLogUri");
  });

  it("reports the planted period defect of the kinesis sample at its line", () => {
    const f = "samples__kinesis__kinesis-to-s3.json";
    const text = readFileSync(join(CORPUS, f), "utf8");
    const r = check(f, text);
    const d = r.diagnostics.find((x) => x.code === "PIPE3001");
    expect(d && r.source.lineText(r.source.position(d.span.start).line)).toContain("15 Period");
  });
});
