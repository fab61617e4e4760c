/**
 * Property test of the importer: random definitions (random ids, types, fields, values with
 * expressions and awkward characters, references, lists, parameters and values), written in
 * the file form or the API form, are imported to `.pipe`, built back, and compared in meaning
 * with the original.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fcSeed } from "./helpers/fc.ts";
import { canonicalDefinition, serializeDefinition, type DefField, type DefObject, type DefParameter, type DefParameterValue, type Definition, type DefValue } from "../compiler/emit/datapipeline/definition.ts";
import { applyEnvironment, mergeEnvironments, readValuesFile } from "../compiler/emit/datapipeline/environment.ts";
import { importDefinition } from "../compiler/import/index.ts";
import { compile } from "../compiler/compile.ts";
import { defaultObjectFields, fieldNames, fieldSpec } from "../compiler/model/index.ts";
import { specFor } from "../compiler/resolve/fields.ts";
import { build } from "./helpers/datapipeline.ts";

const TYPES = ["ShellCommandActivity", "Ec2Resource", "Schedule", "S3DataNode", "SqlActivity", "EmrCluster", "SnsAlarm", "RdsDatabase", "S3KeyExists", "CSV", "MyCustomType"];

const idArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
  fc.constantFrom("default", "param", "pipeline", "true", "false", "Template", "my id", "a-b.c", "`tick`", "back\\slash", "é日本", "1st", "😀"),
  fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/[\r\n]/.test(s) && s.trim() !== ""),
).filter((s) => s !== "Default");

const TEXT_PIECES = [
  "a", "Z", " ", "  ", "#", "<", "{", "}", ">", '"', "'", "\\", "\n", "\t", "\r", "é", "😀", "$", "${INPUT1_STAGING_DIR}",
  "#{myParam}", "#{format(@scheduledStartTime, 'YYYY-MM-dd')}", "#{node.@scheduledStartTime}", "#{ myParam }", "#{1 + 2 * 3}",
  "#{minusDays(@scheduledStartTime,1)}", "#{}", "#{a b}", "#{", "#<", "\\#<", '"""', "s3://bucket/key", "\u0001",
  "#{format(@scheduledStartTime,'YYY\\Y')}", "#{ (1 + 2) * 3 }", "#{\"a\\\"b\"}",
];
const textArb = fc.array(fc.constantFrom(...TEXT_PIECES), { maxLength: 8 }).map((parts) => parts.join(""));
const typedArb = fc.constantFrom("1 day", "15 Minutes", "1 Hour", "2 hours", "2026-01-01T00:00:00", "3", "0", "01", "-2", "0.25", "true", "false", "TRUE", "cascade", "CASCADE", "cron", "ondemand", "FIRST_ACTIVATION_DATE_TIME", "1  day", "");
const stringValueArb: fc.Arbitrary<string> = fc.oneof(textArb, typedArb);

interface Shape {
  objects: { id: string; name: string | undefined; type: string | undefined; keys: { key: string; values: ({ s: string } | { refIndex: number })[]; list: boolean }[] }[];
  parameters: DefParameter[];
  values: DefParameterValue[];
  form: "file" | "api";
}

const keyPool = (type: string | undefined): string[] => {
  const known = type ? fieldNames(type).filter((k) => !fieldSpec(type, k)?.runtime && k !== "type" && k !== "name" && k !== "id") : [...defaultObjectFields().keys()].slice(0, 30);
  return [...known.slice(0, 25), "myComment", "myRef", "my_list", "myWeird-key", "*password", "unknownField"];
};

const objectArb = fc.record({
  id: idArb,
  name: fc.option(fc.oneof(idArb, textArb.filter((s) => s !== "")), { nil: undefined }),
  type: fc.option(fc.constantFrom(...TYPES), { nil: undefined, freq: 8 }),
  keySeed: fc.array(fc.tuple(fc.nat(), fc.array(fc.oneof({ weight: 4, arbitrary: stringValueArb.map((s) => ({ s })) }, { weight: 1, arbitrary: fc.nat().map((refIndex) => ({ refIndex })) }), { minLength: 1, maxLength: 3 }), fc.boolean()), { maxLength: 6 }),
});

const paramArb = fc.record({
  id: fc.stringMatching(/^\*?my[A-Z][A-Za-z0-9]{0,6}$/),
  type: fc.option(fc.constantFrom("String", "Integer", "Double", "AWS::S3::ObjectKey"), { nil: undefined }),
  description: fc.option(textArb, { nil: undefined }),
  default: fc.option(stringValueArb, { nil: undefined }),
  allowed: fc.option(fc.array(fc.constantFrom("a", "b", "c d"), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  optional: fc.option(fc.constantFrom("true", "false"), { nil: undefined }),
});

const shapeArb: fc.Arbitrary<Shape> = fc
  .record({
    defaults: objectArb.map((o) => ({ ...o, id: "Default", type: undefined, name: undefined })),
    objects: fc.uniqueArray(objectArb, { maxLength: 6, selector: (o) => o.id }),
    params: fc.uniqueArray(paramArb, { maxLength: 3, selector: (p) => p.id.replace(/^\*/, "") }),
    vals: fc.array(fc.tuple(fc.nat(), fc.array(fc.constantFrom("a", "b", "x y"), { minLength: 1, maxLength: 2 })), { maxLength: 3 }),
    form: fc.constantFrom("file" as const, "api" as const),
  })
  .map(({ defaults, objects, params, vals, form }) => {
    const all = [defaults, ...objects];
    const shapedObjects = all.map((o) => {
      const pool = keyPool(o.type);
      const used = new Set<string>();
      const keys: Shape["objects"][number]["keys"] = [];
      for (const [seed, values, list] of o.keySeed) {
        const key = pool[seed % pool.length];
        if (used.has(key)) continue;
        used.add(key);
        const spec = specFor(o.id === "Default" ? "Default" : o.type, key);
        // References only where `.pipe` can write them: ref fields, and fields the model does not know.
        const refOk = spec === undefined || spec.kind === "ref";
        const vs = values.map((v) => ("refIndex" in v && !refOk ? { s: "text" } : v));
        keys.push({ key, values: list ? vs : [vs[0]], list });
      }
      return { id: o.id, name: o.name, type: o.type, keys };
    });
    const parameters: DefParameter[] = params.map((p) => {
      const attributes: DefParameter["attributes"][number][] = [];
      if (p.type) attributes.push({ key: "type", values: [p.type], list: false });
      if (p.description !== undefined) attributes.push({ key: "description", values: [p.description], list: false });
      if (p.default !== undefined) attributes.push({ key: "default", values: [p.default], list: false });
      if (p.allowed) attributes.push({ key: "allowedValues", values: p.allowed, list: true });
      if (p.optional) attributes.push({ key: "optional", values: [p.optional], list: false });
      return { id: p.id, attributes };
    });
    const values: DefParameterValue[] = [];
    const seen = new Set<string>();
    for (const [i, vs] of vals) {
      if (parameters.length === 0) break;
      const id = parameters[i % parameters.length].id;
      if (seen.has(id)) continue;
      seen.add(id);
      values.push({ id, values: vs, list: vs.length > 1 });
    }
    return { objects: shapedObjects, parameters, values, form };
  });

