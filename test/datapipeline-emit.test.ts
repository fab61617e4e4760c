import { describe, expect, it } from "vitest";
import { inChild } from "./helpers/child.ts";
import { compile } from "../compiler/compile.ts";
import { emitDataPipeline } from "../compiler/emit/datapipeline/emit.ts";
import { canonicalDefinition, canonicalExpressions, type Definition } from "../compiler/emit/datapipeline/definition.ts";
import { applyEnvironment, mergeEnvironments, parseInlineParams, readValuesFile } from "../compiler/emit/datapipeline/environment.ts";
import { build, schemaErrors } from "./helpers/datapipeline.ts";

const SOURCE = `
pipeline copy_logs {
  param myBucket: S3Key = "s3://logs"
  param myMode: String {
    allowedValues = ["fast", "safe"]
  }
  param myCount: Integer = 2
  param *myPassword: String

  default {
    scheduleType = cron
    schedule = Hourly
    role = "DataPipelineDefaultRole"
    resourceRole = "DataPipelineDefaultResourceRole"
    pipelineLogUri = "#<myBucket>/logs/"
  }

  Schedule Hourly {
    period = 1 hour
    startDateTime = 2026-01-01T00:00:00
  }

  Ec2Resource Box {
    terminateAfter = 1 Hour
    securityGroupIds = ["sg-1"]
  }

  ShellCommandActivity \`Copy step\` {
    name = "Copy \\#<step>"
    runsOn = Box
    command = "echo \\#<not an expression> #<format(@scheduledStartTime, 'YYYY')> #<myMode>"
    scriptArgument = ["a", "b"]
    maximumRetries = 3
    stage = true
  }
}
`;

function emit(form: "file" | "api", text = SOURCE) {
  const r = compile("t.pipe", text);
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return emitDataPipeline(r.ir.pipelines[0], { form });
}

