/**
 * `pipec fmt` and `pipec import` never write text that does not parse or means something else:
 * the spellings the targets send as written survive formatting (strings inside `#<...>`, the
 * text of parameter defaults), odd map keys print as keys that read back, and both commands
 * check their own output and refuse (PIPE9006, PIPE9007: exit 2, nothing written) when it fails.
 *
 * The refusals are driven through the real command code with the formatting engine (Prettier)
 * or the printer replaced by a faulty one: with a correct printer there is nothing to refuse.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "../compiler/ast/parse.ts";
import { checkFormatted, formatSource } from "../compiler/format/index.ts";
import { meaningDifference } from "../compiler/format/same-meaning.ts";
import { importDefinition } from "../compiler/import/index.ts";
import { SourceFile } from "../compiler/source/source.ts";
import { NODE, scratchCli, type ScratchCli } from "./helpers/scratch-cli.ts";

/** What the faulty engine and printer do to their output; identity unless a test sets it. */
const fault = vi.hoisted(() => ({ prettier: (t: string): string => t, printer: (t: string): string => t }));

vi.mock("prettier", async (importOriginal) => {
  const real = await importOriginal<typeof import("prettier")>();
  const format = async (...args: Parameters<typeof real.format>): Promise<string> => fault.prettier(await real.format(...args));
  return { ...real, format, default: { ...(real as unknown as { default: object }).default, format } };
});

vi.mock("../compiler/format/print.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../compiler/format/print.ts")>();
  return { ...real, printAst: (...args: Parameters<typeof real.printAst>): string => fault.printer(real.printAst(...args)) };
});

beforeEach(() => {
  fault.prettier = (t) => t;
  fault.printer = (t) => t;
});

const side = (text: string) => ({ ast: parse(new SourceFile("t.pipe", text)).ast, text });

/** Built JSON with the spaces inside `#{...}` (outside quotes) removed: the formatter lays expressions out. */
function squeeze(json: string): string {
  const text = (v: string): string => {
    let out = "";
    let inExpr = false;
    let quote = "";
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (!inExpr) {
        if (c === "#" && v[i + 1] === "{") inExpr = true;
        out += c;
      } else if (quote) {
        out += c;
        if (c === "\\") out += v[++i] ?? "";
        else if (c === quote) quote = "";
      } else if (c === "'" || c === '"') {
        quote = c;
        out += c;
      } else if (c === "}") {
        inExpr = false;
        out += c;
      } else if (c !== " ") out += c;
    }
    return out;
  };
  return JSON.stringify(JSON.parse(json), (_k, v: unknown) => (typeof v === "string" ? text(v) : v), 1);
}

