import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OUTPUT_PATH, renderDiagnosticsDoc } from "../scripts/gen-diagnostics.ts";
import { allCodes, codeInfo } from "../compiler/catalog.ts";
import { VALIDATION_RULES } from "../compiler/model/index.ts";
import { ALL_RULES } from "../compiler/validate/registry.ts";
import { NOT_CHECKED } from "../compiler/validate/not-checked.ts";

describe("docs/diagnostics.md", () => {
  it("is up to date with the code tables (node scripts/gen-diagnostics.ts)", () => {
    expect(readFileSync(OUTPUT_PATH, "utf8")).toBe(renderDiagnosticsDoc());
  });
});

describe("code catalog", () => {
  it("has unique codes, and rule names unique among all codes", () => {
    const codes = allCodes();
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length);
    const names = new Set(ALL_RULES.map((r) => r.meta.name));
    expect(names.size).toBe(ALL_RULES.length);
    for (const { meta } of ALL_RULES) expect(codeInfo(meta.name)?.code, meta.name).toBe(meta.code);
  });

  it("finds rule codes by code and by name", () => {
    expect(codeInfo("PIPE4001")?.name).toBe("dependency-cycle");
    expect(codeInfo("pipe2003")?.name).toBe("unknown-reference");
    expect(codeInfo("unknown-field")?.code).toBe("PIPE2005");
  });

  it("puts each rule in the band of its kind, with an explanation", () => {
    for (const { meta } of ALL_RULES) {
      expect(meta.code, meta.name).toMatch(meta.kind === "lint" ? /^PIPE6\d{3}$/ : /^PIPE[234]\d{3}$/);
      expect(meta.explanation.length, meta.name).toBeGreaterThan(40);
    }
  });

  it("covers every reference validation rule: implemented or not checked with a reason", () => {
    const implemented = new Set(ALL_RULES.flatMap((r) => r.meta.implements ?? []));
    const uncovered = VALIDATION_RULES.map((r) => r.id).filter((id) => !implemented.has(id) && !NOT_CHECKED[id]);
    expect(uncovered).toEqual([]);
    expect(VALIDATION_RULES.length).toBe(45);
    // No rule claims an id the reference does not have, and nothing is both checked and excused.
    const ids = new Set(VALIDATION_RULES.map((r) => r.id));
    expect([...implemented].filter((id) => !ids.has(id))).toEqual([]);
    expect(Object.keys(NOT_CHECKED).filter((id) => implemented.has(id) || !ids.has(id))).toEqual([]);
  });
});