describe("Data Pipeline emitter", () => {
  it("writes the file form: Default first, source order, strings, refs, lists", () => {
    const out = emit("file");
    const json = JSON.parse(out.text);
    expect(json.objects.map((o: { id: string }) => o.id)).toEqual(["Default", "Hourly", "Box", "Copy step"]);
    expect(json.objects[0]).toEqual({
      id: "Default",
      scheduleType: "cron",
      schedule: { ref: "Hourly" },
      role: "DataPipelineDefaultRole",
      resourceRole: "DataPipelineDefaultResourceRole",
      pipelineLogUri: "#{myBucket}/logs/",
    });
    expect(json.objects[1]).toEqual({ id: "Hourly", type: "Schedule", period: "1 hour", startDateTime: "2026-01-01T00:00:00" });
    // Durations keep their spelling; a one-element list stays a list.
    expect(json.objects[2]).toEqual({ id: "Box", type: "Ec2Resource", terminateAfter: "1 Hour", securityGroupIds: ["sg-1"] });
    expect(json.objects[3]).toEqual({
      id: "Copy step",
      name: "Copy #<step>",
      type: "ShellCommandActivity",
      runsOn: { ref: "Box" },
      command: "echo #<not an expression> #{format(@scheduledStartTime, 'YYYY')} #{myMode}",
      scriptArgument: ["a", "b"],
      maximumRetries: "3",
      stage: "true",
    });
    expect(json.parameters).toEqual([
      { id: "myBucket", type: "AWS::S3::ObjectKey", default: "s3://logs" },
      { id: "myMode", type: "String", allowedValues: ["fast", "safe"] },
      { id: "myCount", type: "Integer", default: "2" },
      { id: "*myPassword", type: "String" },
    ]);
    expect(json.values).toBeUndefined();
    expect(out.text.endsWith("}\n")).toBe(true);
    expect(out.text).toContain('\n  "objects": [\n    {\n      "id"');
    expect(schemaErrors(out.text, "file")).toEqual([]);
  });

  it("writes the API form: repeated fields, refValue, names defaulting to ids", () => {
    const out = emit("api");
    const json = JSON.parse(out.text);
    expect(Object.keys(json)).toEqual(["pipelineObjects", "parameterObjects"]);
    const copy = json.pipelineObjects[3];
    expect(copy.id).toBe("Copy step");
    expect(copy.name).toBe("Copy #<step>");
    expect(json.pipelineObjects[1].name).toBe("Hourly");
    expect(copy.fields).toEqual([
      { key: "type", stringValue: "ShellCommandActivity" },
      { key: "runsOn", refValue: "Box" },
      { key: "command", stringValue: "echo #<not an expression> #{format(@scheduledStartTime, 'YYYY')} #{myMode}" },
      { key: "scriptArgument", stringValue: "a" },
      { key: "scriptArgument", stringValue: "b" },
      { key: "maximumRetries", stringValue: "3" },
      { key: "stage", stringValue: "true" },
    ]);
    expect(json.parameterObjects[1]).toEqual({
      id: "myMode",
      attributes: [
        { key: "type", stringValue: "String" },
        { key: "allowedValues", stringValue: "fast" },
        { key: "allowedValues", stringValue: "safe" },
      ],
    });
    expect(schemaErrors(out.text, "api")).toEqual([]);
  });

  it("writes a Default object only when the source has one, in both forms", () => {
    const out = emit("file", `pipeline p {\n  default { scheduleType = ondemand }\n}\n`);
    expect(JSON.parse(out.text).objects).toEqual([{ id: "Default", scheduleType: "ondemand" }]);
    const b = build("t.pipe", "pipeline p {\n}\n");
    expect(JSON.parse(b.texts[0]).objects).toEqual([]);
    const api = build("t.pipe", "pipeline p {\n  ShellCommandActivity A { command = \"echo\" }\n}\n", "api");
    expect(JSON.parse(api.texts[0]).pipelineObjects.map((o: { id: string }) => o.id)).toEqual(["A"]);
    const empty = build("t.pipe", "pipeline p {\n  default {}\n}\n");
    expect(JSON.parse(empty.texts[0]).objects).toEqual([{ id: "Default" }]);
  });

  it("writes a parameter's type only when the source gives one", () => {
    const b = build("t.pipe", 'pipeline p {\n  param myX = "a"\n}\n');
    expect(JSON.parse(b.texts[0]).parameters).toEqual([{ id: "myX", default: "a" }]);
  });

  it("is deterministic: the same source gives the same bytes in another process (other time zone and locale)", () => {
    const other = JSON.parse(
      inChild(
        [
          'const { compile } = await import(`${root}compiler/compile.ts`);',
          'const { emitDataPipeline } = await import(`${root}compiler/emit/datapipeline/emit.ts`);',
          'const p = compile("t.pipe", input).ir.pipelines[0];',
          'process.stdout.write(JSON.stringify({ file: emitDataPipeline(p, { form: "file" }).text, api: emitDataPipeline(p, { form: "api" }).text }));',
        ].join("\n"),
        SOURCE,
      ),
    ) as { file: string; api: string };
    expect(emit("file").text).toBe(other.file);
    expect(emit("api").text).toBe(other.api);
  });

  it("leaves size limits to validation (PIPE4003, PIPE4004) and reports control characters (PIPE5114)", () => {
    const long = "x".repeat(10241);
    const args = Array.from({ length: 50 }, (_, i) => `"a${i}"`).join(", ");
    const text = `pipeline p {\n  ShellCommandActivity A {\n    workerGroup = "wg"\n    command = "${long}"\n    scriptArgument = [${args}]\n    myCtl = "a\\u{1}b"\n  }\n}\n`;
    const checked = compile("t.pipe", text).diagnostics.map((d) => d.code);
    expect(checked).toContain("PIPE4003");
    expect(checked).toContain("PIPE4004");
    const b = build("t.pipe", text);
    const target = b.diagnostics.filter((d) => d.code.startsWith("PIPE51"));
    expect(target.map((d) => d.code)).toEqual(["PIPE5114"]);
    const clean = build("t.pipe", 'pipeline p {\n  ShellCommandActivity A {\n    workerGroup = "wg"\n    command = "tab\\there"\n  }\n}\n');
    expect(clean.diagnostics.filter((d) => d.code.startsWith("PIPE511"))).toEqual([]);
  });
});

