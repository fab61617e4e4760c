/**
 * The language server checks an edited document again only where the edit changed it
 * (compiler/lsp/incremental.ts). Whatever the edit, the diagnostics and the resolved pipelines
 * must be exactly those of `check` (compiler/compile.ts) on the whole new text: checked here over
 * sequences of edits of a multi-pipeline estate (typing, moved pipelines, planted mistakes,
 * many findings of one rule, the fuzz harness's mutations).
 */
import { describe, expect, it } from "vitest";
import { generate } from "../../bench/generate.ts";
import { check } from "../../compiler/compile.ts";
import { CheckCache, checkIncrementally } from "../../compiler/lsp/incremental.ts";
import { mutate, Rng } from "../fuzz/harness.ts";

const PATH = "/work/estate.pipe";

function same(text: string, cache: CheckCache, severities?: Record<string, "error" | "warning" | "info" | "off">, compareIr = true): void {
  const want = check(PATH, text, { severities });
  const got = checkIncrementally(PATH, text, severities, cache);
  expect(got.diagnostics).toEqual(want.diagnostics);
  expect(got.ir.pipelines.map((p) => [p.name, p.span, p.objects.length])).toEqual(want.ir.pipelines.map((p) => [p.name, p.span, p.objects.length]));
  if (compareIr) for (let i = 0; i < want.ir.pipelines.length; i++) expect(got.ir.pipelines[i]).toEqual(want.ir.pipelines[i]);
}

describe("incremental checking", () => {
  const base = generate({ objects: 300, seed: 7 });

  it("reuses the pipelines an edit did not touch, and gives check's answer", () => {
    const cache = new CheckCache();
    same(base, cache);
    const pipelines = check(PATH, base).ir.pipelines;
    expect(pipelines.length).toBeGreaterThanOrEqual(3);
    // Typing into a string of the second pipeline: the first is kept as it is, the rest are moved.
    const at = base.indexOf('description = "', pipelines[1].span.start) + 15;
    expect(at).toBeLessThan(pipelines[1].span.end);
    let text = base;
    for (const ch of "xyz") {
      text = `${text.slice(0, at)}${ch}${text.slice(at)}`;
      same(text, cache);
      expect(cache.reused).toBe(pipelines.length - 1);
    }
  });

  it("moves findings with their pipeline and drops those of a deleted one", () => {
    const cache = new CheckCache();
    const pipelines = check(PATH, base).ir.pipelines;
    // A mistake in the last pipeline, then text inserted before it, then the first pipeline removed.
    const last = pipelines[pipelines.length - 1];
    const broken = `${base.slice(0, last.span.end - 1)}  ShellCommandActivity Oops { runsOn = Nowhere }\n${base.slice(last.span.end - 1)}`;
    same(broken, cache);
    expect(check(PATH, broken).diagnostics.some((d) => d.code === "PIPE2003")).toBe(true);
    const moved = `// a comment that moves everything\n${broken}`;
    same(moved, cache);
    expect(cache.reused).toBe(pipelines.length);
    same(moved.slice(0, pipelines[0].span.start + 36) + moved.slice(pipelines[0].span.end + 36), cache);
    same(moved, cache, { "missing-terminate-after": "off", PIPE2003: "warning" });
  });

  it("falls back to one run over the file where per-pipeline caps would differ", () => {
    const cache = new CheckCache();
    // Over a hundred findings of one rule, spread over the pipelines.
    const many = base.replace(/runsOn = (\w+)/g, "runsOn = Missing$1");
    expect(check(PATH, many).diagnostics.some((d) => d.code === "PIPE1010")).toBe(true);
    same(many, cache);
    same(`${many}\n`, cache);
  });

  it("agrees with check over a long sequence of mutations", () => {
    const rng = new Rng(Number(process.env.PIPEC_FC_SEED ?? 42));
    const cache = new CheckCache();
    let text = base;
    for (let i = 0; i < 40; i++) {
      text = rng.int(5) === 0 ? base : mutate(rng, text, false);
      same(text, cache, undefined, i % 10 === 0);
    }
  });
});
