/** The benchmark generator produces realistic, deterministic inputs that compile clean. */
import { describe, expect, it } from "vitest";
import { inChild } from "./helpers/child.ts";
import { countObjects, generate, OBJECTS_PER_PIPELINE, pipelineSizes } from "../bench/generate.ts";
import { compileAll, jsonRoundTrip, prepareStages, stageFunctions } from "../bench/stages.ts";
import { check } from "../compiler/compile.ts";
import { formatSource } from "../compiler/format/index.ts";
import { median } from "../bench/stats.ts";

describe("bench/generate", () => {
  it("is deterministic for a seed (the same text in another process) and differs between seeds", () => {
    const other = inChild('const { generate } = await import(`${root}bench/generate.ts`);\nprocess.stdout.write(generate(input));', { objects: 300, seed: 7 });
    expect(other.length).toBeGreaterThan(1000);
    expect(generate({ objects: 300, seed: 7 })).toBe(other);
    expect(generate({ objects: 300, seed: 7 })).not.toBe(generate({ objects: 300, seed: 8 }));
  });

  it.each([1, 2, 7, 8, 99, 100, 250, 1000])("declares exactly %i objects", (n) => {
    const text = generate({ objects: n, seed: 3 });
    expect(countObjects(text)).toBe(n);
    const r = check("gen.pipe", text);
    const objects = r.ir.pipelines.reduce((k, p) => k + p.objects.length, 0);
    expect(objects).toBe(n);
    expect(r.ir.pipelines.length).toBe(Math.ceil(n / OBJECTS_PER_PIPELINE));
  });

  it.each([1, 2])("a pipeline of %i objects has no alarm (the only finding)", (n) => {
    const r = check("gen.pipe", generate({ objects: n, seed: 11 }));
    expect([...new Set(r.diagnostics.map((d) => d.code))]).toEqual(["PIPE6001"]);
  });

  it("evens out a remainder too small for a pipeline of its own", () => {
    expect(pipelineSizes(199, "estate")).toEqual([99, 50, 50]);
    expect(pipelineSizes(100, "estate")).toEqual([50, 50]);
    expect(pipelineSizes(102, "estate")).toEqual([99, 3]);
    expect(pipelineSizes(5, "single")).toEqual([5]);
  });

  it.each([3, 4, 5, 11, 12, 13, 15, 16, 27, 99, 100, 101, 1000])("an estate of %i objects checks and emits with no diagnostics", (n) => {
    const text = generate({ objects: n, seed: 11 });
    const r = check("gen.pipe", text);
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    const compiled = compileAll("gen.pipe", text);
    expect(compiled.diagnostics).toBe(0);
    expect(compiled.outputs.length).toBe(r.ir.pipelines.length);
    expect(jsonRoundTrip(compiled.outputs)).toBe(compiled.outputs.reduce((k, o) => k + o.length - 1, 0));
  });

  it("uses every kind of object the benchmark claims", () => {
    const r = check("gen.pipe", generate({ objects: 1000, seed: 5 }));
    const types = new Set(r.ir.pipelines.flatMap((p) => p.objects.map((o) => o.type)));
    for (const t of ["Schedule", "Ec2Resource", "EmrCluster", "RedshiftDatabase", "S3DataNode", "S3KeyExists", "ShellCommandActivity", "SqlActivity", "HiveActivity", "SnsAlarm"]) {
      expect(types.has(t), t).toBe(true);
    }
    const text = generate({ objects: 1000, seed: 5 });
    expect(text).toMatch(/dependsOn = \[Fan\d+x1, Fan\d+x2/);
    expect(text).toContain("#<format(@scheduledStartTime");
    expect(text).toContain("param *myDbPassword");
  });

  it("one big pipeline warns only about the object quota", () => {
    const r = check("gen.pipe", generate({ objects: 400, seed: 2, shape: "single" }));
    expect(r.ir.pipelines.length).toBe(1);
    expect(r.ir.pipelines[0].objects.length).toBe(400);
    expect([...new Set(r.diagnostics.map((d) => d.code))]).toEqual(["PIPE4006"]);
  });

  it("is already formatted canonically", async () => {
    const text = generate({ objects: 120, seed: 9 });
    const r = await formatSource(text, "gen.pipe");
    expect(r.formatted).toBe(text);
  });
});

describe("bench/stages", () => {
  it("every stage runs on its own input", () => {
    const fns = stageFunctions(prepareStages("gen.pipe", generate({ objects: 150, seed: 4 })));
    expect(Object.keys(fns)).toEqual(["scan", "tree", "resolve", "validate", "emit", "recover"]);
    expect(fns.tree()).toBe(2); // well formed: the direct parser takes it
    expect(fns.recover()).toBe(2);
    expect(fns.validate()).toBe(0); // no findings
    expect(fns.resolve()).toBe(2); // pipelines
  });

  it("median", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