describe("environments", () => {
  const ir = () => compile("t.pipe", SOURCE).ir.pipelines[0];

  it("reads both values-file shapes", () => {
    const wrapped = readValuesFile("v.json", '{"values": {"myMode": "fast", "myList": ["a", "b"]}}');
    const bare = readValuesFile("v.json", '{"myMode": "fast", "myList": ["a", "b"]}');
    expect(wrapped.diagnostics).toEqual([]);
    expect(wrapped.values.map((v) => [v.id, v.values, v.list])).toEqual([
      ["myMode", ["fast"], false],
      ["myList", ["a", "b"], true],
    ]);
    expect(bare.values.map((v) => [v.id, v.values])).toEqual(wrapped.values.map((v) => [v.id, v.values]));
    expect(readValuesFile("v.json", "[1]").diagnostics.map((d) => d.code)).toEqual(["PIPE5106"]);
  });

  it("splits --param at the first = and builds arrays from repeated ids", () => {
    const r = parseInlineParams(["myA=x=y", "myB=1", "myB=2", "bad"]);
    expect(r.invalid).toEqual(["bad"]);
    expect(r.values.map((v) => [v.id, v.values])).toEqual([
      ["myA", ["x=y"]],
      ["myB", ["1", "2"]],
    ]);
  });

  it("reports missing required values (PIPE5101) pointing at the declaration", () => {
    const r = applyEnvironment(ir(), mergeEnvironments(parseInlineParams(["myMode=fast"]).values));
    expect(r.diagnostics.map((d) => [d.code, SOURCE.slice(d.span.start, d.span.end)])).toEqual([["PIPE5101", "myPassword"]]);
  });

  it("reports values outside allowedValues (PIPE5102), type mismatches (PIPE5103), several values for a scalar (PIPE5105)", () => {
    const env = mergeEnvironments(parseInlineParams(["myMode=turbo", "myCount=two", "*myPassword=a", "*myPassword=b"]).values);
    const r = applyEnvironment(ir(), env);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(["PIPE5102", "PIPE5103", "PIPE5105"]);
    expect(r.diagnostics.every((d) => d.severity === "error")).toBe(true);
  });

  it("warns about undeclared values (PIPE5104) and keeps them; orders values by declaration", () => {
    const file = readValuesFile("v.json", '{"values": {"myExtra": "1", "*myPassword": "p", "myMode": "safe"}}');
    const r = applyEnvironment(ir(), mergeEnvironments(file.values));
    expect(r.diagnostics.map((d) => [d.code, d.file, d.severity])).toEqual([["PIPE5104", "v.json", "warning"]]);
    expect(r.values.map((v) => v.id)).toEqual(["myMode", "*myPassword", "myExtra"]);
    const out = emitDataPipeline(ir(), { form: "file", values: r.values });
    expect(JSON.parse(out.text).values).toEqual({ myMode: "safe", "*myPassword": "p", myExtra: "1" });
    const api = emitDataPipeline(ir(), { form: "api", values: r.values });
    expect(JSON.parse(api.text).parameterValues).toEqual([
      { id: "myMode", stringValue: "safe" },
      { id: "*myPassword", stringValue: "p" },
      { id: "myExtra", stringValue: "1" },
    ]);
    expect(schemaErrors(api.text, "api")).toEqual([]);
  });

  it("lets --param override a values file id by id", () => {
    const file = readValuesFile("v.json", '{"myMode": "safe", "*myPassword": "p"}');
    const env = mergeEnvironments(file.values, parseInlineParams(["myMode=fast"]).values);
    expect(env.values.map((v) => [v.id, v.values[0]])).toEqual([
      ["myMode", "fast"],
      ["*myPassword", "p"],
    ]);
  });
});

describe("meaning comparison", () => {
  const def = (objects: Definition["objects"]): Definition => ({ objects, parameters: [], values: [] });
  it("ignores order, list-ness of one element, a name equal to the id and an empty Default", () => {
    const a = def([
      { id: "Default", name: undefined, fields: [] },
      { id: "A", name: "A", fields: [{ key: "x", values: [{ kind: "string", value: "1" }], list: true }, { key: "y", values: [{ kind: "ref", id: "B" }], list: false }] },
    ]);
    const b = def([{ id: "A", name: undefined, fields: [{ key: "y", values: [{ kind: "ref", id: "B" }], list: false }, { key: "x", values: [{ kind: "string", value: "1" }], list: false }] }]);
    expect(canonicalDefinition(a)).toBe(canonicalDefinition(b));
  });
  it("keeps refs apart from strings and names apart from ids", () => {
    const ref = def([{ id: "A", name: undefined, fields: [{ key: "y", values: [{ kind: "ref", id: "B" }], list: false }] }]);
    const str = def([{ id: "A", name: undefined, fields: [{ key: "y", values: [{ kind: "string", value: "B" }], list: false }] }]);
    const named = def([{ id: "A", name: "Other", fields: [{ key: "y", values: [{ kind: "ref", id: "B" }], list: false }] }]);
    expect(canonicalDefinition(ref)).not.toBe(canonicalDefinition(str));
    expect(canonicalDefinition(ref)).not.toBe(canonicalDefinition(named));
  });
  it("ignores white space inside #{...} but not inside quoted strings", () => {
    expect(canonicalExpressions("a #{ format( x ,'a b') } b")).toBe("a #{format(x,'a b')} b");
  });
});
