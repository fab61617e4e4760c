/**
 * Every diagnostic code the tool can emit, for `pipec explain` and docs/diagnostics.md: the
 * front end's table, the validation and lint rules' metadata, the importer's and the targets'
 * tables.
 */
import { CONFIG_CODES } from "./config/codes.ts";
import { FRONT_END_CODES } from "./diagnostics/codes.ts";
import type { CodeInfo } from "./diagnostics/diagnostic.ts";
import { TARGET_CODES } from "./emit/datapipeline/codes.ts";
import { ASL_CODES } from "./emit/asl/codes.ts";
import { TERRAFORM_CODES } from "./emit/terraform/codes.ts";
import { IMPORT_CODES } from "./import/codes.ts";
import { FORMAT_CODES } from "./format/codes.ts";
import { ALL_RULES } from "./validate/registry.ts";

/** The code tables of each stage, in pipeline order. */
export function codeTables(): readonly { readonly stage: string; readonly codes: readonly CodeInfo[] }[] {
  const rules: CodeInfo[] = ALL_RULES.map(({ meta }) => ({ code: meta.code, name: meta.name, severity: meta.severity, summary: meta.summary, explanation: meta.source ? `${meta.explanation}\n\nSource: ${meta.source}` : meta.explanation }));
  return [
    { stage: "front end", codes: FRONT_END_CODES },
    { stage: "rules", codes: rules },
    { stage: "configuration", codes: CONFIG_CODES },
    { stage: "formatter", codes: FORMAT_CODES },
    { stage: "import", codes: IMPORT_CODES },
    { stage: "Data Pipeline target", codes: TARGET_CODES },
    { stage: "Step Functions target", codes: ASL_CODES },
    { stage: "Terraform target", codes: TERRAFORM_CODES },
  ];
}

let sorted: readonly CodeInfo[] | undefined;

export function allCodes(): readonly CodeInfo[] {
  sorted ??= codeTables()
    .flatMap((t) => t.codes)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return sorted;
}

let byCode: Map<string, CodeInfo> | undefined;
let byName: Map<string, CodeInfo> | undefined;

export function codeInfo(code: string): CodeInfo | undefined {
  byCode ??= new Map(allCodes().map((c) => [c.code, c]));
  // A name shared by two stages resolves to the earlier stage (rules before targets).
  byName ??= new Map([...codeTables().flatMap((t) => t.codes)].reverse().map((c) => [c.name, c]));
  return byCode.get(code.toUpperCase()) ?? byName.get(code);
}

export function codeName(code: string): string {
  return codeInfo(code)?.name ?? code;
}
