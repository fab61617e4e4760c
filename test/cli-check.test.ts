/**
 * `pipec check` end to end: the real CLI (bin/pipec.js running a freshly built bundle, in a
 * temporary directory) on thousands of broken files, and its exit codes and output formats.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchCli } from "./helpers/scratch-cli.ts";

const repo = join(import.meta.dirname, "..");
const node = join(repo, "node_modules", ".bin", "node");
let work: string;
let bin: string;

beforeAll(() => {
  const cli = scratchCli("pipec-cli-");
  work = cli.work;
  bin = cli.bin;
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function pipec(args: string[], env: Record<string, string | undefined> = {}, cwd = work): Run {
  // The code cache of this scratch install stays in the scratch directory.
  const base: Record<string, string | undefined> = { ...process.env, GITHUB_ACTIONS: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined, PIPEC_CODE_CACHE: join(work, "code-cache") };
  const r = spawnSync(node, [bin, ...args], { cwd, encoding: "utf8", env: { ...base, ...env } as NodeJS.ProcessEnv, maxBuffer: 512 * 1024 * 1024, timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonPosition {
  line: number;
  column: number;
  offset: number;
}
interface JsonDiagnostic {
  code: string;
  name: string;
  severity: string;
  message: string;
  file: string;
  range: { start: JsonPosition; end: JsonPosition };
}

const STACK = /\n\s+at .+:\d+:\d+\)?\n|Error: .*\n\s+at /;
const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

const example = readFileSync(join(repo, "examples", "nightly-sales-etl.pipe"), "utf8");
const fixtures = join(repo, "test", "fixtures", "syntax", "accept");
const seeds = [example, ...readdirSync(fixtures).filter((f) => f.endsWith(".pipe")).sort().map((f) => readFileSync(join(fixtures, f), "utf8"))];
const JUNK = ["{", "}", "[", "]", "(", ")", '"', '"""', "`", "#<", "#{", "/*", ">", "=", ",", ":", "*", "\\", "'", "~", "param", "pipeline q {", "\u0000"];

/** A deterministic stream of mutations of the seeds (fast-check's generator with a fixed seed). */
function mutatedFiles(count: number): string[] {
  const edit = fc.tuple(fc.nat({ max: 3 }), fc.nat(), fc.constantFrom(...JUNK));
  return fc.sample(fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 5 })), { numRuns: count, seed: 20260101 }).map(([text, edits]) => {
    let t = text;
    for (const [kind, n, junk] of edits) {
      const lines = t.split("\n");
      const at = n % (t.length + 1);
      if (kind === 0) lines.splice(n % lines.length, 1), (t = lines.join("\n"));
      else if (kind === 1) t = t.slice(0, at) + junk + t.slice(at);
      else if (kind === 2) t = t.slice(0, at) + t.slice(at, at + 80) + t.slice(at);
      else t = t.slice(0, at);
    }
    return t;
  });
}

