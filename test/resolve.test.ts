import { describe, expect, it } from "vitest";
import { check } from "../compiler/compile.ts";
import type { ExprIR, LiteralIR, PipelineIR, ValueIR } from "../compiler/ir/ir.ts";

const SRC = `pipeline p {
  param myPrefix: S3Key = "s3://b/in"
  param *mySecret: String { description = "db"  optional = true }
  param myEnvs: String { isArray = true  allowedValues = ["dev", "prod"]  default = ["dev"] }
  default {
    scheduleType = CRON
    schedule = Daily
    role = "R"
    resourceRole = "RR"
    maximumRetries = 2
    pipelineLogUri = "s3://logs/"
  }
  Schedule Daily { period = 1   Day  startDateTime = 2026-01-01T02:00:00Z }
  Template Base { retryDelay = 5 minutes  myOwner = Worker  myNote = plain }
  Ec2Resource Worker { terminateAfter = 2 hours }
  S3DataNode In { directoryPath = "#<myPrefix>/#<format(@scheduledStartTime, 'YYYY')>" }
  ShellCommandActivity Copy {
    parent = Base
    runsOn = Worker
    input = In
    command = "ls #<input.directoryPath> #<node.name>"
    maximumRetries = 4
    stage = "true"
    onFail = Alarm
  }
  SnsAlarm Alarm { topicArn = "t"  subject = "#<node.@scheduledStartTime>"  message = "#<1 + 2.5>" }
}
`;

function pipeline(): PipelineIR {
  return check("p.pipe", SRC).ir.pipelines[0];
}

function literal(v: ValueIR | undefined): LiteralIR {
  if (v?.kind !== "literal") throw new Error(`not a literal: ${JSON.stringify(v)}`);
  return v;
}

function exprs(p: PipelineIR, id: string, key: string): ExprIR[] {
  const f = p.byId.get(id)?.fields.find((x) => x.key === key);
  const out: ExprIR[] = [];
  for (const v of f?.values ?? []) if (v.kind === "template") for (const part of v.parts) if (part.kind === "expr") out.push(part.expr);
  return out;
}

