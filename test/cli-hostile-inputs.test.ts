/**
 * The real CLI (bin/pipec.js running a freshly built bundle, and the CDKTF app) on inputs that
 * once crashed it: names of Object.prototype members used as names, operator chains thousands
 * deep, floods of findings, and truncated definitions. Each run must end with coded diagnostics,
 * no stack trace and no internal error.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchCli } from "./helpers/scratch-cli.ts";

const repo = join(import.meta.dirname, "..");
const node = join(repo, "node_modules", ".bin", "node");
let work: string;
let bin: string;

beforeAll(() => {
  const cli = scratchCli("pipec-hostile-");
  work = cli.work;
  bin = cli.bin;
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd = work): Run {
  const env: Record<string, string | undefined> = { ...process.env, GITHUB_ACTIONS: undefined, NO_COLOR: "1", FORCE_COLOR: undefined, PIPEC_CODE_CACHE: join(work, "code-cache") };
  const r = spawnSync(node, args, { cwd, encoding: "utf8", env: env as NodeJS.ProcessEnv, maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const pipec = (...args: string[]): Run => run([bin, ...args]);

const STACK = /\n\s+at .+:\d+:\d+\)?\n|Error: .*\n\s+at |RangeError|TypeError/;

/** No crash: no stack trace, no internal error, the given exit status. */
function expectClean(r: Run, status: number): void {
  const out = r.stdout + r.stderr;
  expect(out).not.toMatch(STACK);
  expect(out).not.toMatch(/internal error|PIPE9003/);
  expect(r.status, out.slice(0, 2000)).toBe(status);
}

function write(name: string, text: string): string {
  writeFileSync(join(work, name), text);
  return name;
}

interface JsonDiagnostic {
  code: string;
  severity: string;
  range: { start: { offset: number }; end: { offset: number } };
}

describe("names of Object.prototype members", () => {
  it("as an object type in .pipe: no internal error in any rule", () => {
    for (const name of ["toString", "__proto__", "constructor", "hasOwnProperty"]) {
      const f = write(`type-${name}.pipe`, `pipeline p { ${name} A { x = 1 } }\n`);
      const r = pipec("check", f);
      expectClean(r, 1);
      expect(r.stdout).toMatch(/PIPE\d{4}/);
    }
  });

  it("as a parameter type, parameter id or object type in definition JSON: check and import", () => {
    for (const name of ["toString", "__proto__", "constructor", "valueOf"]) {
      const def = {
        objects: [{ id: "Default", name: "Default", scheduleType: "ondemand" }, { id: "A", name: "A", type: name, period: `1 ${name}` }],
        parameters: [{ id: "myP", type: name }, { id: name, type: "String" }],
        values: { [name]: "x" },
      };
      const f = write(`param-${name}.json`, JSON.stringify(def));
      const checked = pipec("check", f);
      expectClean(checked, 1);
      expect(checked.stdout).toMatch(/PIPE2013/);
      const imported = pipec("import", f);
      expect(imported.stdout + imported.stderr).not.toMatch(STACK);
      expect(imported.stderr).not.toMatch(/internal error/);
      expect(imported.status).toBe(0);
    }
    // Numbers where strings belong.
    const f = write("param-numbers.json", JSON.stringify({ objects: [], parameters: [{ id: 5, type: 7 }] }));
    expectClean(pipec("check", f), 1);
    const imported = pipec("import", f);
    expect(imported.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(imported.status).toBe(1);
    expect(imported.stderr).toMatch(/PIPE5160/);
  });

  it("as a pipeline name and object ids in the CDKTF app (npm run synth)", () => {
    const dir = join(work, "synth");
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ app: "x", context: { pipec: { sources: ["src"], services: { "*": "datapipeline" }, region: "us-east-1" } } }));
    const pipelines = ["constructor", "__proto__", "toString", "aws"].map((n) => `pipeline ${n} {\n  default { scheduleType = ondemand  pipelineLogUri = "s3://b/logs/" }\n}\n`);
    pipelines.push('pipeline q {\n  tags = { "__proto__": "p", "toString": "t", "constructor": "c" }\n  default { scheduleType = ondemand  pipelineLogUri = "s3://b/l/"  role = "R"  resourceRole = "RR" }\n  ShellCommandActivity constructor { command = "x"  runsOn = toString }\n  Ec2Resource toString { terminateAfter = 1 hour  instanceType = "m5.large" }\n}\n');
    pipelines.forEach((text, i) => writeFileSync(join(dir, "src", `p${i}.pipe`), text));
    const r = run([join(repo, "stacks", "main.ts")], dir);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
    expect(r.status, r.stderr).toBe(0);
    const stacks = readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8");
    for (const s of ["constructor-datapipeline", "__proto__-datapipeline", "toString-datapipeline", "aws-datapipeline", "q-datapipeline"]) expect(stacks).toContain(s);
    // Tag keys named like Object.prototype members reach the pipeline's tags.
    const q = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "q-datapipeline", "cdk.tf.json"), "utf8")) as { resource: { aws_datapipeline_pipeline: Record<string, { tags: Record<string, string> }> } };
    const [pipeline] = Object.values(q.resource.aws_datapipeline_pipeline);
    expect(Object.entries(pipeline!.tags).sort()).toEqual([["__proto__", "p"], ["constructor", "c"], ["toString", "t"]]);
  }, 120_000);

  it("as tag keys in the Terraform target, for both services", () => {
    const src = write(
      "tags.pipe",
      'pipeline tagged {\n  tags = { "__proto__": "p", "toString": "t", "constructor": "c" }\n  default { scheduleType = ondemand  pipelineLogUri = "s3://b/l/"  role = "R"  resourceRole = "RR" }\n  ShellCommandActivity A { command = "x"  runsOn = W }\n  Ec2Resource W { terminateAfter = 1 hour }\n}\n',
    );
    const r = pipec("build", src, "--target", "terraform", "--out", "tags-out", "--runtime-file", join(repo, "cdktf.json"));
    expectClean(r, 0);
    for (const stack of ["tagged-datapipeline", "tagged-stepfunctions"]) {
      const tf = JSON.parse(readFileSync(join(work, "tags-out", stack, "main.tf.json"), "utf8")) as { resource: Record<string, Record<string, { tags?: Record<string, string> }>> };
      const tagged = Object.values(tf.resource).flatMap((byName) => Object.values(byName)).filter((res) => res.tags);
      expect(tagged.length, stack).toBeGreaterThan(0);
      for (const res of tagged) expect(Object.entries(res.tags!).filter(([k]) => ["__proto__", "toString", "constructor"].includes(k)).sort()).toEqual([["__proto__", "p"], ["constructor", "c"], ["toString", "t"]]);
    }
  });
});