describe("the formatter keeps what the targets send as written", () => {
  let cli: ScratchCli;
  let dir: string;
  beforeAll(() => {
    cli = scratchCli("pipec-fmt-selfcheck-");
    dir = join(cli.work, "files");
    spawnSync("mkdir", ["-p", dir]);
  });
  afterAll(() => cli.remove());

  const run = (args: string[], input?: string) => spawnSync(NODE, [cli.bin, ...args], { cwd: dir, encoding: "utf8", input, env: { ...process.env, NO_COLOR: "1" } });
  /** `pipec build --target datapipeline` of a text (the objects and parameters as sent). */
  const built = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    const r = run(["build", name, "--target", "datapipeline"]);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  const source = [
    "pipeline p {",
    "  default { scheduleType = ondemand }",
    '  param myA: String = "#<  format( @x ,\'a\' ) >" { description = "#<a+b  >" }',
    "  param myB: String {",
    '    description = """',
    "      multi #<  x  >",
    "      line",
    '      """',
    "  }",
    "  S3DataNode A {",
    "    directoryPath = \"#<format(@scheduledStartTime, 'YYY\\Y')>/#<'it\\'s'>/#<\"a\\\"b\\q\">/#<myA>\"",
    "    myOther = \"#<  format( @scheduledStartTime ,  'dd' ) >\"",
    '    myPlain = "back\\\\slash \\"quoted\\" \\#<not> \\#{not} tab\\t"',
    '    myTriple = """',
    "      C:\\temp\\#<literal \\n kept",
    "      #<format(@scheduledStartTime, 'YY\\YY')>",
    '      """',
    "  }",
    '  tags = { "a b": "space", "`": "tick", "back\\\\slash": "b", team: "t" }',
    "}",
    "",
  ].join("\n");

  it("formats without changing what the pipeline builds to (strings in expressions, parameter text, odd map keys)", () => {
    writeFileSync(join(dir, "in.pipe"), source);
    const r = run(["fmt", "in.pipe"]);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    // The spelling of strings inside expressions is what Data Pipeline receives.
    expect(out).toContain("'YYY\\Y'");
    expect(out).toContain("'YY\\YY'");
    expect(out).toContain('"a\\"b\\q"');
    // A parameter's text is data: not re-spaced.
    expect(out).toContain("#<  format( @x ,'a' ) >");
    expect(out).toContain("#<a+b  >");
    expect(out).toContain("multi #<  x  >");
    // Expressions in fields are laid out canonically.
    expect(out).toContain("#<format(@scheduledStartTime, 'dd')>");
    expect(out).toContain("`back\\\\slash`: \"b\"");
    expect(squeeze(built("out.pipe", out))).toBe(squeeze(built("in2.pipe", source)));
    // Parameters are sent exactly as written.
    expect(JSON.parse(built("out.pipe", out)).parameters).toEqual(JSON.parse(built("in2.pipe", source)).parameters);
    // Formatting again changes nothing, through standard input too.
    const again = run(["fmt", "-"], out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe(out);
  });

  it("writes an empty map key as a string key, which reads back (it was an unclosed backtick name)", () => {
    const text = 'pipeline p {\n  tags = { "": "", `a\\`b`: "x" }\n  myMap = { "": [] }\n}\n';
    const r = run(["fmt", "-"], text);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('pipeline p {\n  tags = { "": "", `a\\`b`: "x" }\n  myMap = { "": [] }\n}\n');
    expect(meaningDifference(side(text), side(r.stdout))).toBeUndefined();
    writeFileSync(join(dir, "keys.pipe"), r.stdout);
    const check = run(["check", "keys.pipe"]);
    expect(check.stderr).not.toMatch(/PIPE0010|PIPE1/);
  });

  it("--write and --check agree with printing", () => {
    writeFileSync(join(dir, "w.pipe"), source);
    const check = run(["fmt", "--check", "w.pipe"]);
    expect(check.status).toBe(1);
    const write = run(["fmt", "--write", "w.pipe"]);
    expect(write.status, write.stderr).toBe(0);
    expect(run(["fmt", "--check", "w.pipe"]).status).toBe(0);
    expect(squeeze(built("w.pipe", readFileSync(join(dir, "w.pipe"), "utf8")))).toBe(squeeze(built("in3.pipe", source)));
  });

  it("import keeps an expression's strings as written and the text of parameter defaults", () => {
    const def = {
      objects: [
        { id: "Default", name: "Default", scheduleType: "ondemand" },
        { id: "A", type: "S3DataNode", directoryPath: "#{format(@scheduledStartTime,'YYY\\Y')}/#{ (1 + 2) * 3 }", myKeys: "x" },
      ],
      parameters: [{ id: "myP", type: "String", default: "#{ x }", description: "#<y>" }],
    };
    writeFileSync(join(dir, "def.json"), JSON.stringify(def));
    const r = run(["import", "def.json", "-o", "imported.pipe"]);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(join(dir, "imported.pipe"), "utf8");
    expect(text).toContain("'YYY\\Y'");
    const back = JSON.parse(built("imported.pipe", text)) as { objects: Record<string, string>[]; parameters: Record<string, string>[] };
    expect(back.objects.find((o) => o.id === "A")?.directoryPath).toBe("#{format(@scheduledStartTime, 'YYY\\Y')}/#{(1 + 2) * 3}");
    expect(back.parameters[0]).toMatchObject({ id: "myP", default: "#{ x }", description: "#<y>" });
  });
});

describe("the comparison of syntax trees", () => {
  it("ignores layout, comments, backticks and parentheses that change nothing", () => {
    const a = 'pipeline p {\n  X `Y` { a = "#<(1 + 2) * f( @x ,\'s\')>" b = [1,2,] c = 1 day }\n}\n';
    const b = "pipeline p {\n  // a comment\n  X Y {\n    a = \"#<(1+2)*f(@x, 's')>\"\n    b = [\n      1,\n      2,\n    ]\n    c = 1   day\n  }\n}\n";
    expect(meaningDifference(side(a), side(b))).toBeUndefined();
  });

  it("finds what the formatter once changed: a backslash in an expression's string, a parameter's text, a key", () => {
    const pairs: [string, string, RegExp][] = [
      ["S3DataNode A { p = \"#<f('YYY\\Y')>\" }", "S3DataNode A { p = \"#<f('YYYY')>\" }", /string as written/],
      ['param myA: String = "#<  f( @x ) >"', 'param myA: String = "#<f(@x)>"', /parameter text/],
      ['param myA: String { description = "#<a+b  >" }', 'param myA: String { description = "#<a + b>" }', /parameter text/],
      ['tags = { "": "" }', 'tags = { "x": "" }', /map key/],
      ['x = "#<(a + b) * c>"', 'x = "#<a + b * c>"', /expression kind|operator/],
      ["x = 1.50", "x = 1.5", /number/],
      ['x = "a\\\\b"', 'x = "ab"', /text/],
      ["X Y { a = 1 b = 2 }", "X Y { b = 2 a = 1 }", /key/],
    ];
    for (const [x, y, why] of pairs) {
      const diff = meaningDifference(side(`pipeline p {\n  ${x}\n}\n`), side(`pipeline p {\n  ${y}\n}\n`));
      expect(diff, x).toMatch(why);
    }
  });

  it("refuses formatted text that does not parse (PIPE9006)", () => {
    const text = 'pipeline p {\n  tags = { "": "" }\n}\n';
    const d = checkFormatted("t.pipe", text, parse(new SourceFile("t.pipe", text)).ast, "pipeline p {\n  tags = { ``: \"\" }\n}\n");
    expect(d?.code).toBe("PIPE9006");
    expect(d?.message).toMatch(/would not parse \(PIPE0010/);
  });
});

describe("refusing output that fails the check", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pipec-refuse-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs a command in process, collecting what it writes. */
  async function capture(f: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const out = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
    const err = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
    try {
      return { code: await f(), stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  const good = 'pipeline good {\n  default { scheduleType = ondemand }\n  X A { a = 1 }\n}\n';
  const bad = "pipeline bad {\n  S3DataNode A {\n    p = \"#<format(@scheduledStartTime,'YYY\\Y')>\"\n  }\n}\n";
  /** An engine that loses the backslash, as the formatter once did. */
  const dropBackslash = (t: string): string => t.replace("'YYY\\Y'", "'YYYY'");

  it("fmt: the self-check catches the fault and formatSource returns nothing", async () => {
    fault.prettier = dropBackslash;
    const r = await formatSource(bad, "bad.pipe");
    expect(r.formatted).toBeUndefined();
    expect(r.selfCheck?.code).toBe("PIPE9006");
    expect(r.selfCheck?.message).toMatch(/mean something else .*string as written "'YYY\\\\Y'" != "'YYYY'"/);
    fault.prettier = (t) => t;
    expect((await formatSource(bad, "bad.pipe")).formatted).toContain("'YYY\\Y'");
  });

  it("fmt --write: exit 2, PIPE9006, and no file changes (not even the ones that formatted)", async () => {
    fault.prettier = dropBackslash;
    const { runFmt } = await import("../compiler/cli/fmt.ts");
    const sub = join(dir, "write");
    rmSync(sub, { recursive: true, force: true });
    spawnSync("mkdir", ["-p", sub]);
    const unformatted = good.replace("  X A { a = 1 }", "X A {a=1}");
    writeFileSync(join(sub, "a.pipe"), unformatted);
    writeFileSync(join(sub, "b.pipe"), bad);
    const r = await capture(() => runFmt([sub], { write: true, format: "concise" }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PIPE9006/);
    expect(r.stdout).toBe("");
    expect(readFileSync(join(sub, "a.pipe"), "utf8")).toBe(unformatted);
    expect(readFileSync(join(sub, "b.pipe"), "utf8")).toBe(bad);
    expect(readdirSync(sub).sort()).toEqual(["a.pipe", "b.pipe"]);
  });

  it("fmt of one file and of standard input: exit 2 and nothing printed", async () => {
    fault.prettier = dropBackslash;
    const { runFmt } = await import("../compiler/cli/fmt.ts");
    writeFileSync(join(dir, "one.pipe"), bad);
    const r = await capture(() => runFmt([join(dir, "one.pipe")], { format: "concise" }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/PIPE9006/);
    const check = await capture(() => runFmt([join(dir, "one.pipe")], { check: true, format: "concise" }));
    expect(check.code).toBe(2);
    expect(readFileSync(join(dir, "one.pipe"), "utf8")).toBe(bad);
  });

  it("import: PIPE9007, exit 2, and neither the .pipe nor the values file is written", async () => {
    const def = JSON.stringify({ objects: [{ id: "A", type: "S3DataNode", directoryPath: "#{format(@scheduledStartTime,'YYY\\Y')}" }], parameters: [{ id: "myP", type: "String" }], values: { myP: "v" } });
    writeFileSync(join(dir, "def.json"), def);
    expect(importDefinition("def.json", def).selfCheck).toBeUndefined();
    fault.printer = dropBackslash;
    const direct = importDefinition("def.json", def);
    expect(direct.selfCheck?.code).toBe("PIPE9007");
    expect(direct.selfCheck?.message).toMatch(/builds a different definition \(in the object "A": directoryPath/);
    const { runImport } = await import("../compiler/cli/import.ts");
    const out = join(dir, "out.pipe");
    const r = await capture(() => runImport(join(dir, "def.json"), { output: out, format: "concise" }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PIPE9007/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, "out.values.json"))).toBe(false);
    const printed = await capture(() => runImport(join(dir, "def.json"), { format: "concise" }));
    expect(printed.code).toBe(2);
    expect(printed.stdout).toBe("");
    // A printer whose text does not parse is refused too.
    fault.printer = (t) => t.replace("S3DataNode A {", "S3DataNode `` {");
    expect(importDefinition("def.json", def).selfCheck?.message).toMatch(/would not parse/);
  });
});