describe("resolve", () => {
  it("types literals with the exact text Data Pipeline receives", () => {
    const p = pipeline();
    const daily = p.byId.get("Daily")!;
    const period = literal(daily.fields.find((f) => f.key === "period")?.values[0]);
    expect(period.text).toBe("1 Day");
    expect(period.literal).toEqual({ type: "period", count: 1, unit: "day" });
    expect(literal(daily.fields.find((f) => f.key === "startDateTime")?.values[0]).text).toBe("2026-01-01T02:00:00");
    const copy = p.byId.get("Copy")!;
    expect(literal(copy.effective.get("maximumRetries")?.field.values[0]).literal).toEqual({ type: "number", value: 4 });
    expect(literal(copy.effective.get("stage")?.field.values[0]).literal).toEqual({ type: "boolean", value: true });
    expect(literal(p.defaults.fields.find((f) => f.key === "scheduleType")?.values[0]).literal.type).toBe("word");
    expect(p.scheduleType).toBe("cron");
  });

  it("decides between reference and text by the field's kind", () => {
    const base = pipeline().byId.get("Base")!;
    expect(base.fields.find((f) => f.key === "myOwner")?.values[0]).toMatchObject({ kind: "ref", id: "Worker" });
    expect(base.fields.find((f) => f.key === "myNote")?.values[0]).toMatchObject({ kind: "literal", text: "plain" });
    expect(base.type).toBeUndefined();
  });

  it("computes effective fields with their origin: own, parent chain, then Default (filtered by type)", () => {
    const p = pipeline();
    const copy = p.byId.get("Copy")!;
    expect(copy.parent).toBe("Base");
    expect(copy.effective.get("maximumRetries")?.from).toBe("Copy");
    expect(copy.effective.get("retryDelay")?.from).toBe("Base");
    expect(copy.effective.get("myOwner")?.from).toBe("Base");
    expect(copy.effective.get("schedule")?.from).toBe("Default");
    expect(copy.effective.has("parent")).toBe(true);
    // A Schedule has no role or schedule: Default's do not reach it.
    const daily = p.byId.get("Daily")!;
    expect(daily.effective.has("role")).toBe(false);
    expect(daily.effective.has("schedule")).toBe(false);
  });

  it("derives edges from effective reference fields", () => {
    const edges = pipeline().edges.filter((e) => e.from === "Copy").map((e) => `${e.kind}:${e.to}`).sort();
    expect(edges).toEqual(["input:In", "onFail:Alarm", "parent:Base", "ref:Worker", "runsOn:Worker", "schedule:Daily"]);
  });

  it("reads parameters: S3Key, encrypted ids, attributes", () => {
    const [prefix, secret, envs] = pipeline().parameters;
    expect(prefix).toMatchObject({ id: "myPrefix", type: "AWS::S3::ObjectKey", default: "s3://b/in" });
    expect(secret).toMatchObject({ id: "*mySecret", description: "db", optional: true });
    expect(envs).toMatchObject({ isArray: true, allowedValues: ["dev", "prod"], default: ["dev"] });
    expect(prefix.attributes.map((a) => a.key)).toEqual(["type", "default"]);
  });

  it("resolves and types expressions", () => {
    const p = pipeline();
    const [param, call] = exprs(p, "In", "directoryPath");
    expect(param).toMatchObject({ kind: "param", id: "myPrefix", type: "String" });
    expect(call).toMatchObject({ kind: "call", fn: "format", type: "String" });
    const [hop, node] = exprs(p, "Copy", "command");
    expect(hop).toMatchObject({ kind: "member", name: "directoryPath", type: "String", target: { kind: "field", name: "input", type: "Ref" } });
    expect(node).toMatchObject({ kind: "member", target: { kind: "node" } });
    expect(exprs(p, "Alarm", "subject")[0]).toMatchObject({ kind: "member", runtime: true, type: "DateTime" });
    expect(exprs(p, "Alarm", "message")[0]).toMatchObject({ kind: "binary", op: "+", type: "Double" });
  });

  it("points expression diagnostics at the exact column inside the string", () => {
    const text = 'pipeline p {\n  default { scheduleType = ondemand  pipelineLogUri = "s3://l/" }\n  S3DataNode Out { directoryPath = "s3://b/#<formatDate(@scheduledStartTime, \'Y\')>" }\n}\n';
    const r = check("x.pipe", text);
    const d = r.diagnostics.find((x) => x.code === "PIPE3019");
    expect(d).toBeDefined();
    const at = r.source.position(d!.span.start);
    expect(at.line).toBe(3);
    expect(r.source.lineText(3).slice(at.column - 1)).toMatch(/^formatDate\(/);
  });

  it("refuses an expression in `name`, which Data Pipeline does not evaluate", () => {
    const text = 'pipeline p {\n  ShellCommandActivity A {\n    name = "run #<@scheduledStartTime>"\n    workerGroup = "w"\n  }\n}\n';
    const r = check("t.pipe", text);
    const d = r.diagnostics.find((x) => x.code === "PIPE3001");
    expect(d?.message).toContain("`name` is not evaluated");
    expect(r.source.position(d?.span.start ?? 0).line).toBe(3);
    const plain = check("t.pipe", text.replace("run #<@scheduledStartTime>", "run"));
    expect(plain.diagnostics.filter((x) => x.code === "PIPE3001")).toEqual([]);
    expect(plain.ir.pipelines[0].objects[0].name).toBe("run");
  });

  it("never throws on broken input and keeps resolving", () => {
    const r = check("x.pipe", "pipeline p {\n  ShellCommandActivity { command = \n  S3DataNode = [\n  param\n}\n");
    expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
  });

  it("applies severity overrides by code and by name", () => {
    const text = 'pipeline p {\n  default { scheduleType = ondemand }\n  Ec2Resource W { role = "r"  resourceRole = "r" }\n}\n';
    const base = check("x.pipe", text).diagnostics.map((d) => d.code);
    expect(base).toContain("PIPE4013");
    const off = check("x.pipe", text, { severities: { "missing-terminate-after": "off", PIPE4012: "error" } }).diagnostics;
    expect(off.map((d) => d.code)).not.toContain("PIPE4013");
    expect(off.find((d) => d.code === "PIPE4012")?.severity).toBe("error");
  });
});
