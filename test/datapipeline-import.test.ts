import { describe, expect, it } from "vitest";
import { importDefinition } from "../compiler/import/index.ts";
import { pipelineNameFromFile } from "../compiler/import/to-ast.ts";
import { SourceFile } from "../compiler/source/source.ts";
import { check } from "../compiler/compile.ts";
import { build } from "./helpers/datapipeline.ts";

function imp(def: unknown, name = "p") {
  const text = typeof def === "string" ? def : JSON.stringify(def, null, 2);
  return importDefinition("def.json", text, { pipelineName: name });
}

describe("importer", () => {
  it("writes idiomatic .pipe: params and default first, objects grouped by kind, fields in canonical order, typed literals", () => {
    const r = imp({
      objects: [
        { id: "Copy", type: "ShellCommandActivity", runsOn: { ref: "Box" }, command: "echo #{myGreeting} #{format(@scheduledStartTime,'YYYY')}", maximumRetries: "3", stage: "true", attemptTimeout: "1 Hour" },
        { id: "Box", type: "Ec2Resource", terminateAfter: "2 hours", actionOnTaskFailure: "terminate" },
        { id: "Default", scheduleType: "cron", failureAndRerunMode: "CASCADE", schedule: { ref: "Daily" } },
        { id: "Daily", type: "Schedule", period: "1 day", startDateTime: "2026-01-01T00:00:00" },
        { id: "Alarm", type: "SnsAlarm", topicArn: "arn", subject: "s", message: "m", role: "r" },
      ],
      parameters: [{ id: "myGreeting", type: "String", default: "hi", allowedValues: ["hi", "hello"], optional: "true" }, { id: "myRetries", type: "Integer", default: "3" }],
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe(`pipeline p {
  param myGreeting: String = "hi" {
    allowedValues = ["hi", "hello"]
    optional = true
  }

  param myRetries: Integer = 3

  default {
    schedule = Daily
    scheduleType = cron
    failureAndRerunMode = CASCADE
  }

  Schedule Daily {
    period = 1 day
    startDateTime = 2026-01-01T00:00:00
  }

  Ec2Resource Box {
    actionOnTaskFailure = terminate
    terminateAfter = 2 hours
  }

  ShellCommandActivity Copy {
    command = "echo #<myGreeting> #<format(@scheduledStartTime, 'YYYY')>"
    runsOn = Box
    attemptTimeout = 1 Hour
    maximumRetries = 3
    stage = true
  }

  SnsAlarm Alarm {
    message = "m"
    role = "r"
    subject = "s"
    topicArn = "arn"
  }
}
`);
  });

  it("keeps text that is not in a literal's exact form as a string", () => {
    const r = imp({ objects: [{ id: "A", type: "ShellCommandActivity", maximumRetries: "03", stage: "TRUE", attemptTimeout: "1  hour", workerGroup: "wg" }] });
    expect(r.text).toContain('maximumRetries = "03"');
    expect(r.text).toContain('stage = "TRUE"');
    expect(r.text).toContain('attemptTimeout = "1  hour"');
  });

  it("quotes ids that are not identifiers, keeps names, unknown fields and odd casing", () => {
    const r = imp({
      objects: [
        { id: "Default", myComment: "c" },
        { id: "my node-1", name: "Pretty name", type: "S3DataNode", filePath: "s3://b/k", MyOddField: "x", "weird key": "y", parent: { ref: "default" } },
        { id: "default", type: "S3DataNode", directoryPath: "s3://b/" },
        { id: "tmpl`x", myShared: "v" },
      ],
    });
    expect(r.text).toContain("S3DataNode `my node-1` {");
    expect(r.text).toContain('name = "Pretty name"');
    expect(r.text).toContain('MyOddField = "x"');
    expect(r.text).toContain('`weird key` = "y"');
    expect(r.text).toContain("parent = `default`");
    expect(r.text).toContain("S3DataNode `default` {");
    expect(r.text).toContain("Template `tmpl\\`x` {");
  });

  it("turns #{...} into #<...>, escapes literal #< and keeps unreadable expressions as text", () => {
    const r = imp({ objects: [{ id: "A", type: "ShellCommandActivity", workerGroup: "wg", command: "a #<b> #{node.@scheduledStartTime} #{a b} c #{" }] });
    expect(r.text).toContain('command = "a \\#<b> #<node.@scheduledStartTime> \\#{a b} c \\#{"');
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PIPE5159", "PIPE5159"]);
  });

  it("prints multi-line commands as triple-quoted strings", () => {
    const r = imp({ objects: [{ id: "A", type: "ShellCommandActivity", workerGroup: "wg", command: "set -e\nfor f in *; do\n  echo #{myX} $f\ndone\n" }] });
    expect(r.text).toContain(`    command = """
      set -e
      for f in *; do
        echo #<myX> $f
      done
      """`);
  });

  it("reads the API form, with repeated keys as lists and parameter values as a values file", () => {
    const r = imp({
      pipelineObjects: [
        { id: "Default", name: "Default", fields: [{ key: "scheduleType", stringValue: "ondemand" }] },
        {
          id: "A",
          name: "Step A",
          fields: [
            { key: "type", stringValue: "EmrActivity" },
            { key: "step", stringValue: "s1" },
            { key: "step", stringValue: "s2" },
            { key: "runsOn", refValue: "C" },
          ],
        },
        { id: "C", name: "C", fields: [{ key: "type", stringValue: "EmrCluster" }] },
      ],
      parameterObjects: [{ id: "myX", attributes: [{ key: "type", stringValue: "Integer" }, { key: "default", stringValue: "5" }] }],
      parameterValues: [
        { id: "myX", stringValue: "7" },
        { id: "myList", stringValue: "a" },
        { id: "myList", stringValue: "b" },
      ],
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toContain("param myX: Integer = 5");
    expect(r.text).toContain('EmrActivity A {\n    name = "Step A"\n    runsOn = C\n    step = ["s1", "s2"]\n  }');
    expect(r.text).toContain("EmrCluster C {}");
    expect(JSON.parse(r.valuesFile ?? "")).toEqual({ values: { myX: "7", myList: ["a", "b"] } });
  });

  it("orders fields canonically whatever the JSON order: name and parent, required, references, other known fields, custom fields", () => {
    const r = imp({
      objects: [
        { id: "Shared", myOwner: "data" },
        { myComment: "copies", maximumRetries: "2", dependsOn: { ref: "Prev" }, id: "Copy", workerGroup: "wg", command: "echo", parent: { ref: "Shared" }, name: "The copy", type: "ShellCommandActivity" },
        { id: "Prev", type: "ShellCommandActivity", command: "true", workerGroup: "wg" },
      ],
    });
    expect(r.text).toContain(`  ShellCommandActivity Copy {
    name = "The copy"
    parent = Shared
    command = "echo"
    workerGroup = "wg"
    dependsOn = Prev
    maximumRetries = 2
    myComment = "copies"
  }`);
  });

  it("prints long multi-line prose and scripts as triple-quoted text, white-space-only lines included", () => {
    const script = "DROP TABLE a;\n\nCREATE TABLE b (x int)\nLINES TERMINATED BY '\\n';\n                    \nINSERT INTO b SELECT * FROM a;";
    const r = imp({ objects: [{ id: "Default", scheduleType: "ondemand", myComment: "Nightly load.\nOwned by the data team;\nsee the runbook." }, { id: "H", type: "HiveActivity", hiveScript: script, runsOn: { ref: "C" } }, { id: "C", type: "EmrCluster" }] });
    expect(r.text).toContain('    myComment = """\n      Nightly load.\n      Owned by the data team;\n      see the runbook."""');
    expect(r.text).toContain('    hiveScript = """\n      DROP TABLE a;\n');
    expect(r.text).not.toMatch(/hiveScript = "[^"]/);
    const built = build("a.pipe", r.text);
    expect(built.errors).toEqual([]);
    const objects = JSON.parse(built.texts[0]).objects as { id: string; hiveScript?: string; myComment?: string }[];
    expect(objects.find((o) => o.id === "H")?.hiveScript).toBe(script);
  });

  it("reads duplicate keys of an object as one list field, with a warning", () => {
    const r = imp('{"objects": [{"id": "A", "type": "EmrActivity", "workerGroup": "wg", "step": "s1", "step": "s2"}]}');
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PIPE5153"]);
    expect(r.text).toContain('step = ["s1", "s2"]');
  });

  it("reports what it cannot import, with positions in the JSON", () => {
    const text = '{\n  "objects": [\n    {"name": "no id"},\n    {"id": "A", "type": "ShellCommandActivity", "workerGroup": 3, "command": null}\n  ],\n  "metadata": {}\n}';
    const r = importDefinition("def.json", text);
    const src = new SourceFile("def.json", text);
    const where = r.diagnostics.map((d) => [d.code, src.position(d.span.start).line]);
    expect(where).toEqual([
      ["PIPE5156", 3],
      ["PIPE5157", 4],
      ["PIPE5157", 4],
      ["PIPE5158", 6],
    ]);
    expect(r.text).toContain('workerGroup = "3"');
  });

  it("reports a JSON that is not a definition and prints nothing", () => {
    const r = importDefinition("values.json", '{"values": {"myX": "1"}}');
    expect(r.ast).toBeUndefined();
    expect(r.text).toBe("");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PIPE5155"]);
  });

  it("reports broken text with errors inside it instead of throwing", () => {
    const cases: [string, string[]][] = [
      ["", ["PIPE5150"]],
      ["[", ["PIPE5150", "PIPE5155"]],
      ["{", ["PIPE5150", "PIPE5155"]],
      ['{"objects": [', ["PIPE5150"]],
      ['{"objects": {}}', ["PIPE5155"]],
      ['{"objects": [1, "x", [], {"id": ""}]}', ["PIPE5156"]],
      ["\u0000", ["PIPE5150", "PIPE5155"]],
      ['{"objects": [{"id": "\\u"}]}', ["PIPE5150"]],
    ];
    for (const [text, codes] of cases) {
      const r = importDefinition("x.json", text);
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      expect([...new Set(errors.map((d) => d.code))].sort(), JSON.stringify(text)).toEqual(codes);
      for (const d of r.diagnostics) {
        expect(d.span.start, JSON.stringify(text)).toBeGreaterThanOrEqual(0);
        expect(d.span.end, JSON.stringify(text)).toBeLessThanOrEqual(text.length);
      }
    }
  });

  it("derives pipeline names from file names", () => {
    expect(pipelineNameFromFile("dir/my-pipeline.v2.json")).toBe("my_pipeline_v2");
    expect(pipelineNameFromFile("3-node.json")).toBe("p_3_node");
    expect(pipelineNameFromFile("default.json")).toBe("default_pipeline");
  });

  it("lets pipec check read a definition directly, pointing at JSON lines", () => {
    const text = '{\n  "objects": [\n    {"id": "A", "type": "ShellCommandActivity", "runsOn": {"ref": "Missing"}, "command": "x"}\n  ]\n}\n';
    const r = check("def.json", text);
    const src = new SourceFile("def.json", text);
    const ref = r.diagnostics.find((d) => d.message.includes("Missing"));
    expect(ref).toBeDefined();
    expect(src.position(ref!.span.start).line).toBe(3);
  });
});
