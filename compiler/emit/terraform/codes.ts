/** Diagnostic codes of the CDKTF and Terraform back ends (band 53xx). */
import { defineCodes } from "../../diagnostics/codes.ts";
import type { CodeInfo, Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Span } from "../../source/source.ts";

const table = {
  PIPE5301: {
    name: "unreadable-environment-file",
    severity: "error",
    summary: "A parameter values file (`<name>.values.<env>.json`) cannot be read or its environment name is not valid.",
    explanation: "The environment name (between `.values.` and `.json`) is made of letters, digits, `_` and `-`. The file's content is checked like `pipec build --env` checks it (PIPE51xx).",
  },
  PIPE5303: {
    name: "empty-field-value",
    severity: "warning",
    summary: "An empty string field value, which the Terraform AWS provider drops.",
    explanation: "`aws_datapipeline_pipeline_definition` never sends an empty `string_value`, so the field is left out of the definition. Remove the field or give it a value.",
  },
  PIPE5304: {
    name: "duplicate-stack",
    severity: "error",
    summary: "Two pipelines would make stacks with the same name.",
    explanation: "Stacks are named `<pipeline>-<service>[-<environment>]`; pipeline names must be unique across the files the app compiles.",
  },
  PIPE5305: {
    name: "pipeline-not-found",
    severity: "error",
    summary: "A construct names a pipeline the file does not declare, or the file declares several and none was chosen.",
  },
  PIPE5306: {
    name: "invalid-stack-config",
    severity: "error",
    summary: "The `pipec` settings in cdktf.json, or a construct's settings, are not valid.",
  },
  PIPE5307: {
    name: "plain-secret-in-stack",
    severity: "error",
    summary: "A Data Pipeline stack would write a secret in plain text into its Terraform files and state.",
    explanation: [
      "A secret parameter's default, its value in a values file, or a literal `*` field would become an argument of",
      "`aws_datapipeline_pipeline_definition` in the stack's `*.tf.json` and in the Terraform state. Leave the value out: the",
      "stack then reads the parameter from a sensitive Terraform variable (`TF_VAR_...` at deploy). Or name the secret:",
      "`secretsmanager:arn:aws:secretsmanager:<region>:<account>:secret:<name>` or `ssm:/<path>`, which the stack resolves at",
      "deploy with a data source. docs/secrets.md shows each way.",
    ].join("\n"),
  },
} satisfies Record<string, Omit<CodeInfo, "code">>;

export type TerraformCode = keyof typeof table;

const defined = defineCodes(table);

export const TERRAFORM_CODES: readonly CodeInfo[] = defined.codes;

export function tfDiagnostic(code: TerraformCode, file: string, span: Span, message: string, hint?: string, related?: Diagnostic["related"]): Diagnostic {
  return defined.make(code, file, span, message, related ? { hint, related } : { hint });
}
