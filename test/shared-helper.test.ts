/** The gate of the tests that read `../shared`: they run when it is there, skip on a user's clone, and fail in CI without it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { isCi, needShared, sharedDecision } from "./helpers/shared.ts";

const has = (...paths: string[]) => (rel: string) => paths.includes(rel);

describe("sharedDecision", () => {
  it("runs when the entry is there, in CI or not", () => {
    expect(sharedDecision("corpus/x", has("", "corpus/x"), {})).toBe("run");
    expect(sharedDecision("corpus/x", has("", "corpus/x"), { CI: "true" })).toBe("run");
  });

  it("skips on a clone without ../shared", () => {
    expect(sharedDecision("corpus/x", has(), {})).toBe("skip");
    expect(sharedDecision("corpus/x", has(), { CI: "" })).toBe("skip");
    expect(sharedDecision("corpus/x", has(), { CI: "false" })).toBe("skip");
    expect(sharedDecision("corpus/x", has(), { CI: "0" })).toBe("skip");
  });

  it("fails in CI without ../shared", () => {
    expect(() => sharedDecision("corpus/x", has(), { CI: "true" })).toThrow(/\.\.\/shared\/corpus\/x is missing in CI/);
    expect(() => sharedDecision("corpus/x", has(), { CI: "1" })).toThrow(/missing in CI/);
  });

  it("fails when ../shared is there but the entry is not (it cannot skip)", () => {
    expect(() => sharedDecision("corpus/x", has(""), {})).toThrow(/although \.\.\/shared is present/);
    expect(() => sharedDecision("corpus/x", has(""), { CI: "true" })).toThrow(/although/);
  });

  it("reads CI as GitHub Actions and other CI services set it", () => {
    expect(isCi({ CI: "true" })).toBe(true);
    expect(isCi({})).toBe(false);
  });
});

describe("needShared on a real folder", () => {
  const root = mkdtempSync(join(tmpdir(), "pipec-shared-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("skips with one warning naming the missing entry, once per test file", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const absent = join(root, "nothing-here");
      const a = needShared("corpus/x", "t.test.ts", {}, absent);
      needShared("corpus/x", "t.test.ts", {}, absent);
      expect(a.present).toBe(false);
      expect(a.note).toBe(" (skipped: ../shared/corpus/x is absent)");
      expect(warn.mock.calls).toEqual([["SKIPPED t.test.ts: ../shared/corpus/x is absent (it is present in CI only)"]]);
      expect(() => needShared("corpus/x", "t.test.ts", { CI: "true" }, absent)).toThrow(/missing in CI/);
    } finally {
      warn.mockRestore();
    }
  });

  it("runs when the entry exists", () => {
    mkdirSync(join(root, "corpus"));
    writeFileSync(join(root, "corpus", "x"), "");
    const e = needShared("corpus/x", "t.test.ts", { CI: "true" }, root);
    expect(e).toEqual({ present: true, path: join(root, "corpus", "x"), label: "../shared/corpus/x", note: "" });
  });
});