describe("pipec check on thousands of broken files", () => {
  it("never crashes, reports every diagnostic inside its file, exits 1", () => {
    const dir = join(work, "stress");
    mkdirSync(join(dir, "nested", "deeper"), { recursive: true });
    const files = mutatedFiles(2000);
    files.forEach((t, i) => writeFileSync(join(dir, i % 3 === 0 ? join("nested", i % 2 ? "deeper" : "") : "", `m${i}.pipe`), t));
    writeFileSync(join(dir, "braces.pipe"), `pipeline p {\n${"{".repeat(3000)}\n}\n`);
    writeFileSync(join(dir, "brackets.pipe"), `pipeline p {\n  Thing A {\n    x = ${"[".repeat(3000)}\n  }\n}\n`);
    writeFileSync(join(dir, "long-line.pipe"), `pipeline p {\n  Thing A { x = "${"x".repeat(200_000)}" }\n  ${"y = 1 ".repeat(30_000)}\n}\n`);
    writeFileSync(join(dir, "long-junk-line.pipe"), `pipeline p {\n${"{ ] ~ \" #< `".repeat(20_000)}\n}\n`);
    writeFileSync(join(dir, "broken-utf8.pipe"), Buffer.concat([Buffer.from('pipeline p {\n  Thing A { x = "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xe2, 0x82]), Buffer.from('" }\n}\n')]));
    writeFileSync(join(dir, "empty.pipe"), "");
    writeFileSync(join(dir, "bom.pipe"), `\uFEFF${example}`);
    writeFileSync(join(dir, "not-a-pipe.txt"), "pipeline {{{");

    const r = pipec(["check", "--format", "json", dir]);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(1);
    const diags = JSON.parse(r.stdout) as JsonDiagnostic[];
    expect(diags.length).toBeGreaterThan(files.length / 2);
    const lengths = new Map<string, number>();
    for (const d of diags) {
      expect(d.code).toMatch(/^PIPE\d{4}$/);
      expect(["error", "warning", "info"]).toContain(d.severity);
      expect(d.message).not.toMatch(/internal error/);
      let len = lengths.get(d.file);
      if (len === undefined) {
        len = lenient.decode(readFileSync(join(work, d.file))).length;
        lengths.set(d.file, len);
      }
      const { start, end } = d.range;
      expect(start.offset >= 0 && start.offset <= end.offset && end.offset <= len, `${d.file} ${d.code} ${start.offset}-${end.offset} of ${len}`).toBe(true);
      expect(start.line >= 1 && start.column >= 1 && end.line >= start.line).toBe(true);
    }
    const reported = new Set(diags.map((d) => d.file));
    expect(reported.has("stress/nested/deeper/m1.pipe") || [...reported].some((f) => f.startsWith("stress/nested/deeper/"))).toBe(true);
    expect([...reported].some((f) => f.endsWith(".txt"))).toBe(false);
    expect(diags.some((d) => d.file === "stress/braces.pipe" && d.code === "PIPE1009")).toBe(true);
    expect(diags.some((d) => d.file === "stress/broken-utf8.pipe" && d.code === "PIPE9002")).toBe(true);
    expect(diags.some((d) => d.file === "stress/empty.pipe" && d.code === "PIPE1011")).toBe(true);
    expect(diags.filter((d) => d.file === "stress/bom.pipe" && d.severity === "error")).toEqual([]);
  }, 240_000); // about 20 s alone; more when the whole suite shares the machine
});

describe("pipec check", () => {
  const threeErrors = example
    .replace("scheduleType = cron", "scheduleType cron") // missing `=`
    .replace('instanceType = "m5.large"', 'instanceType = "m5.large') // unterminated string
    .replace("retryDelay = 10 minutes", "retryDelay = [10 minutes"); // list not closed
  const lineOf = (needle: string): number => threeErrors.slice(0, threeErrors.indexOf(needle)).split("\n").length;

  it("reports three syntax errors far apart at their lines, exit 1", () => {
    writeFileSync(join(work, "three.pipe"), threeErrors);
    const r = pipec(["check", "--format", "concise", "three.pipe"]);
    const errors = r.stdout.split("\n").filter((l) => / error /.test(l));
    expect(errors.map((l) => l.replace(/^three\.pipe:(\d+):\d+: error (PIPE\d+):.*$/, "$1 $2"))).toEqual([`${lineOf("scheduleType cron")} PIPE1001`, `${lineOf('"m5.large')} PIPE0002`, `${lineOf("[10 minutes")} PIPE1001`]);
    expect(lineOf("[10 minutes") - lineOf("scheduleType cron")).toBeGreaterThan(20);
    expect(r.status).toBe(1);
  });

  it("exits 0 on a clean file and on the examples", () => {
    writeFileSync(join(work, "clean.pipe"), example);
    expect(pipec(["check", "clean.pipe"]).status).toBe(0);
    const r = pipec(["check", join(repo, "examples")]);
    expect(r.stdout).toMatch(/^0 errors/m);
    expect(r.status).toBe(0);
  });

  it("treats a missing path as a usage error, exit 2, and still checks the others", () => {
    writeFileSync(join(work, "bad.pipe"), "pipeline p { x = }");
    const r = pipec(["check", "--format", "concise", "does-not-exist.pipe", "bad.pipe"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read 'does-not-exist.pipe'/);
    expect(r.stdout).toMatch(/bad\.pipe:1:18: error PIPE1003/);
    expect(pipec(["check"]).status).toBe(2);
    mkdirSync(join(work, "no-pipes"), { recursive: true });
    const none = pipec(["check", "no-pipes"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no \.pipe files in 'no-pipes'/);
    expect(pipec(["check", "--format", "xml", "bad.pipe"]).status).toBe(2);
  });

  it("searches directories recursively for *.pipe only", () => {
    const dir = join(work, "tree");
    mkdirSync(join(dir, "a", "b"), { recursive: true });
    writeFileSync(join(dir, "a", "b", "deep.pipe"), "pipeline p { x = }");
    writeFileSync(join(dir, "a", "other.txt"), "not checked {");
    const r = pipec(["check", "--format", "concise", "tree"]);
    expect(r.stdout.trim().split("\n").filter((l) => /error PIPE1/.test(l))).toEqual(["tree/a/b/deep.pipe:1:18: error PIPE1003: expected a value after `=`, found `}`"]);
    expect(r.status).toBe(1);
  });

  it("prints no colour escapes when not a terminal or under NO_COLOR", () => {
    writeFileSync(join(work, "bad.pipe"), "pipeline p { x = }");
    for (const env of [{}, { NO_COLOR: "1" }]) {
      const r = pipec(["check", "bad.pipe"], env);
      expect(r.stdout).toMatch(/error\[PIPE1003\]/);
      expect(r.stdout).not.toMatch(/\u001b\[/);
    }
    // The same output with colour forced does hold escapes (so the check above can fail).
    expect(pipec(["check", "bad.pipe"], { FORCE_COLOR: "1" }).stdout).toMatch(/\u001b\[/);
  });

  it("uses the GitHub format under GITHUB_ACTIONS=true", () => {
    writeFileSync(join(work, "bad.pipe"), "pipeline p { x = }");
    const r = pipec(["check", "bad.pipe"], { GITHUB_ACTIONS: "true" });
    expect(r.stdout).toMatch(/^::error file=bad\.pipe,line=1,col=18,endLine=1,endColumn=19,title=PIPE1003 expected-value::expected a value after `=`/m);
    expect(r.status).toBe(1);
  });
});
