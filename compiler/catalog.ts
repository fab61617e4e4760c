/** Every diagnostic code the tool can emit, for `pipec explain` and docs/diagnostics.md. */
import { FRONT_END_CODES } from "./diagnostics/codes.ts";
import type { CodeInfo } from "./diagnostics/diagnostic.ts";
import { ALL_RULES } from "./validate/registry.ts";

export function allCodes(): readonly CodeInfo[] {
  const rules: CodeInfo[] = ALL_RULES.map(({ meta }) => ({ code: meta.code, name: meta.name, severity: meta.severity, summary: meta.summary, explanation: meta.explanation }));
  return [...FRONT_END_CODES, ...rules].sort((a, b) => (a.code < b.code ? -1 : 1));
}

let byCode: Map<string, CodeInfo> | undefined;

export function codeInfo(code: string): CodeInfo | undefined {
  byCode ??= new Map(allCodes().map((c) => [c.code, c]));
  return byCode.get(code.toUpperCase()) ?? [...byCode.values()].find((c) => c.name === code);
}

export function codeName(code: string): string {
  return codeInfo(code)?.name ?? code;
}
