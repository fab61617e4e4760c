/** Diagnostic codes of the Step Functions back end (band 52xx). */
import { defineCodes } from "../../diagnostics/codes.ts";
import type { CodeInfo, Diagnostic, Severity } from "../../diagnostics/diagnostic.ts";
import type { Span } from "../../source/source.ts";

const table = {
  PIPE5201: {
    name: "asl-unsupported-activity",
    severity: "error",
    summary: "An activity (or how it is configured) has no faithful Step Functions mapping.",
    explanation: "The message names the object and the reason. Nothing is dropped silently: change the activity (for example run SQL on Redshift, or give a ShellCommandActivity an Ec2Resource) or build it for Data Pipeline only.",
  },
  PIPE5202: {
    name: "asl-unsupported-expression",
    severity: "error",
    summary: "An expression has no exact JSONata translation.",
    explanation: "For example day arithmetic on a DateTime in a zone with daylight saving time, a date pattern given by a parameter instead of a literal, or a runtime slot Step Functions does not know (`@pipelineId`).",
  },
  PIPE5203: {
    name: "asl-unsupported-precondition",
    severity: "error",
    summary: "A precondition has no Step Functions poll loop.",
  },
  PIPE5204: {
    name: "asl-unsupported-action",
    severity: "error",
    summary: "An `onFail`, `onSuccess` or `onLateAction` action other than SnsAlarm or Terminate.",
  },
  PIPE5205: {
    name: "asl-unsupported-schedule",
    severity: "error",
    summary: "A schedule that EventBridge Scheduler cannot express.",
  },
  PIPE5206: {
    name: "asl-unmapped-field",
    severity: "error",
    summary: "A field that changes what an activity does but has no Step Functions equivalent.",
    explanation: "Remove the field or build the pipeline for Data Pipeline only.",
  },
  PIPE5207: {
    name: "asl-resource-settings-ignored",
    severity: "warning",
    summary: "Resource settings that the Step Functions mapping does not use (an Ec2Resource becomes an ECS Fargate task).",
  },
  PIPE5208: {
    name: "asl-false-ordering",
    severity: "info",
    summary: "The dependency graph is not series-parallel: the state machine orders activities the pipeline lets run together.",
    explanation: "Step Functions orders work only by sequences and Parallel states. `pipec build --target asl --explain` lists each added ordering and the critical-path ratio.",
  },
  PIPE5209: {
    name: "asl-quota",
    severity: "error",
    summary: "The state machine breaks a Step Functions quota (1 MB definition, 80-character state names).",
  },
  PIPE5210: {
    name: "asl-dependency-cycle",
    severity: "error",
    summary: "Activities depend on each other in a cycle.",
  },
  PIPE5211: {
    name: "asl-run-once",
    severity: "info",
    summary: "The pipeline runs once on activation, so no EventBridge schedule is created.",
    explanation: "Start one execution after deployment (`aws stepfunctions start-execution`).",
  },
  PIPE5212: {
    name: "asl-runtime-setting-missing",
    severity: "warning",
    summary: "The state machine reads a run-time setting (ECS cluster, task definition, subnets, Redshift workgroup or secret, Scheduler role) that was not given.",
    explanation: "Data Pipeline definitions do not say where shell commands run or how to reach Redshift through the Data API. Give the settings in `pipec.config.json`, `cdktf.json` or with `--runtime key=value` (docs/stepfunctions.md, \"Run-time settings\"). A machine built without them reads them from the execution input's `runtime` object; a stack that would deploy a machine unable to start is an error.",
  },
  PIPE5213: {
    name: "asl-value-not-known",
    severity: "error",
    summary: "A field the state machine needs as a fixed value (a retry count, a timeout, an insert mode) has no value when it is built.",
    explanation: "Fields such as `maximumRetries`, `attemptTimeout` or `insertMode` become literal parts of the state machine (`MaxAttempts`, `TimeoutSeconds`, the SQL written). A parameter there is replaced by its value in the environment being built (`--env`, `--values`, `--param`), else by its default; an expression computed at run time, or a parameter with no value, cannot be. Give the parameter a value, or write the value.",
  },
  PIPE5214: {
    name: "asl-secret-in-definition",
    severity: "error",
    summary: "A secret (an encrypted `*` field or parameter) would be written into the state machine, its execution input or its history in plain text.",
    explanation: "Store the secret in AWS Secrets Manager or SSM Parameter Store and name it: as the database's `*password` (`secretsmanager:arn:...`, `ssm:/path`) or in the run-time settings (`secrets`); the task that needs it reads it at run time (docs/secrets.md).",
  },
  PIPE5215: {
    name: "asl-plain-secret",
    severity: "error",
    summary: "A secret is written in plain text (a secret parameter's default, a values-file or `--param` value, a literal `*` field) where a state machine or its stack is built.",
    explanation: [
      "A state machine keeps its definition and every execution's input in its history, and a Terraform or CDKTF stack keeps the",
      "definition in its state: a secret must not be in either. Name it instead, and the task that needs it reads it at run time:",
      "`secretsmanager:arn:aws:secretsmanager:<region>:<account>:secret:<name>` (AWS Secrets Manager) or `ssm:/<path>` (an SSM",
      "SecureString parameter), as the field's value, the parameter's default or its value in the values file; or leave the value",
      "out and name the secret in the run-time settings (`secrets`). The finding points at the value, in the values file when it",
      "is there. docs/secrets.md shows each way.",
    ].join("\n"),
  },
} satisfies Record<string, Omit<CodeInfo, "code">>;

export type AslCode = keyof typeof table;

const defined = defineCodes(table);

export const ASL_CODES: readonly CodeInfo[] = defined.codes;

export function aslDiagnostic(code: AslCode, file: string, span: Span, message: string, hint?: string, severity?: Severity): Diagnostic {
  return defined.make(code, file, span, message, { hint, severity });
}