describe("operator chains thousands deep", () => {
  const field = (expr: string): string => `pipeline p {\n  ShellCommandActivity A { command = "#<${expr}>" }\n}\n`;
  const chain = (n: number): string => `@scheduledStartTime${".plusDays(1)".repeat(n)}`;

  it("are one PIPE1009 in check, fmt and build, on the direct and the recovering path", () => {
    const files = {
      chain: write("chain.pipe", field(chain(2000))),
      unary: write("unary.pipe", field(`${"-".repeat(3600)}1`)),
      sum: write("sum.pipe", field(Array.from({ length: 5000 }, () => "1").join(" + "))),
      // 60 brackets deep (under the bracket limit), five calls at each level.
      nested: write("nested.pipe", field(Array.from({ length: 60 }).reduce<string>((e) => `(${e})${".plusDays(1)".repeat(5)}`, "@scheduledStartTime"))),
      // A syntax error elsewhere sends the file through the recovering parser; about 1 MB.
      broken: write("broken.pipe", field(chain(90_000)).replace("\n}", "\n  = \n}")),
    };
    for (const f of Object.values(files)) {
      for (const args of [["check", f], ["fmt", "--check", f], ["build", f, "--target", "datapipeline", "--out", join(work, "out-deep")]]) {
        const r = pipec(...args);
        expectClean(r, 1);
        expect(r.stdout + r.stderr, `${args.join(" ")}`).toMatch(/PIPE1009/);
      }
    }
  }, 180_000);

  it("at the limit are read", () => {
    const f = write("chain-ok.pipe", field(chain(200)));
    const r = pipec("check", f);
    expect(r.stdout + r.stderr).not.toMatch(/PIPE1009|internal error/);
  });

  it("inside #{...} in definition JSON: check and import", () => {
    for (const [name, expr] of [["chain", chain(2000)], ["unary", `${"-".repeat(3600)}1`]]) {
      const f = write(`deep-${name}.json`, JSON.stringify({ objects: [{ id: "A", name: "A", type: "ShellCommandActivity", command: `#{${expr}}` }] }));
      expectClean(pipec("check", f), 1);
      const imported = pipec("import", f);
      expect(imported.stdout + imported.stderr).not.toMatch(STACK);
      expect(imported.stderr).toMatch(/PIPE5159/);
      expect(imported.status).toBe(0);
    }
  }, 60_000);
});

