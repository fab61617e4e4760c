/**
 * Codes of the Data Pipeline target (PIPE510x environments, PIPE5114 characters the API
 * refuses, seen only in decoded strings). `TARGET_CODES` is joined into the catalog.
 */
import { defineCodes, type DiagnosticExtras } from "../../diagnostics/codes.ts";
import type { CodeInfo, Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Span } from "../../source/source.ts";

const table = {
  PIPE5101: {
    name: "missing-parameter-value",
    severity: "warning",
    summary: "A parameter that has no default and is not optional gets no value from the build.",
    explanation:
      "A parameter gets its value from the environment (`--values`, `--env` or `--param`), its `default`, or at activation. The Data Pipeline definition may leave values out: the service takes them with `put-pipeline-definition --parameter-values` or `activate-pipeline --parameter-values` (https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-custom-templates.html), so `pipec build --target datapipeline` writes the declaration and warns, with or without an environment. A target that deploys the values itself (a Terraform stack) needs every value: there it is an error. A secret parameter (`*myPassword`) is never expected in a values file and is always a warning.",
  },
  PIPE5102: {
    name: "value-not-allowed",
    severity: "error",
    summary: "A parameter value outside the parameter's `allowedValues`.",
  },
  PIPE5103: { name: "value-type-mismatch", severity: "error", summary: "A parameter value that does not parse as the parameter's type (Integer, Double)." },
  PIPE5104: { name: "undeclared-parameter-value", severity: "warning", summary: "A value for a parameter the pipeline does not declare." },
  PIPE5105: { name: "several-values-for-scalar-parameter", severity: "error", summary: "Several values for a parameter that is not `isArray = true`." },
  PIPE5106: { name: "invalid-values-file", severity: "error", summary: "A parameter-values file that is not `{\"values\": {id: value | [values]}}` or `{id: value}`." },
  PIPE5107: {
    name: "value-does-not-fit-field",
    severity: "error",
    summary: "An environment's value for a parameter used as a whole typed field (`startDateTime = \"#<myStart>\"`) that the field does not accept.",
    explanation:
      "Data Pipeline substitutes the value before it validates the field (https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-custom-templates.html), so the value must be a valid value of the field: a date-time, a number within the field's bounds, a period, one of an enum's words. The finding points at the value.",
  },
  PIPE5108: {
    name: "secret-in-values-file",
    severity: "warning",
    summary: "A secret parameter's value is written in plain text in a values file.",
    explanation:
      "Data Pipeline encrypts `*` parameters, so the definition may carry the value; but a values file next to the sources is committed with them. Leave the secret out of the file and give it when the definition is put or the pipeline activated (`--parameter-values`), or build a target that reads it from AWS Secrets Manager or SSM Parameter Store (docs/secrets.md).",
  },
  PIPE5109: {
    name: "secret-reference-in-definition",
    severity: "error",
    summary: "A secret reference (`secretsmanager:...`, `ssm:...`) in a Data Pipeline definition, which the service would take as the secret itself.",
    explanation:
      "Data Pipeline does not resolve references: the definition would hold the reference text as the password. Build the Terraform or CDKTF Data Pipeline stack, which resolves it at deploy, or give the value when the definition is put or the pipeline activated (docs/secrets.md).",
  },
  PIPE5114: { name: "invalid-character", severity: "error", summary: "A character the Data Pipeline API does not accept in a string (control characters other than tab, CR, LF)." },
} satisfies Record<string, Omit<CodeInfo, "code">>;

export type TargetCode = keyof typeof table;

const defined = defineCodes(table);

export const TARGET_CODES: readonly CodeInfo[] = defined.codes;

export const targetDiagnostic: (code: TargetCode, file: string, span: Span, message: string, extras?: DiagnosticExtras) => Diagnostic = defined.make;
