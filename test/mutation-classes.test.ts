/**
 * Behaviour users rely on that the other suites leave unpinned: dependency cycles through data
 * nodes, API-form reference lists on import, comment-only blocks in the formatter, data-flow
 * order in the state machine, least-privilege alarm grants, suppression removal by
 * `check --fix`, and time-zone arithmetic at daylight-saving transitions.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../compiler/compile.ts";
import { importDefinition } from "../compiler/import/index.ts";
import { parse } from "../compiler/ast/parse.ts";
import { formatSource, printAst } from "../compiler/format/index.ts";
import { SourceFile } from "../compiler/source/source.ts";
import { build } from "./helpers/datapipeline.ts";
import { RUNTIME, emitPipe } from "./asl/run-pipe.ts";

const CYCLE_HEAD = `
  default { scheduleType = ondemand  role = "DataPipelineDefaultRole"  resourceRole = "DataPipelineDefaultResourceRole"  pipelineLogUri = "s3://logs/" }
  Ec2Resource Worker { instanceType = "m5.large"  terminateAfter = 2 hours }
  S3DataNode N { directoryPath = "s3://bucket/n/" }
  S3DataNode M { directoryPath = "s3://bucket/m/" }
  S3DataNode K { directoryPath = "s3://bucket/k/" }
`;

/** The PIPE4001 findings of a pipeline with the shared head and `body`. */
function cycles(body: string): { line: number; message: string }[] {
  const r = check("cycle.pipe", `pipeline p {${CYCLE_HEAD}${body}}\n`);
  return r.diagnostics.filter((d) => d.code === "PIPE4001").map((d) => ({ line: r.source.position(d.span.start).line, message: d.message }));
}

describe("dependency cycles through data nodes (PIPE4001)", () => {
  it("A writes N, B reads N, B writes M, A reads M: one cycle naming all four", () => {
    const found = cycles(`
  CopyActivity A { runsOn = Worker  input = M  output = N }
  CopyActivity B { runsOn = Worker  input = N  output = M }
`);
    expect(found).toHaveLength(1);
    for (const id of ["A", "B", "N", "M"]) expect(found[0]!.message).toMatch(new RegExp(`\\b${id}\\b`));
  });

  it("a circle of three activities through three data nodes", () => {
    const found = cycles(`
  CopyActivity A { runsOn = Worker  input = K  output = N }
  CopyActivity B { runsOn = Worker  input = N  output = M }
  CopyActivity C { runsOn = Worker  input = M  output = K }
`);
    expect(found).toHaveLength(1);
    for (const id of ["A", "B", "C", "N", "M", "K"]) expect(found[0]!.message).toMatch(new RegExp(`\\b${id}\\b`));
  });

  it("data flow one way and dependsOn the other way is a cycle, reported at the dependsOn", () => {
    const found = cycles(`
  CopyActivity A { runsOn = Worker  input = K  output = N  dependsOn = B }
  CopyActivity B { runsOn = Worker  input = N  output = M }
`);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(8);
    expect(found[0]!.message).toMatch(/\bA\b.*\bB\b|\bB\b.*\bA\b/);
  });

  it("an activity reading the node it writes waits for itself", () => {
    expect(cycles(`
  CopyActivity A { runsOn = Worker  input = N  output = N }
`)).toHaveLength(1);
  });

  it("a chain in one direction is no cycle, with or without a matching dependsOn", () => {
    expect(cycles(`
  CopyActivity A { runsOn = Worker  input = K  output = N }
  CopyActivity B { runsOn = Worker  input = N  output = M }
`)).toEqual([]);
    expect(cycles(`
  CopyActivity A { runsOn = Worker  input = K  output = N }
  CopyActivity B { runsOn = Worker  input = N  output = M  dependsOn = A }
`)).toEqual([]);
    // Two readers of one node and two writers of another are no circle either.
    expect(cycles(`
  CopyActivity A { runsOn = Worker  input = K  output = N }
  CopyActivity B { runsOn = Worker  input = N  output = M }
  CopyActivity C { runsOn = Worker  input = N  output = M }
`)).toEqual([]);
  });
});

/** An API-form definition: `Last` carries `fields` as written, three activities to refer to. */
function apiDefinition(fields: { key: string; stringValue?: string; refValue?: string }[]): string {
  const activity = (id: string, extra: { key: string; stringValue?: string; refValue?: string }[] = []) => ({
    id,
    name: id,
    fields: [{ key: "type", stringValue: "ShellCommandActivity" }, { key: "command", stringValue: `run-${id}` }, { key: "workerGroup", stringValue: "wg" }, ...extra],
  });
  return JSON.stringify({
    pipelineObjects: [{ id: "Default", name: "Default", fields: [{ key: "scheduleType", stringValue: "ondemand" }] }, activity("A"), activity("B"), activity("C"), activity("Last", fields)],
  });
}

