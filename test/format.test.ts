import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshDist } from "./helpers/dist.ts";
import { parse } from "../compiler/ast/parse.ts";
import { formatSource, printAst } from "../compiler/format/index.ts";
import { SourceFile } from "../compiler/source/source.ts";
import { commentTexts, meaning } from "./helpers/ast-meaning.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const NODE = join(ROOT, "node_modules/.bin/node");

async function fmt(text: string): Promise<string> {
  const r = await formatSource(text, "t.pipe");
  if (r.formatted === undefined) throw new Error(`syntax errors: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.formatted;
}

function ast(text: string) {
  const r = parse(new SourceFile("t.pipe", text));
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.ast;
}

/** Formats, then checks meaning, comments and idempotence; returns the output. */
async function roundTrip(text: string): Promise<string> {
  const out = await fmt(text);
  const before = ast(text);
  const after = ast(out);
  expect(meaning(after)).toEqual(meaning(before));
  expect(commentTexts(after)).toEqual(commentTexts(before));
  expect(await fmt(out)).toBe(out);
  expect(printAst(after, { text: out })).toBe(out);
  // The synchronous printer gives what Prettier gives, comments included.
  expect(printAst(before, { text })).toBe(out);
  return out;
}

describe("canonical form", () => {
  it("puts one field per line, 2-space indentation and `key = value`", async () => {
    const out = await roundTrip('pipeline p {Ec2Resource W {instanceType="m5.large"   terminateAfter=2   hours}}');
    expect(out).toBe('pipeline p {\n  Ec2Resource W {\n    instanceType = "m5.large"\n    terminateAfter = 2 hours\n  }\n}\n');
  });

  it("keeps at most one blank line between members and none at the block edges", async () => {
    const out = await roundTrip("pipeline p {\n\n\n  a = 1\n\n\n\n  b = 2\n  c = 3\n\n}\n");
    expect(out).toBe("pipeline p {\n  a = 1\n\n  b = 2\n  c = 3\n}\n");
  });

  it("breaks lists and maps only when they do not fit in 100 columns", async () => {
    const short = await roundTrip("pipeline p {\n  a = [x,y ,z]\n  m = {k:1,`a b`:2, \"c\": 3}\n}\n");
    expect(short).toContain("a = [x, y, z]\n");
    expect(short).toContain("m = { k: 1, `a b`: 2, c: 3 }\n");
    const items = Array.from({ length: 12 }, (_, i) => `SomeRatherLongObjectName${i}`);
    const long = await roundTrip(`pipeline p {\n  dependsOn = [${items.join(", ")}]\n}\n`);
    expect(long).toContain(`dependsOn = [\n${items.map((i) => `    ${i},\n`).join("")}  ]\n`);
  });

  it("fills the lines with numbers when a list of numbers breaks", async () => {
    const nums = Array.from({ length: 16 }, (_, i) => String((i + 1) * 1000));
    const out = await roundTrip(`pipeline p {\n  ports = [${nums.join(",")}]\n}\n`);
    expect(out).toBe(`pipeline p {\n  ports = [\n    ${nums.slice(0, 15).join(", ")},\n    16000,\n  ]\n}\n`);
  });

  it("prints param declarations, encrypted keys and quoted names", async () => {
    const out = await roundTrip("pipeline `my pipeline` {\n param *pw:String{description=\"x\"}\n param n : Integer = 3\n Ec2Resource `weird-id` { *password = \"s\" }\n}\n");
    expect(out).toBe('pipeline `my pipeline` {\n  param *pw: String { description = "x" }\n  param n: Integer = 3\n  Ec2Resource `weird-id` {\n    *password = "s"\n  }\n}\n');
  });

  it("writes strings with minimal escapes", async () => {
    const out = await roundTrip('pipeline p {\n  a = "tab\\there \\u0041 \\/ \\"q\\" \\\\ \\#<not> \\#{x} #<param>"\n}\n');
    expect(out).toBe('pipeline p {\n  a = "tab\\there A / \\"q\\" \\\\ \\#<not> \\#{x} #<param>"\n}\n');
  });

  it("re-indents triple-quoted strings under their field and keeps their value", async () => {
    const src = 'pipeline p {\nShellCommandActivity A {\ncommand = """\n          line one\n            indented #<x>\n\n          last\n          """\n}\n}\n';
    const out = await roundTrip(src);
    expect(out).toBe('pipeline p {\n  ShellCommandActivity A {\n    command = """\n      line one\n        indented #<x>\n\n      last\n      """\n  }\n}\n');
  });

  it("falls back to a plain string when a triple-quoted value cannot be re-indented", async () => {
    const out = await roundTrip('pipeline p {\n  a = """\n    ab"""\n  b = """\n      x\n      y\n    """\n}\n');
    expect(out).toContain('a = "ab"\n');
  });

  it("prints expressions with only the parentheses they need", async () => {
    const out = await roundTrip('pipeline p {\n  a = "#<(1+2)*3 - (4-5) + 2^(3^2) + (2^3)^2 + -(a+b) + f( x ,y).g(1).@h + (1+2).x>"\n}\n');
    expect(out).toContain('"#<(1 + 2) * 3 - (4 - 5) + 2 ^ 3 ^ 2 + (2 ^ 3) ^ 2 + -(a + b) + x.f(y).g(1).@h + (1 + 2).x>"'.replace("x.f(y)", "f(x, y)"));
  });
});

describe("comments", () => {
  it("keeps leading, trailing and dangling comments in blocks, lists and maps", async () => {
    const src = [
      "// header",
      "",
      "",
      "/* block */",
      "pipeline p { // after the brace",
      "  a = 1 // trailing",
      "  // leading b",
      "  b = [1, 2, // after two",
      "    3]",
      "  m = {x: 1, /* inline */ y: 2}",
      "  Ec2Resource W { x = 2",
      "  // dangling in object",
      "  }",
      "  c = [ x,",
      "  // dangling in list",
      "  ]",
      "  key = /* moved */ value",
      "} // end",
      "// footer",
      "",
    ].join("\n");
    const out = await roundTrip(src);
    expect(out).toBe(
      [
        "// header",
        "",
        "/* block */",
        "pipeline p {",
        "  // after the brace",
        "  a = 1 // trailing",
        "  // leading b",
        "  b = [",
        "    1,",
        "    2, // after two",
        "    3,",
        "  ]",
        "  m = { x: 1, /* inline */ y: 2 }",
        "  Ec2Resource W {",
        "    x = 2",
        "    // dangling in object",
        "  }",
        "  c = [",
        "    x,",
        "    // dangling in list",
        "  ]",
        "  /* moved */ key = value",
        "} // end",
        "// footer",
        "",
      ].join("\n"),
    );
  });

  it("aligns doc comments and keeps other block comments verbatim", async () => {
    const out = await roundTrip("pipeline p {\n      /**\n         * one\n   * two\n   */\n  a = 1\n  /* keep\n       as is */\n  b = 2\n}\n");
    expect(out).toBe("pipeline p {\n  /**\n   * one\n   * two\n   */\n  a = 1\n  /* keep\n       as is */\n  b = 2\n}\n");
  });

  it("prints a file of only comments", async () => {
    expect(await fmt("// only\n\n\n/* this */\n")).toBe("// only\n\n/* this */\n");
    expect(await fmt("")).toBe("");
  });
});

describe("syntax errors", () => {
  it("refuses to format a file with syntax errors and returns the diagnostics", async () => {
    const r = await formatSource('pipeline p {\n  a = "unterminated\n}\n', "bad.pipe");
    expect(r.formatted).toBeUndefined();
    expect(r.diagnostics.some((d) => d.code === "PIPE0002")).toBe(true);
  });
});

describe("examples", () => {
  const dir = join(ROOT, "examples");
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".pipe"))) {
    it(`formats ${name} keeping its meaning and comments, idempotently`, async () => {
      await roundTrip(readFileSync(join(dir, name), "utf8"));
    });
  }
});

describe("pipec fmt", () => {
  const run = (args: string[], input?: string) => spawnSync(NODE, [join(ROOT, "test/helpers/pipec-src.ts"), "fmt", ...args], { input, encoding: "utf8" });

  it("prints a single file or stdin, and rejects several files without --write/--check", () => {
    const d = mkdtempSync(join(tmpdir(), "pipec-fmt-"));
    writeFileSync(join(d, "a.pipe"), "pipeline a {x=1}");
    const r = run([join(d, "a.pipe")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("pipeline a {\n  x = 1\n}\n");
    const s = run(["-"], "pipeline b {y=2}");
    expect(s.status).toBe(0);
    expect(s.stdout).toBe("pipeline b {\n  y = 2\n}\n");
    expect(run([d]).status).toBe(2);
    expect(run(["--write", "--check", d]).status).toBe(2);
    expect(run(["--write", "-"], "").status).toBe(2);
    expect(run([join(d, "missing.pipe")]).status).toBe(2);
  });

  it("--check lists files that would change and exits 1; --write rewrites them atomically keeping the mode", () => {
    const d = mkdtempSync(join(tmpdir(), "pipec-fmt-"));
    const ugly = join(d, "ugly.pipe");
    const good = join(d, "good.pipe");
    writeFileSync(ugly, "pipeline a {x=1}");
    writeFileSync(good, "pipeline a {\n  x = 1\n}\n");
    chmodSync(ugly, 0o640);
    const c = run(["--check", d]);
    expect(c.status).toBe(1);
    expect(c.stdout.trim().split("\n").map((l) => l.replace(/\\/g, "/"))).toEqual([ugly.replace(/\\/g, "/")]);
    const w = run(["--write", d]);
    expect(w.status).toBe(0);
    expect(readFileSync(ugly, "utf8")).toBe("pipeline a {\n  x = 1\n}\n");
    expect(statSync(ugly).mode & 0o777).toBe(0o640);
    expect(readdirSync(d).sort()).toEqual(["good.pipe", "ugly.pipe"]);
    expect(run(["--check", d]).status).toBe(0);
  });

  it("never rewrites a file with syntax errors", () => {
    const d = mkdtempSync(join(tmpdir(), "pipec-fmt-"));
    const bad = join(d, "bad.pipe");
    const text = 'pipeline a {x="oops\n}\n';
    writeFileSync(bad, text);
    const w = run(["--write", bad]);
    expect(w.status).toBe(1);
    expect(w.stderr).toContain("PIPE0002");
    expect(readFileSync(bad, "utf8")).toBe(text);
    expect(run(["--check", bad]).status).toBe(1);
  });
});


describe("formatAst", () => {
  it("prints an AST through Prettier like printAst does", async () => {
    const { formatAst } = await import("../compiler/format/index.ts");
    const a = ast("pipeline p {\n  // c\n  S3DataNode N { directoryPath = \"s3://b/\" }\n}\n");
    expect(await formatAst(a, {})).toBe(printAst(a));
  });
});

describe("the repository's examples", () => {
  it("are in the canonical format (pipec fmt --check examples)", () => {
    const r = spawnSync(NODE, [join(ROOT, "test/helpers/pipec-src.ts"), "fmt", "--check", join(ROOT, "examples")], { encoding: "utf8" });
    expect(r.stdout, "run: pipec fmt --write examples").toBe("");
    expect(r.status).toBe(0);
  });
});

describe("comments between any two tokens", () => {
  const sample = [
    "pipeline p {",
    '  tags = { team: "data", env: "prod" }',
    '  param myTopic: String = "t" { description = "d" }',
    "  default { schedule = Daily  dependsOn = [A, B] }",
    "  Schedule Daily { period = 1 day }",
    '  ShellCommandActivity A { command = "echo #<myTopic>"  runsOn = [W] }',
    "}",
    "",
  ].join("\n");
  // Offsets of the white space between tokens (outside strings).
  const gaps: number[] = [];
  let inString = false;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === '"') inString = !inString;
    // (not inside a duration such as `1 day`, which is one token)
    else if (!inString && (sample[i] === " " || sample[i] === "\n") && sample[i - 1] !== " " && !/\d/.test(sample[i - 1])) gaps.push(i);
  }

  it.each(gaps)("a block comment at offset %i and a line comment there are kept", async (at) => {
    await roundTrip(`${sample.slice(0, at)} /* c${at} */${sample.slice(at)}`);
    await roundTrip(`${sample.slice(0, at)} // l${at}\n${sample.slice(at)}`);
  });
});

describe("the bundled Prettier plugin", () => {
  it("formats through the Prettier CLI (dist/prettier-plugin-pipe.mjs, built by this run)", () => {
    const bundled = freshDist("prettier-plugin-pipe.mjs");
    const d = mkdtempSync(join(tmpdir(), "pipec-plugin-"));
    writeFileSync(join(d, "a.pipe"), "pipeline a {x=1 // c\n}\n");
    const r = spawnSync(NODE, [join(ROOT, "node_modules/prettier/bin/prettier.cjs"), "--plugin", bundled, join(d, "a.pipe")], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("pipeline a {\n  x = 1 // c\n}\n");
  });
});