function toDefinition(shape: Shape): Definition {
  const ids = shape.objects.map((o) => o.id);
  const objects: DefObject[] = shape.objects.map((o) => {
    const fields: DefField[] = [];
    if (o.type) fields.push({ key: "type", values: [{ kind: "string", value: o.type }], list: false });
    for (const k of o.keys) {
      const values: DefValue[] = k.values.map((v) => ("s" in v ? { kind: "string", value: v.s } : { kind: "ref", id: ids[v.refIndex % ids.length] }));
      fields.push({ key: k.key, values, list: k.list });
    }
    return { id: o.id, name: o.name, fields };
  });
  return { objects, parameters: shape.parameters, values: shape.values };
}

describe("importer property", () => {
  it("random definitions round-trip through .pipe in meaning", () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const def = toDefinition(shape);
        const json = serializeDefinition(def, shape.form);
        const imported = importDefinition("random.json", json, { pipelineName: "p" });
        // An unclosed `#{` is an error (the service refuses it) but is still imported as its text.
        expect(imported.diagnostics.filter((d) => d.severity === "error" && d.code !== "PIPE5159")).toEqual([]);
        // The importer's check of its own output accepts it (and the checks below agree).
        expect(imported.selfCheck).toBeUndefined();
        // The reader sees the definition that was written.
        expect(canonicalDefinition(imported.definition!)).toBe(canonicalDefinition(def));
        // Building the printed .pipe gives it back.
        const ir = compile("random.pipe", imported.text).ir.pipelines[0];
        expect(ir).toBeDefined();
        const values = imported.valuesFile ? applyEnvironment(ir, mergeEnvironments(readValuesFile("v.json", imported.valuesFile).values)).values : [];
        const built = build("random.pipe", imported.text, "file", values);
        expect(built.diagnostics.filter((d) => d.code.startsWith("PIPE0") || d.code.startsWith("PIPE1"))).toEqual([]);
        expect(canonicalDefinition(built.definitions[0])).toBe(canonicalDefinition(def));
      }),
      { numRuns: Number(process.env.PIPEC_PROPERTY_RUNS ?? 300), seed: fcSeed(20261122) },
    );
  });
});