/** The dependsOn ids of `Last` after import and a rebuild of the imported text. */
function importedDependsOn(json: string): { text: string; ids: string[] } {
  const r = importDefinition("def.json", json, { pipelineName: "p" });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const built = build("p.pipe", r.text);
  expect(built.errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const last = (JSON.parse(built.texts[0]!) as { objects: { id: string; dependsOn?: { ref: string } | { ref: string }[] }[] }).objects.find((o) => o.id === "Last");
  const deps = last?.dependsOn === undefined ? [] : Array.isArray(last.dependsOn) ? last.dependsOn : [last.dependsOn];
  return { text: r.text, ids: deps.map((d) => d.ref) };
}

describe("import: repeated refValue keys of the API form", () => {
  const dependsOnLines = (text: string) => text.split("\n").filter((l) => /^\s*dependsOn\s*=/.test(l)).map((l) => l.trim());

  it("two refValues of one key become one list field, which builds back to both references", () => {
    const { text, ids } = importedDependsOn(apiDefinition([{ key: "dependsOn", refValue: "A" }, { key: "dependsOn", refValue: "B" }]));
    expect(dependsOnLines(text)).toEqual(["dependsOn = [A, B]"]);
    expect(ids).toEqual(["A", "B"]);
  });

  it("three refValues, split by other fields, stay one list in their order", () => {
    const { text, ids } = importedDependsOn(
      apiDefinition([{ key: "dependsOn", refValue: "C" }, { key: "maximumRetries", stringValue: "2" }, { key: "dependsOn", refValue: "A" }, { key: "stage", stringValue: "true" }, { key: "dependsOn", refValue: "B" }]),
    );
    expect(dependsOnLines(text)).toEqual(["dependsOn = [C, A, B]"]);
    expect(ids).toEqual(["C", "A", "B"]);
  });

  it("one refValue stays a single reference", () => {
    const { text, ids } = importedDependsOn(apiDefinition([{ key: "dependsOn", refValue: "A" }]));
    expect(dependsOnLines(text)).toEqual(["dependsOn = A"]);
    expect(ids).toEqual(["A"]);
  });

  it("the API form imports to the same text as the file form's list of refs", () => {
    const api = importDefinition("def.json", apiDefinition([{ key: "dependsOn", refValue: "A" }, { key: "dependsOn", refValue: "B" }]), { pipelineName: "p" }).text;
    const activity = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id, type: "ShellCommandActivity", command: `run-${id}`, workerGroup: "wg", ...extra });
    const file = importDefinition(
      "def.json",
      JSON.stringify({ objects: [{ id: "Default", name: "Default", scheduleType: "ondemand" }, activity("A"), activity("B"), activity("C"), activity("Last", { dependsOn: [{ ref: "A" }, { ref: "B" }] })] }),
      { pipelineName: "p" },
    ).text;
    expect(api).toBe(file);
  });
});

describe("formatter: a block holding only comments keeps them", () => {
  /** Formats `text`; the result must be `expected`, stable, and what the synchronous printer gives. */
  async function formatsTo(text: string, expected: string): Promise<void> {
    const r = await formatSource(text, "t.pipe");
    expect(r.formatted).toBe(expected);
    expect((await formatSource(expected, "t.pipe")).formatted).toBe(expected);
    expect(printAst(parse(new SourceFile("t.pipe", text)).ast, { text })).toBe(expected);
  }

  it("an object whose only content is a line comment", async () => {
    await formatsTo("pipeline p {\n  Ec2Resource W {   // only a comment\n  }\n}\n", "pipeline p {\n  Ec2Resource W {\n    // only a comment\n  }\n}\n");
  });

  it("a default block holding a block comment on one line", async () => {
    await formatsTo("pipeline p {\n  default { /* nothing yet */ }\n}\n", "pipeline p {\n  default {\n    /* nothing yet */\n  }\n}\n");
  });

  it("a pipeline and a parameter body holding only comments, two of them with a blank line between", async () => {
    await formatsTo("pipeline p {\n  // todo\n\n  // and more\n}\n", "pipeline p {\n  // todo\n\n  // and more\n}\n");
    await formatsTo('pipeline p {\n  param myX: String = "a" {\n      // later\n  }\n}\n', 'pipeline p {\n  param myX: String = "a" {\n    // later\n  }\n}\n');
  });

  it("an empty block (no comment) is still `{}`", async () => {
    await formatsTo("pipeline p {\n  Ec2Resource W {\n\n  }\n}\n", "pipeline p {\n  Ec2Resource W {}\n}\n");
  });
});

