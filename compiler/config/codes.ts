/** Codes reported by configuration handling: invalid config files and inline suppressions. */
import type { CodeInfo } from "../diagnostics/diagnostic.ts";

export const CONFIG_CODES: readonly CodeInfo[] = [
  {
    code: "PIPE6000",
    name: "unused-suppression",
    severity: "warning",
    summary: "A `// pipec-ignore` comment that suppresses nothing.",
    explanation: [
      "`// pipec-ignore CODE: reason` silences the named codes on the line it ends (after code) or on",
      "the next line of code (on a line of its own). One that matches no finding is stale: remove it,",
      "so that it does not hide a later problem.",
      "",
      "```",
      "// pipec-ignore PIPE6005: kept for the backfill job",
      "Ec2Resource Spare { instanceType = \"m5.large\"  terminateAfter = 1 hour }",
      "```",
    ].join("\n"),
  },
  {
    code: "PIPE9004",
    name: "invalid-config",
    severity: "error",
    summary: "A `pipec.config.json` or `.pipecrc.json` that is not valid JSON or does not match its schema.",
    explanation: [
      "The configuration file sets rule severities (`off`, `info`, `warning`, `error`) by code or",
      "name, with per-path overrides; `schemas/pipec-config.schema.json` describes it. A file that",
      "does not match is ignored as a whole.",
      "",
      "```json",
      "{",
      "  \"rules\": { \"PIPE6001\": \"error\", \"repeated-bucket\": \"off\" },",
      "  \"overrides\": [{ \"files\": \"legacy/**\", \"rules\": { \"unused-object\": \"off\" } }]",
      "}",
      "```",
    ].join("\n"),
  },
];
