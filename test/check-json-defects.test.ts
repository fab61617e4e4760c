/**
 * Defects planted into a real definition JSON (the helloworld sample): `check` reports them as
 * errors at the JSON line and column of the defect; the untouched file has no error.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../compiler/compile.ts";
import { CORPUS_ENTRY, needShared } from "./helpers/shared.ts";

const corpus = needShared(CORPUS_ENTRY, "test/check-json-defects.test.ts");
const FILE = join(corpus.path, "samples__helloworld__helloworld.json");
const CLEAN = corpus.present ? readFileSync(FILE, "utf8") : "";

const DEFECTS = [
  { what: "typo in a reference", find: '"ref": "EC2Resource_HelloWorld"', replace: '"ref": "EC2Resource_HelloWrld"', code: "PIPE2003", token: "EC2Resource_HelloWrld" },
  { what: "typo in a field", find: '"command": "echo', replace: '"comand": "echo', code: "PIPE2005", token: "comand" },
  { what: "typo in a type", find: '"type": "ShellCommandActivity"', replace: '"type": "ShellCommandActivty"', code: "PIPE2004", token: "ShellCommandActivty" },
  { what: "bad period", find: '"period": "1 Day"', replace: '"period": "5 minutes"', code: "PIPE3008", token: "5 minutes" },
  { what: "too many retries", find: '"command": "echo', replace: '"maximumRetries": "9", "command": "echo', code: "PIPE3013", token: "9" },
  { what: "bad expression", find: "#{myS3LogsPath}", replace: "#{formt(@scheduledStartTime, 'YYYY')}", code: "PIPE3019", token: "formt" },
  { what: "self dependency", find: '"command": "echo', replace: '"dependsOn": {"ref": "ShellCommandActivity_HelloWorld"}, "command": "echo', code: "PIPE4001", token: "ShellCommandActivity_HelloWorld" },
];

describe.skipIf(!corpus.present)(`check on definition JSON with planted defects${corpus.note}`, () => {
  it("the original has no error", () => {
    expect(check("hello.json", CLEAN).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  for (const d of DEFECTS) {
    it(`${d.what}: ${d.code} at the JSON position of the defect`, () => {
      const at = CLEAN.indexOf(d.find);
      expect(at).toBeGreaterThanOrEqual(0);
      const text = CLEAN.slice(0, at) + d.replace + CLEAN.slice(at + d.find.length);
      const r = check("hello.json", text);
      const hit = r.diagnostics.filter((x) => x.code === d.code && x.severity === "error");
      expect(hit.length, JSON.stringify(r.diagnostics.map((x) => [x.code, x.message]))).toBeGreaterThan(0);
      // The span covers the defective token in the JSON text (a reference's span is its `{"ref": ...}`).
      const tokenAt = text.indexOf(d.token, at);
      expect(hit.some((x) => x.span.start <= tokenAt && tokenAt < Math.max(x.span.end, x.span.start + 1)), JSON.stringify(hit.map((x) => r.source.slice(x.span)))).toBe(true);
    });
  }
});