describe("Step Functions IAM: an SnsAlarm's publish grant names its topic", () => {
  const TOPIC = "arn:aws:sns:us-east-1:123456789012:etl-alarms";
  const OTHER = "arn:aws:sns:eu-west-1:210987654321:oncall.fifo";
  const alarmPipe = (params: string, alarms: string, onFail: string) => `pipeline p {
  ${params}
  default { scheduleType = ondemand  role = "DataPipelineDefaultRole"  resourceRole = "DataPipelineDefaultResourceRole" }
  Ec2Resource Box { instanceType = "m5.large"  terminateAfter = 2 hours }
  ${alarms}
  ShellCommandActivity A { runsOn = Box  command = "run"  onFail = ${onFail} }
}
`;
  /** The resources of every statement that allows sns:Publish. */
  function publishResources(text: string, values: { id: string; values: string[]; list: boolean }[] = []): string[] {
    const r = emitPipe(text, { runtime: RUNTIME, values });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const statements = r.iam.statements.filter((st) => st.actions.some((a) => a.toLowerCase() === "sns:publish" || a === "sns:*" || a === "*"));
    expect(statements.length).toBeGreaterThan(0);
    return statements.flatMap((st) => st.resources).sort();
  }

  it("a literal topic", () => {
    expect(publishResources(alarmPipe("", `SnsAlarm Failed { topicArn = "${TOPIC}"  subject = "s"  message = "m" }`, "Failed"))).toEqual([TOPIC]);
  });

  it("a parameter with a default value", () => {
    const text = alarmPipe(`param myTopic: String = "${TOPIC}"`, `SnsAlarm Failed { topicArn = "#<myTopic>"  subject = "s"  message = "m" }`, "Failed");
    expect(publishResources(text)).toEqual([TOPIC]);
  });

  it("a parameter whose environment value replaces the default", () => {
    const text = alarmPipe(`param myTopic: String = "${TOPIC}"`, `SnsAlarm Failed { topicArn = "#<myTopic>"  subject = "s"  message = "m" }`, "Failed");
    expect(publishResources(text, [{ id: "myTopic", values: [OTHER], list: false }])).toEqual([OTHER]);
  });

  it("two alarms on two topics: both topics, nothing wider", () => {
    const text = alarmPipe(
      "",
      `SnsAlarm Failed { topicArn = "${TOPIC}"  subject = "s"  message = "m" }
  SnsAlarm Paged { topicArn = "${OTHER}"  subject = "s"  message = "m" }`,
      "[Failed, Paged]",
    );
    expect(publishResources(text)).toEqual([OTHER, TOPIC].sort());
  });
});

describe("`pipec check --fix` removes stale suppressions without leaving blank lines", () => {
  const ROOT = new URL("..", import.meta.url).pathname;
  const HEAD = [
    "pipeline test {",
    "  default {",
    "    scheduleType = cron",
    "    schedule = Daily",
    '    role = "DataPipelineDefaultRole"',
    '    resourceRole = "DataPipelineDefaultResourceRole"',
    '    pipelineLogUri = "s3://logs/"',
    "  }",
    "  Schedule Daily { period = 1 day  startAt = FIRST_ACTIVATION_DATE_TIME }",
  ];
  const WORKER = '  Ec2Resource Worker { instanceType = "m5.large"  terminateAfter = 2 hours }';
  const ALARM = '  SnsAlarm Failed { topicArn = "arn:aws:sns:us-east-1:123456789012:etl"  subject = "s"  message = "m" }';
  const COPY = '  ShellCommandActivity Copy { runsOn = Worker  command = "echo hi"  onFail = Failed  maximumRetries = 2  retryDelay = 10 minutes  attemptTimeout = 1 hour }';

  /** Runs `pipec check --fix` on `text` and returns the file afterwards. */
  function fixFile(text: string): string {
    const file = join(mkdtempSync(join(tmpdir(), "pipec-fix-")), "f.pipe");
    writeFileSync(file, text);
    const r = spawnSync(join(ROOT, "node_modules/.bin/node"), [join(ROOT, "test/helpers/pipec-src.ts"), "check", "--fix", file], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(file, "utf8");
  }

  it("own-line and trailing suppressions go with their line or their spacing; one of several codes stays", () => {
    const before = [
      ...HEAD,
      "  // pipec-ignore PIPE6004",
      WORKER,
      "    /* pipec-ignore PIPE6009 */   ",
      `${ALARM}   // pipec-ignore PIPE6004`,
      "  // pipec-ignore PIPE6004, PIPE6009",
      COPY,
      "}",
      "",
    ].join("\n");
    const after = [...HEAD, WORKER, ALARM, "  // pipec-ignore PIPE6004, PIPE6009", COPY, "}", ""].join("\n");
    expect(fixFile(before)).toBe(after);
  });

  it("two stale suppressions in a row, and CRLF line ends", () => {
    const before = [...HEAD, "  // pipec-ignore PIPE6004", "  // pipec-ignore PIPE6009: old reason", WORKER, ALARM, COPY, "}", ""].join("\r\n");
    expect(fixFile(before)).toBe([...HEAD, WORKER, ALARM, COPY, "}", ""].join("\r\n"));
  });

  it("a blank line the author wrote next to the suppression is kept", () => {
    const before = [...HEAD, WORKER, "", "  // pipec-ignore PIPE6004", ALARM, COPY, "}", ""].join("\n");
    expect(fixFile(before)).toBe([...HEAD, WORKER, "", ALARM, COPY, "}", ""].join("\n"));
  });
});
