/**
 * Defects planted the way a user makes them, one at a time, into a clean pipeline
 * (fixtures/planted/clean.pipe): each yields an error with the expected code on the line of
 * the defect; the clean file yields no error at all.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../compiler/compile.ts";

const CLEAN = readFileSync(join(import.meta.dirname, "fixtures", "planted", "clean.pipe"), "utf8");

interface Defect {
  readonly what: string;
  readonly find: string;
  readonly replace: string;
  readonly code: string;
  /** Text the message must contain. */
  readonly says?: string;
  /** The diagnostic belongs on the line with this text rather than on the planted one. */
  readonly at?: string;
}

const DEFECTS: readonly Defect[] = [
  { what: "typo in a type", find: "ShellCommandActivity Extract", replace: "ShellCommandActivty Extract", code: "PIPE2004", says: "ShellCommandActivity" },
  { what: "typo in a field", find: "    retryDelay = 10 minutes", replace: "    retryDelya = 10 minutes", code: "PIPE2005", says: "retryDelay" },
  { what: "typo in a reference", find: "    runsOn = Worker\n    input = RawSales", replace: "    runsOn = Wroker\n    input = RawSales", code: "PIPE2003", says: "Worker" },
  { what: "reference to the wrong kind of object", find: "    database = Warehouse", replace: "    database = RawSales", code: "PIPE2008" },
  { what: "duplicate id", find: "S3DataNode StagedSales", replace: "S3DataNode RawSales", code: "PIPE2001" },
  { what: "dependsOn cycle", find: "    maximumRetries = 3", replace: "    maximumRetries = 3\n    dependsOn = Load", code: "PIPE4001", says: "->" },
  { what: "quoted reference", find: "    runsOn = Worker\n    database", replace: "    runsOn = \"Worker\"\n    database", code: "PIPE3001" },
  { what: "schedule too frequent", find: "period = 1 day", replace: "period = 5 minutes", code: "PIPE3008" },
  { what: "schedule too long", find: "period = 1 day", replace: "period = 4 years", code: "PIPE3008" },
  { what: "startAt and startDateTime together", find: "    startDateTime = 2026-01-01T02:00:00", replace: "    startDateTime = 2026-01-01T02:00:00\n    startAt = FIRST_ACTIVATION_DATE_TIME", code: "PIPE3006" },
  { what: "too many retries", find: "maximumRetries = 3", replace: "maximumRetries = 6", code: "PIPE3013" },
  { what: "retry delay too short", find: "retryDelay = 10 minutes", replace: "retryDelay = 1 minute", code: "PIPE3014" },
  { what: "late action without timeout", find: "    lateAfterTimeout = 3 hours\n", replace: "", code: "PIPE3016" },
  { what: "missing required field", find: "    subject = \"#<node.name> failed\"\n", replace: "", code: "PIPE3004", says: "subject" },
  { what: "activity without a place to run", find: "    runsOn = Worker\n    input = RawSales\n", replace: "    input = RawSales\n", code: "PIPE3005" },
  { what: "ondemand set on an object", find: "    stage = true", replace: "    stage = true\n    scheduleType = ondemand", code: "PIPE3010" },
  { what: "ondemand pipeline with a schedule", find: "scheduleType = cron", replace: "scheduleType = ondemand", code: "PIPE3011", at: "Schedule Nightly" },
  { what: "empty value", find: "instanceType = \"m5.large\"", replace: "instanceType = \"\"", code: "PIPE3007" },
  { what: "unknown function", find: "format(@scheduledStartTime, 'YYYY-MM-dd')", replace: "formatDate(@scheduledStartTime, 'YYYY-MM-dd')", code: "PIPE3019", says: "formatDate" },
  { what: "wrong argument type", find: "minusDays(@scheduledStartTime, myDays)", replace: "minusDays(@scheduledStartTime, 'one')", code: "PIPE3020" },
  { what: "wrong argument count", find: "format(@scheduledStartTime, 'YYYY-MM-dd')", replace: "format(@scheduledStartTime)", code: "PIPE3020" },
  { what: "date arithmetic with +", find: "format(@scheduledStartTime, 'YYYY-MM-dd')", replace: "format(@scheduledStartTime + 1, 'YYYY-MM-dd')", code: "PIPE3021" },
  { what: "misspelt runtime field", find: "node.@scheduledStartTime", replace: "node.@scheduleStartTime", code: "PIPE3022" },
  { what: "node outside an action", find: "aws s3 sync ${INPUT1_STAGING_DIR}", replace: "aws s3 sync #<node.input>", code: "PIPE3023" },
  { what: "hop to a missing field", find: "#<input.directoryPath>", replace: "#<input.directoryPth>", code: "PIPE3024" },
  { what: "unknown name in an expression", find: "#<node.name> failed", replace: "#<nodeName> failed", code: "PIPE2011" },
  { what: "too many fields", find: "    instanceType = \"m5.large\"", replace: `    instanceType = "m5.large"\n    securityGroups = [${Array.from({ length: 50 }, (_, i) => `"sg-${i}"`).join(", ")}]`, code: "PIPE4003" },
  { what: "value too long", find: "    stage = true", replace: `    stage = true\n    stdout = "${"x".repeat(11000)}"`, code: "PIPE4004" },
  { what: "parameter type typo", find: "param myDays: Integer = 1", replace: "param myDays: Integr = 1", code: "PIPE2013" },
  { what: "bad parameter default", find: "param myDays: Integer = 1", replace: "param myDays: Integer = \"one\"", code: "PIPE3025" },
];

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

describe("planted defects", () => {
  it("the clean pipeline has no errors and no validation warnings", () => {
    const validation = check("clean.pipe", CLEAN).diagnostics.filter((d) => d.severity === "error" || /^PIPE[0-5]/.test(d.code));
    expect(validation.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  for (const d of DEFECTS) {
    it(`${d.what}: ${d.code} at the defect's line`, () => {
      const at = CLEAN.indexOf(d.find);
      expect(at, `fixture text not found: ${d.find}`).toBeGreaterThanOrEqual(0);
      const text = CLEAN.slice(0, at) + d.replace + CLEAN.slice(at + d.find.length);
      const r = check("planted.pipe", text);
      const errors = r.diagnostics.filter((x) => x.severity === "error");
      const hit = errors.filter((x) => x.code === d.code);
      expect(hit.length, JSON.stringify(errors.map((x) => [x.code, x.message]))).toBeGreaterThan(0);
      // The defect's lines: the replaced text and the object it sits in (a missing or extra
      // field is reported at the object's id).
      const first = lineOf(text, at);
      const last = lineOf(text, at + Math.max(0, d.replace.length - 1));
      const lines = hit.map((x) => r.source.position(x.span.start).line);
      const header = text.lastIndexOf("\n  ", text.lastIndexOf(" {\n", at)) + 1;
      const objectLine = lineOf(text, header);
      const objectEnd = lineOf(text, text.indexOf("\n  }", at) + 1);
      const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
      const accepted = d.at ? [lineOf(text, text.indexOf(d.at))] : d.replace === "" ? range(objectLine, objectEnd) : [objectLine, ...range(first, last)];
      expect(lines.some((l) => accepted.includes(l)), `lines ${lines} not in ${accepted}`).toBe(true);
      if (d.says) expect(hit.map((x) => `${x.message} ${x.hint ?? ""}`).join("\n")).toContain(d.says);
    });
  }
});
