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
} satisfies Record<string, Omit<CodeInfo, "code">>;

export type TerraformCode = keyof typeof table;

const defined = defineCodes(table);

export const TERRAFORM_CODES: readonly CodeInfo[] = defined.codes;

export function tfDiagnostic(code: TerraformCode, file: string, span: Span, message: string, hint?: string): Diagnostic {
  return defined.make(code, file, span, message, { hint });
}
