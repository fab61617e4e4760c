/** Every diagnostic code the tool can emit, for `pipec explain` and docs/diagnostics.md. */
import { FRONT_END_CODES } from "./diagnostics/codes.ts";
import type { CodeInfo } from "./diagnostics/diagnostic.ts";

export function allCodes(): readonly CodeInfo[] {
  return [...FRONT_END_CODES].sort((a, b) => (a.code < b.code ? -1 : 1));
}

let byCode: Map<string, CodeInfo> | undefined;

export function codeInfo(code: string): CodeInfo | undefined {
  byCode ??= new Map(allCodes().map((c) => [c.code, c]));
  return byCode.get(code.toUpperCase()) ?? [...byCode.values()].find((c) => c.name === code);
}

export function codeName(code: string): string {
  return codeInfo(code)?.name ?? code;
}
