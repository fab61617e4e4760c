/**
 * What real estates write and the service accepts: parameter types in any case, parameters in
 * typed fields, empty lists, parameters left without values, no invented Default object, enum
 * words and booleans in any case, one naming rule for encrypted parameters; and what the service
 * refuses, with the page it is documented on.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, compile } from "../compiler/compile.ts";
import { importDefinition } from "../compiler/import/index.ts";
import { emitDataPipeline } from "../compiler/emit/datapipeline/emit.ts";
import { applyEnvironment, mergeEnvironments, parseInlineParams, readValuesFile } from "../compiler/emit/datapipeline/environment.ts";
import { ALL_RULES } from "../compiler/validate/registry.ts";
import { build, ROOT } from "./helpers/datapipeline.ts";

const FIXTURE = join(ROOT, "test/fixtures/datapipeline/estate-spellings/definition.json");
const JSON_TEXT = readFileSync(FIXTURE, "utf8");

const PIPE_HEAD = `pipeline p {
  default {
    scheduleType = cron
    schedule = Daily
    role = "DataPipelineDefaultRole"
    resourceRole = "DataPipelineDefaultResourceRole"
    pipelineLogUri = "s3://logs/"
  }
  Ec2Resource Worker { instanceType = "m5.large"  terminateAfter = 2 hours }
`;

function codes(path: string, text: string, severity?: string): string[] {
  return check(path, text).diagnostics.filter((d) => severity === undefined || d.severity === severity).map((d) => d.code);
}

describe("definitions the service accepts", () => {
  it("checks the estate definition without errors", () => {
    expect(check("estate.json", JSON_TEXT).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it("accepts parameter types in any case, keeps the spelling, and offers the documented one", () => {
    const r = check("estate.json", JSON_TEXT);
    expect(r.diagnostics.filter((d) => d.code === "PIPE2013")).toEqual([]);
    const spelling = r.diagnostics.filter((d) => d.code === "PIPE6012");
    expect(spelling.map((d) => d.fix?.edits[0].text)).toEqual(['"String"', '"Integer"', '"AWS::S3::ObjectKey"']);
    const imported = importDefinition("estate.json", JSON_TEXT, { pipelineName: "p" });
    expect(imported.text).toContain("param myPeriod: string");
    const built = JSON.parse(build("p.pipe", imported.text).texts[0]);
    expect(built.parameters.map((p: { type?: string }) => p.type)).toEqual(["string", "String", "integer", "aws:s3objectkey", "AWS::S3::ObjectKey", "String"]);
    const pipe = `${PIPE_HEAD}  Schedule Daily { period = 1 day  startAt = FIRST_ACTIVATION_DATE_TIME }\n  param myCount: integer = 3\n  ShellCommandActivity A { runsOn = Worker  command = "echo #<myCount>" }\n}\n`;
    const d = check("p.pipe", pipe).diagnostics.find((x) => x.code === "PIPE6012");
    expect(d?.severity).toBe("warning");
    expect(d?.fix?.edits[0].text).toBe("Integer");
  });

  it("accepts parameters in typed fields and checks their known values at the value", () => {
    expect(codes("estate.json", JSON_TEXT)).not.toContain("PIPE3009");
    const bad = JSON_TEXT.replace('"default": "2026-01-01T00:00:00"', '"default": "tomorrow"');
    const d = check("estate.json", bad).diagnostics.filter((x) => x.code === "PIPE3028");
    expect(d.map((x) => [x.severity, bad.slice(x.span.start, x.span.end)])).toEqual([["warning", '"tomorrow"']]);
    // An Integer parameter can never be a date-time: an error.
    const never = JSON_TEXT.replace('"startDateTime": "#{myStartDateTime}"', '"startDateTime": "#{myRetries}"');
    expect(check("estate.json", never).diagnostics.filter((x) => x.code === "PIPE3028").map((x) => x.severity)).toEqual(["error"]);
    // An environment's value is checked where it is given.
    const ir = compile("estate.json", JSON_TEXT).ir.pipelines[0];
    const values = readValuesFile("v.json", '{"values": {"myStartDateTime": "soon", "myInputKey": "s3://b/in"}}');
    const applied = applyEnvironment(ir, mergeEnvironments(values.values));
    const bad5107 = applied.diagnostics.filter((x) => x.code === "PIPE5107");
    expect(bad5107.map((x) => [x.file, x.severity])).toEqual([["v.json", "error"]]);
    // A parameter expression other than a lone reference is still refused in startDateTime.
    const expr = JSON_TEXT.replace('"startDateTime": "#{myStartDateTime}"', '"startDateTime": "#{format(myStartDateTime, \'YYYY\')}"');
    expect(codes("estate.json", expr, "error")).toContain("PIPE3009");
  });

  it("accepts empty lists as no value and keeps them on the round trip", () => {
    const r = check("estate.json", JSON_TEXT).diagnostics.filter((d) => d.code === "PIPE3007");
    expect(r.map((d) => d.severity)).toEqual(["info", "info"]);
    const imported = importDefinition("estate.json", JSON_TEXT, { pipelineName: "p" });
    const built = JSON.parse(build("p.pipe", imported.text).texts[0]);
    expect(built.objects.find((o: { id: string }) => o.id === "Copy").scriptArgument).toEqual([]);
    expect(built.parameters.find((p: { id: string }) => p.id === "myTags").default).toEqual([]);
  });

  it("writes parameters without values with a warning, with or without an environment", () => {
    const ir = compile("estate.json", JSON_TEXT).ir.pipelines[0];
    const template = emitDataPipeline(ir, { form: "file", warnMissingValues: true });
    expect(template.diagnostics.filter((d) => d.code === "PIPE5101").map((d) => d.severity)).toEqual(["warning", "warning"]);
    expect(JSON.parse(template.text).parameters.map((p: { id: string }) => p.id)).toContain("myInputKey");
    const env = applyEnvironment(ir, mergeEnvironments(parseInlineParams(["myPeriod=1 day"]).values));
    expect(env.diagnostics.filter((d) => d.code === "PIPE5101").map((d) => d.severity)).toEqual(["warning", "warning"]);
    // A target that deploys the values itself needs them, and every parameter an expression reads.
    const strict = applyEnvironment(ir, mergeEnvironments([]), { missing: "error" });
    expect(strict.diagnostics.filter((d) => d.code === "PIPE5101").map((d) => d.severity)).toEqual(["error", "error"]);
    const undeclared = compile("u.json", '{"objects": [{"id": "A", "type": "ShellCommandActivity", "command": "echo #{myGhost}"}]}').ir.pipelines[0];
    const u = applyEnvironment(undeclared, mergeEnvironments([]), { missing: "error" });
    expect(u.diagnostics.map((d) => [d.code, d.severity])).toEqual([["PIPE5101", "error"]]);
  });

  it("never writes a Default object the source did not have, in either form", () => {
    for (const form of ["file", "api"] as const) {
      const source = form === "file" ? JSON_TEXT : JSON.stringify({ pipelineObjects: [{ id: "A", name: "A", fields: [{ key: "type", stringValue: "ShellCommandActivity" }, { key: "command", stringValue: "echo" }] }] });
      const imported = importDefinition(`d.${form}.json`, source, { pipelineName: "p" });
      expect(imported.text).not.toContain("default {");
      const built = JSON.parse(build("p.pipe", imported.text, form).texts[0]);
      const objects: { id: string }[] = form === "file" ? built.objects : built.pipelineObjects;
      expect(objects.map((o) => o.id)).not.toContain("Default");
    }
  });

  it("accepts booleans and enum words in any case, as AWS's own examples write them", () => {
    expect(codes("estate.json", JSON_TEXT, "error")).toEqual([]);
    const pipe = `${PIPE_HEAD}  Schedule Daily { period = 1 day  startAt = FIRST_ACTIVATION_DATE_TIME }\n  ShellCommandActivity A { runsOn = Worker  command = "echo"  stage = "TRUE"  failureAndRerunMode = "Cascade"  scheduleType = "Cron" }\n}\n`;
    expect(codes("p.pipe", pipe, "error")).toEqual([]);
    expect(codes("p.pipe", pipe.replace('stage = "TRUE"', 'stage = "yes"'), "error")).toContain("PIPE3001");
  });
});

describe("definitions the service refuses", () => {
  it("every error-level rule cites the AWS page or limit it follows", () => {
    const missing = ALL_RULES.filter((r) => r.meta.severity === "error" && !/^https:\/\/docs\.aws\.amazon\.com\//.test(r.meta.source ?? "")).map((r) => r.meta.name);
    expect(missing).toEqual([]);
  });

  it("parameter ids must start with my", () => {
    const pipe = `${PIPE_HEAD}  Schedule Daily { period = 1 day  startAt = FIRST_ACTIVATION_DATE_TIME }\n  param bucket: String = "b"\n  ShellCommandActivity A { runsOn = Worker  command = "echo #<bucket>" }\n}\n`;
    expect(check("p.pipe", pipe).diagnostics.filter((d) => d.code === "PIPE2012").map((d) => d.severity)).toEqual(["error"]);
  });

  it("an unterminated #{ in an imported definition is an error at its position", () => {
    const text = '{"objects": [{"id": "A", "type": "ShellCommandActivity", "command": "echo #{myX"}]}';
    const d = check("d.json", text).diagnostics.filter((x) => x.code === "PIPE5159");
    expect(d.map((x) => [x.severity, text.slice(x.span.start, x.span.start + 2)])).toEqual([["error", "#{"]]);
  });

  it("names an encrypted parameter with its * everywhere, with a did-you-mean for the other spelling", () => {
    const pipe = `${PIPE_HEAD}  Schedule Daily { period = 1 day  startAt = FIRST_ACTIVATION_DATE_TIME }\n  param *myPassword: String\n  ShellCommandActivity A { runsOn = Worker  command = "echo #<myPassword>" }\n}\n`;
    const d = check("p.pipe", pipe).diagnostics.find((x) => x.code === "PIPE2010");
    // A warning: an AWS sample reads `#{myRedshiftPassword}` for `*myRedshiftPassword`.
    expect(d?.severity).toBe("warning");
    expect(d?.hint).toContain("*myPassword");
    const ir = compile("p.pipe", pipe).ir.pipelines[0];
    const env = applyEnvironment(ir, mergeEnvironments(readValuesFile("v.json", '{"values": {"myPassword": "x"}}').values));
    expect(env.diagnostics.find((x) => x.code === "PIPE5104")?.hint).toContain('"*myPassword"');
    const inline = applyEnvironment(ir, mergeEnvironments(parseInlineParams(["*myPassword=x"]).values));
    expect(inline.diagnostics).toEqual([]);
  });
});
