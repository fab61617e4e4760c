/**
 * Golden files of the Data Pipeline target: test/fixtures/datapipeline/<example>/{file,api}.json
 * for every example (plus <env>.{file,api}.json per environment values file), refreshed with
 * `npm run golden` (PIPEC_UPDATE_GOLDEN=1) and compared otherwise. Also: every example builds
 * without errors, validates against the schemas, is a fixed point of build -> import -> build,
 * and the CLI writes the same bytes under another time zone and locale.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalDefinition, type DefField, type DefObject, type Definition } from "../compiler/emit/datapipeline/definition.ts";
import { applyEnvironment, mergeEnvironments, readValuesFile } from "../compiler/emit/datapipeline/environment.ts";
import { compile } from "../compiler/compile.ts";
import { importDefinition } from "../compiler/import/index.ts";
import { siblingEnvironments } from "../compiler/cli/build.ts";
import { build, CLI, NODE, ROOT, schemaErrors } from "./helpers/datapipeline.ts";
import { CORPUS_ENTRY, needShared } from "./helpers/shared.ts";
import { UPDATE_GOLDEN, writeGoldens } from "./helpers/golden.ts";
import { definitionMeaning, jsonMeaning } from "./helpers/definition-meaning.ts";

const corpusEntry = needShared(CORPUS_ENTRY, "test/datapipeline-examples.test.ts");

const EXAMPLES = join(ROOT, "examples");
const GOLDEN = join(ROOT, "test/fixtures/datapipeline");
const UPDATE = UPDATE_GOLDEN;
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".pipe"))
  .sort();

interface Case {
  readonly example: string;
  readonly env: string | undefined;
  readonly form: "file" | "api";
}

function outputs(example: string): { name: string; text: string; env: string | undefined; form: "file" | "api" }[] {
  const path = join(EXAMPLES, example);
  const text = readFileSync(path, "utf8");
  const out: { name: string; text: string; env: string | undefined; form: "file" | "api" }[] = [];
  const envs: { env: string | undefined; file: string | undefined }[] = [{ env: undefined, file: undefined }, ...siblingEnvironments(path).map((e) => ({ env: e.env, file: e.path }))];
  for (const e of envs) {
    let values: ReturnType<typeof applyEnvironment>["values"] = [];
    if (e.file) {
      const ir = compile(`examples/${example}`, text).ir.pipelines[0];
      const applied = applyEnvironment(ir, mergeEnvironments(readValuesFile(e.file, readFileSync(e.file, "utf8")).values));
      // A secret parameter's value is never in a values file: only that may be missing (a warning).
      expect(applied.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message.includes("secret parameter") ? "secret" : d.message}`).filter((d) => d !== "warning PIPE5101 secret")).toEqual([]);
      values = applied.values;
    }
    for (const form of ["file", "api"] as const) {
      const b = build(`examples/${example}`, text, form, values);
      expect(b.errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(b.texts).toHaveLength(1);
      out.push({ name: `${e.env ? `${e.env}.` : ""}${form}.json`, text: b.texts[0], env: e.env, form });
    }
  }
  return out;
}

describe("examples", () => {
  it("has at least 10 examples, one with per-environment values", () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    expect(examples.some((e) => siblingEnvironments(join(EXAMPLES, e)).length >= 2)).toBe(true);
  });

  it.for(examples)("%s matches its golden definitions", (example, ctx) => {
    const dir = join(GOLDEN, example.replace(/\.pipe$/, ""));
    const all = outputs(example);
    for (const o of all) expect(schemaErrors(o.text, o.form)).toEqual([]);
    if (UPDATE) writeGoldens(ctx, new Map(all.map((o) => [join(dir, o.name), o.text])));
    for (const o of all) {
      const golden = join(dir, o.name);
      expect(existsSync(golden), `${golden} is missing: run npm run golden`).toBe(true);
      expect(o.text).toBe(readFileSync(golden, "utf8"));
    }
  });

  it.each(examples)("%s: build -> import -> build is a fixed point", (example) => {
    const built = outputs(example).filter((o) => o.env === undefined && o.form === "file")[0];
    const first = importDefinition("a.json", built.text, { pipelineName: "p" });
    expect(first.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const rebuilt = build("a.pipe", first.text);
    expect(rebuilt.errors).toEqual([]);
    expect(canonicalDefinition(rebuilt.definitions[0])).toBe(canonicalDefinition(first.definition!));
    const second = importDefinition("a.json", rebuilt.texts[0], { pipelineName: "p" });
    expect(second.text).toBe(first.text);
    expect(build("a.pipe", second.text).texts[0]).toBe(rebuilt.texts[0]);
  });
});

describe("pipec build (CLI)", () => {
  function run(args: string[], env: Record<string, string> = {}) {
    return spawnSync(NODE, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  }

  it("writes every example and environment into --out, with the same bytes under another TZ and locale", () => {
    const a = mkdtempSync(join(tmpdir(), "pipec-dp-a-"));
    const b = mkdtempSync(join(tmpdir(), "pipec-dp-b-"));
    const r1 = run(["build", "examples", "--target", "datapipeline", "--all-envs", "--out", a, "--format", "concise"]);
    expect(r1.stderr).not.toMatch(/: error /);
    expect(r1.status).toBe(0);
    const r2 = run(["build", "examples", "--target", "datapipeline", "--all-envs", "--out", b, "--format", "concise"], { TZ: "Pacific/Chatham", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" });
    expect(r2.status).toBe(0);
    const names = readdirSync(a).sort();
    expect(readdirSync(b).sort()).toEqual(names);
    expect(names).toContain("clickstream_ingest.prod.json");
    expect(names.length).toBeGreaterThanOrEqual(examples.length + 3);
    for (const n of names) expect(readFileSync(join(b, n), "utf8")).toBe(readFileSync(join(a, n), "utf8"));
    // The output equals the golden file of the same example.
    expect(readFileSync(join(a, "hello_world.json"), "utf8")).toBe(readFileSync(join(GOLDEN, "hello-world/file.json"), "utf8"));
    expect(readFileSync(join(a, "clickstream_ingest.prod.json"), "utf8")).toBe(readFileSync(join(GOLDEN, "clickstream-ingest/prod.file.json"), "utf8"));
  });

  it("prints one definition to stdout, in either form", () => {
    const r = run(["build", "examples/hello-world.pipe", "--target", "datapipeline", "--form", "api"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(GOLDEN, "hello-world/api.json"), "utf8"));
  });

  it("applies --env, --values and --param, reports environment errors with exit 1 and no output, and warns about missing values", () => {
    const ok = run(["build", "examples/clickstream-ingest.pipe", "--target", "datapipeline", "--env", "prod", "--param", "myMaxRetries=4"]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).values.myMaxRetries).toBe("4");
    const bad = run(["build", "examples/clickstream-ingest.pipe", "--target", "datapipeline", "--values", "examples/clickstream-ingest.values.dev.json", "--param", "myEnvironment=qa", "--format", "concise"]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("PIPE5102");
    const missing = run(["build", "examples/clickstream-ingest.pipe", "--target", "datapipeline", "--param", "myEnvironment=dev", "--format", "concise"]);
    // A parameter left without a value is a warning: the definition is written with its
    // declaration, and the value is given when the definition is put.
    expect(missing.status).toBe(0);
    expect(missing.stderr).toMatch(/warning PIPE5101/);
    expect(JSON.parse(missing.stdout).values.myEnvironment).toBe("dev");
  });

  it("prints compile errors, writes nothing and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipec-dp-err-"));
    const src = join(dir, "broken.pipe");
    writeFileSync(src, "pipeline broken {\n  ShellCommandActivity A {\n    runsOn = Missing\n  }\n}\n");
    const out = join(dir, "out");
    const r = run(["build", src, "--target", "datapipeline", "--out", out, "--format", "concise"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/PIPE\d{4}/);
    expect(existsSync(out)).toBe(false);
  });

  it("exits 2 on usage errors", () => {
    expect(run(["build", "examples/hello-world.pipe", "--target", "nowhere"]).status).toBe(2);
    expect(run(["build", "examples", "--target", "datapipeline"]).status).toBe(2);
    expect(run(["build", "examples/hello-world.pipe", "--target", "datapipeline", "--param", "novalue"]).status).toBe(2);
  });
});

describe("pipec build of a definition JSON (CLI)", () => {
  it.skipIf(!corpusEntry.present)(`builds an existing definition directly, keeping its parameter values${corpusEntry.note}`, () => {
    const corpus = join(corpusEntry.path, "samples__SQLActivityWithTimeout__setup__setup.json");
    const r = spawnSync(NODE, [CLI, "build", corpus, "--target", "datapipeline", "--format", "concise"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    const original = importDefinition("setup.json", readFileSync(corpus, "utf8"));
    const built = importDefinition("built.json", r.stdout);
    expect(canonicalDefinition(built.definition!)).toBe(canonicalDefinition(original.definition!));
    expect(JSON.parse(r.stdout).values.myRdsDatabase).toBe("millionsongs");
  });
});

describe("pipec import (CLI)", () => {
  it("imports a definition to formatted .pipe and its values to a values file", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipec-dp-imp-"));
    const def = join(dir, "def.json");
    writeFileSync(def, JSON.stringify({ objects: [{ id: "Default", scheduleType: "ondemand" }, { id: "A", type: "ShellCommandActivity", command: "echo #{myX}", workerGroup: "wg" }], parameters: [{ id: "myX" }], values: { myX: "hi" } }));
    const out = join(dir, "def.pipe");
    const r = spawnSync(NODE, [CLI, "import", def, "-o", out], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(
      'pipeline def {\n  param myX\n\n  default {\n    scheduleType = ondemand\n  }\n\n  ShellCommandActivity A {\n    command = "echo #<myX>"\n    workerGroup = "wg"\n  }\n}\n',
    );
    expect(JSON.parse(readFileSync(join(dir, "def.values.json"), "utf8"))).toEqual({ values: { myX: "hi" } });
    const b = spawnSync(NODE, [CLI, "build", out, "--target", "datapipeline", "--values", join(dir, "def.values.json")], { cwd: ROOT, encoding: "utf8" });
    expect(b.status).toBe(0);
    expect(JSON.parse(b.stdout).values).toEqual({ myX: "hi" });
  });
});

describe("round trip compared without the emitter's canonicalizer", () => {
  it.each(examples)("%s: build -> import -> build gives the same objects, fields and values, in both forms", (example) => {
    const all = outputs(example).filter((o) => o.env === undefined);
    const file = all.find((o) => o.form === "file")!;
    const api = all.find((o) => o.form === "api")!;
    const original = jsonMeaning(file.text);
    expect(Object.keys(original.objects).length).toBeGreaterThan(1);
    expect(jsonMeaning(api.text)).toEqual(original);
    const imported = importDefinition("a.json", file.text, { pipelineName: "p" });
    const rebuiltFile = build("a.pipe", imported.text, "file");
    const rebuiltApi = build("a.pipe", imported.text, "api");
    expect(rebuiltFile.errors).toEqual([]);
    expect(jsonMeaning(rebuiltFile.texts[0]!)).toEqual(original);
    expect(jsonMeaning(rebuiltApi.texts[0]!)).toEqual(original);
    // The API form imports to the same meaning as well.
    expect(jsonMeaning(build("b.pipe", importDefinition("b.json", api.text, { pipelineName: "p" }).text, "file").texts[0]!)).toEqual(original);
  });

  /** Definitions that differ from `def` in one place each (a value, a reference, a key, a name, a value moved). */
  function variants(def: Definition): { what: string; def: Definition }[] {
    const out: { what: string; def: Definition }[] = [];
    const withObject = (i: number, o: DefObject): Definition => ({ ...def, objects: def.objects.map((x, j) => (j === i ? o : x)) });
    def.objects.forEach((o, i) => {
      o.fields.forEach((f, k) => {
        const withField = (nf: DefField): Definition => withObject(i, { ...o, fields: o.fields.map((x, j) => (j === k ? nf : x)) });
        const v = f.values[0];
        if (v?.kind === "string" && v.value.length > 0) {
          // One character changed, the length kept.
          const last = v.value.at(-1) === "x" ? "y" : "x";
          out.push({ what: `${o.id}.${f.key}: one character`, def: withField({ ...f, values: [{ kind: "string", value: v.value.slice(0, -1) + last }, ...f.values.slice(1)] }) });
        }
        if (v?.kind === "ref") {
          const other = def.objects.find((x) => x.id !== v.id && x.id.length === v.id.length) ?? def.objects.find((x) => x.id !== v.id);
          if (other) out.push({ what: `${o.id}.${f.key}: another reference`, def: withField({ ...f, values: [{ kind: "ref", id: other.id }, ...f.values.slice(1)] }) });
          out.push({ what: `${o.id}.${f.key}: a reference read as a string`, def: withField({ ...f, values: [{ kind: "string", value: v.id }, ...f.values.slice(1)] }) });
        }
        const renamed = f.key.slice(0, -1) + (f.key.at(-1) === "X" ? "Y" : "X");
        out.push({ what: `${o.id}.${f.key}: key renamed`, def: withField({ ...f, key: renamed }) });
      });
      if (o.fields.length >= 2 && o.fields[0]!.values.length === 1 && o.fields[1]!.values.length === 1) {
        const [a, b] = o.fields as [DefField, DefField];
        if (JSON.stringify(a.values) !== JSON.stringify(b.values)) {
          out.push({ what: `${o.id}: values of ${a.key} and ${b.key} swapped`, def: withObject(i, { ...o, fields: [{ ...a, values: b.values }, { ...b, values: a.values }, ...o.fields.slice(2)] }) });
        }
      }
      out.push({ what: `${o.id}: another name`, def: withObject(i, { ...o, name: `${o.name ?? o.id}!` }) });
    });
    return out;
  }

  it.each(examples)("%s: canonicalDefinition tells apart exactly what differs in meaning", (example) => {
    const path = join(EXAMPLES, example);
    const def = build(`examples/${example}`, readFileSync(path, "utf8")).definitions[0]!;
    // Order carries no meaning: objects, fields and repeated values reversed are the same definition.
    const reordered: Definition = { ...def, objects: [...def.objects].reverse().map((o) => ({ ...o, fields: [...o.fields].reverse().map((f) => ({ ...f, values: [...f.values].reverse() })) })) };
    expect(definitionMeaning(reordered)).toEqual(definitionMeaning(def));
    expect(canonicalDefinition(reordered)).toBe(canonicalDefinition(def));
    const vs = variants(def);
    expect(vs.length).toBeGreaterThan(5);
    for (const v of vs) {
      const differs = JSON.stringify(definitionMeaning(v.def)) !== JSON.stringify(definitionMeaning(def));
      expect(canonicalDefinition(v.def) !== canonicalDefinition(def), v.what).toBe(differs);
    }
  });
});
