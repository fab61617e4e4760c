import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { inChild } from "./helpers/child.ts";
import { codeInfo } from "../compiler/catalog.ts";
import type { Diagnostic } from "../compiler/diagnostics/diagnostic.ts";
import { fileUri, renderSarif } from "../compiler/diagnostics/sarif.ts";
import { SourceFile } from "../compiler/source/source.ts";

const require = createRequire(import.meta.url);
/** The official SARIF 2.1.0 (rtm.5) JSON schema, as shipped by Microsoft's SARIF matchers package. */
const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

const ROOT = new URL("..", import.meta.url).pathname;

function valid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe("SARIF output", () => {
  const src = new SourceFile("dir with space/a.pipe", 'pipeline p {\n  a = "x #{y}"\n}\n');
  const diags: Diagnostic[] = [
    {
      code: "PIPE0007",
      severity: "error",
      message: "`#{y}` is Data Pipeline syntax",
      file: src.path,
      span: { start: 22, end: 26 },
      hint: "write #<y>",
      fix: { description: "rewrite as #<y>", edits: [{ span: { start: 22, end: 26 }, text: "#<y>" }] },
      related: [{ message: "declared here", file: src.path, span: { start: 0, end: 8 } }],
    },
    { code: "PIPE1011", severity: "warning", message: "no pipeline", file: "other.pipe", span: { start: 0, end: 0 } },
    { code: "PIPE1010", severity: "info", message: "more", file: src.path, span: { start: 41, end: 41 } },
  ];

  it("is valid against the official SARIF 2.1.0 schema, with rules, regions, fixes and related locations", () => {
    const out = renderSarif(diags, { lookup: (f) => (f === src.path ? src : undefined), infoOf: codeInfo, toolVersion: "1.2.3" });
    const log = JSON.parse(out);
    valid(log);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["PIPE0007", "PIPE1010", "PIPE1011"]);
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(["error", "warning", "note"]);
    expect(run.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "dir%20with%20space/a.pipe" },
      region: { startLine: 2, startColumn: 10, endLine: 2, endColumn: 14, charOffset: 22, charLength: 4 },
    });
    expect(run.results[0].fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBe("#<y>");
    expect(run.results[0].relatedLocations[0].message.text).toBe("declared here");
    expect(run.results[1].ruleIndex).toBe(2);
  });

  it("is valid with no findings, and deterministic", () => {
    const a = renderSarif([], { lookup: () => undefined, infoOf: codeInfo });
    valid(JSON.parse(a));
    // The check can fail: a run without its tool, or a bad level, is rejected.
    expect(validate({ version: "2.1.0", runs: [{ results: [] }] })).toBe(false);
    const bad = JSON.parse(renderSarif(diags, { lookup: () => src, infoOf: codeInfo }));
    bad.runs[0].results[0].level = "fatal";
    expect(validate(bad)).toBe(false);
    // The same bytes in another process (another time zone and locale).
    const other = inChild(
      [
        'const { codeInfo } = await import(`${root}compiler/catalog.ts`);',
        'const { renderSarif } = await import(`${root}compiler/diagnostics/sarif.ts`);',
        'const { SourceFile } = await import(`${root}compiler/source/source.ts`);',
        "const src = new SourceFile(input.path, input.text);",
        "process.stdout.write(renderSarif(input.diags, { lookup: () => src, infoOf: codeInfo }));",
      ].join("\n"),
      { path: src.path, text: src.text, diags },
    );
    expect(renderSarif(diags, { lookup: () => src, infoOf: codeInfo })).toBe(other);
  });

  it("builds URIs from relative, absolute and Windows paths", () => {
    expect(fileUri("a/b c.pipe")).toBe("a/b%20c.pipe");
    expect(fileUri("/tmp/x#1.pipe")).toBe("file:///tmp/x%231.pipe");
    expect(fileUri("a\\b.pipe")).toBe("a/b.pipe");
  });

  it("`pipec check --format sarif` prints a schema-valid log", () => {
    const d = mkdtempSync(join(tmpdir(), "pipec-sarif-"));
    writeFileSync(join(d, "bad.pipe"), 'pipeline p {\n  a = "oops\n}\n');
    const r = spawnSync(join(ROOT, "node_modules/.bin/node"), [join(ROOT, "test/helpers/pipec-src.ts"), "check", "--format", "sarif", join(d, "bad.pipe")], { encoding: "utf8" });
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout);
    valid(log);
    expect(log.runs[0].results.some((x: { ruleId: string }) => x.ruleId === "PIPE0002")).toBe(true);
  });
});