describe("floods of findings are capped as they are made", () => {
  const count = (r: Run): number => (JSON.parse(r.stdout) as JsonDiagnostic[]).length;

  it("62,000 lexer errors", () => {
    const f = write("tildes.pipe", `pipeline p { x = 1 }\n${"~ ".repeat(62_000)}\n`);
    const r = pipec("check", "--format", "json", f);
    expectClean(r, 1);
    const diags = JSON.parse(r.stdout) as JsonDiagnostic[];
    expect(diags.filter((d) => /^PIPE[01]/.test(d.code)).length).toBe(101);
    expect(diags.some((d) => d.code === "PIPE1010")).toBe(true);
  });

  it("130,000 unknown names in one string: check and build", () => {
    const f = write("names.pipe", field130k());
    const r = pipec("check", "--format", "json", f);
    expectClean(r, 1);
    expect(count(r)).toBeLessThan(200);
    expect(r.stdout).toMatch(/PIPE1010/);
    expectClean(pipec("build", f, "--target", "datapipeline", "--out", join(work, "out-names")), 1);
  }, 60_000);

  it("a number of 63,000 digits in definition JSON: check and import", () => {
    const f = write("long-number.json", `{"objects":[{"id":"A","name":"A","type":"ShellCommandActivity","command":${"1".repeat(63_000)}}]}`);
    const r = pipec("check", "--format", "json", f);
    expectClean(r, 1);
    expect(count(r)).toBeLessThan(20);
    const imported = pipec("import", f);
    expect(imported.stdout + imported.stderr).not.toMatch(STACK);
    expect(imported.status).toBe(0);
  });

  it("60,000 JSON errors", () => {
    const f = write("json-junk.json", `{"objects":[${"x,".repeat(60_000)}]}`);
    const r = pipec("check", "--format", "json", f);
    expectClean(r, 1);
    expect(count(r)).toBeLessThanOrEqual(210);
    expect(r.stdout).toMatch(/PIPE1010/);
  });
});

function field130k(): string {
  return `pipeline p {\n  ShellCommandActivity A { command = "${"#<a>".repeat(130_000)}" }\n}\n`;
}

describe("truncated definitions", () => {
  it("every diagnostic lies inside the file, in JSON and SARIF output, for check and import", () => {
    const full = readFileSync(join(repo, "test", "fixtures", "datapipeline", "clickstream-ingest", "dev.file.json"), "utf8");
    const lengths = [1, 2, 5, 12, 13, 14, 15, 34, 35, 60, 100, 250, 600, Math.floor(full.length / 2), full.length - 2];
    for (const n of lengths) {
      const text = full.slice(0, n);
      const f = write(`trunc-${n}.json`, text);
      const r = pipec("check", "--format", "json", f);
      expectClean(r, 1);
      const diags = JSON.parse(r.stdout) as JsonDiagnostic[];
      expect(diags.some((d) => d.code === "PIPE5150"), `${n}`).toBe(true);
      for (const d of diags) expect(d.range.start.offset >= 0 && d.range.start.offset <= d.range.end.offset && d.range.end.offset <= text.length, `${n} ${d.code}`).toBe(true);
      const sarif = pipec("check", "--format", "sarif", f);
      expectClean(sarif, 1);
      const results = (JSON.parse(sarif.stdout) as { runs: { results: { locations: { physicalLocation: { region: { charOffset: number; charLength: number } } }[] }[] }[] }).runs[0].results;
      for (const res of results) {
        const { charOffset, charLength } = res.locations[0].physicalLocation.region;
        expect(charOffset + charLength, `${n}`).toBeLessThanOrEqual(text.length);
      }
      const imported = pipec("import", f);
      expect(imported.stdout + imported.stderr).not.toMatch(STACK);
      expect(imported.stderr).not.toMatch(/internal error/);
      expect([0, 1]).toContain(imported.status);
    }
  }, 180_000);
});
