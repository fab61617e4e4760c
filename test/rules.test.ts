/**
 * Rule fixtures: test/fixtures/rules/<rule-name>/bad.pipe marks each line where the rule must
 * report with `// expect: PIPE....`; good.pipe must not draw the rule's code, nor any error.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, compile } from "../compiler/compile.ts";
import { ALL_RULES } from "../compiler/validate/registry.ts";

const ROOT = join(import.meta.dirname, "fixtures", "rules");

function expectations(text: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    for (const m of l.matchAll(/\/\/ expect: (PIPE\d{4})/g)) out.push({ line: i + 1, code: m[1] });
  });
  return out;
}

function run(file: string) {
  const text = readFileSync(file, "utf8");
  const r = check(file, text);
  return { text, diagnostics: r.diagnostics.map((d) => ({ ...d, line: r.source.position(d.span.start).line })) };
}

describe("rule fixtures", () => {
  it("every rule has a fixture directory", () => {
    const dirs = new Set(readdirSync(ROOT));
    const missing = ALL_RULES.map((r) => r.meta.name).filter((n) => !dirs.has(n));
    expect(missing).toEqual([]);
  });

  for (const rule of ALL_RULES) {
    const dir = join(ROOT, rule.meta.name);
    if (!existsSync(dir)) continue;
    const { code } = rule.meta;
    it(`${rule.meta.name} (${code}) reports at the marked lines of bad.pipe`, () => {
      const { text, diagnostics } = run(join(dir, "bad.pipe"));
      const expected = expectations(text).filter((e) => e.code === code);
      expect(expected.length).toBeGreaterThan(0);
      const got = diagnostics.filter((d) => d.code === code).map((d) => d.line);
      for (const e of expected) expect(got, `line ${e.line}: ${JSON.stringify(diagnostics.map((d) => [d.line, d.code, d.message]))}`).toContain(e.line);
      expect([...new Set(got)].sort((a, b) => a - b)).toEqual([...new Set(expected.map((e) => e.line))].sort((a, b) => a - b));
    });
    it(`${rule.meta.name} (${code}) is silent on good.pipe, which has no errors`, () => {
      const { diagnostics } = run(join(dir, "good.pipe"));
      expect(diagnostics.filter((d) => d.code === code)).toEqual([]);
      expect(diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line} ${d.code} ${d.message}`)).toEqual([]);
    });
  }
});

describe("missing-schedule severity", () => {
  it("is an error for an activity and a warning for a resource (AWS's resource examples leave it out)", () => {
    const text = readFileSync(join(import.meta.dirname, "fixtures/rules/missing-schedule/bad.pipe"), "utf8");
    const found = compile("bad.pipe", text).diagnostics.filter((d) => d.code === "PIPE3012");
    expect(found.map((d) => `${d.severity} ${d.message.split("`")[1]}`)).toEqual(["error Copy", "warning Spark"]);
  });
});
