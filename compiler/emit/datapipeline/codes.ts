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
    severity: "error",
    summary: "An environment gives no value for a parameter that has no default and is not optional.",
    explanation:
      "When a build selects an environment (`--values`, `--env` or `--param`), every parameter must get a value from it, have a `default`, or be declared `optional = true`. Without an environment the definition is built as a template and values are given at activation. A secret parameter (`*myPassword`) is never expected in a values file: its missing value is a warning, and it is given when the definition is put.",
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
  PIPE5114: { name: "invalid-character", severity: "error", summary: "A character the Data Pipeline API does not accept in a string (control characters other than tab, CR, LF)." },
} satisfies Record<string, Omit<CodeInfo, "code">>;

export type TargetCode = keyof typeof table;

const defined = defineCodes(table);

export const TARGET_CODES: readonly CodeInfo[] = defined.codes;

export const targetDiagnostic: (code: TargetCode, file: string, span: Span, message: string, extras?: DiagnosticExtras) => Diagnostic = defined.make;
