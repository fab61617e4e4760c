/** Codes reported by configuration handling: invalid config files, run-time settings and inline suppressions. */
import type { CodeInfo, Diagnostic, Severity } from "../diagnostics/diagnostic.ts";
import type { Span } from "../source/source.ts";

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
  {
    code: "PIPE9005",
    name: "invalid-runtime-setting",
    severity: "error",
    summary: "A run-time setting of the Step Functions target that is unknown, of the wrong type or malformed, or settings not given per environment.",
    explanation: [
      "Run-time settings tell a state machine where its tasks run (ECS cluster, task definition,",
      "subnets, security groups), which Redshift workgroup and secret SQL uses, the role of late-action",
      "schedules and the Secrets Manager secrets of secret fields. They are given per environment, in",
      "`pipec.config.json` (`runtime`), in cdktf.json (`context.pipec.stepfunctions.runtime`), in a",
      "file passed with `pipec build --runtime-file` or with `--runtime key=value`. Lists are arrays",
      "of strings, ARNs must be ARNs of the right service, and an unknown key is refused with the",
      "nearest known one (docs/stepfunctions.md lists them). A settings section maps `*` (every",
      "environment) and environment names to settings: `{\"*\": {...}, \"prod\": {...}}`.",
      "",
      "```json",
      "{ \"runtime\": { \"*\": { \"ecsClustr\": \"etl\" } } }   // PIPE9005: did you mean `ecsCluster`?",
      "```",
    ].join("\n"),
  },
];

export function configDiagnostic(code: "PIPE9004" | "PIPE9005", file: string, span: Span, message: string, hint?: string, severity?: Severity): Diagnostic {
  const info = CONFIG_CODES.find((c) => c.code === code) as CodeInfo;
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { code, severity: severity ?? info.severity, message, file, span };
  if (hint !== undefined) d.hint = hint;
  return d;
}
