/** The public API of pipec. */
export { check } from "./compile.ts";
export type { CheckResult } from "./compile.ts";
export { parse } from "./ast/parse.ts";
export type * from "./ast/nodes.ts";
export type { Diagnostic, Severity, Fix, TextEdit, CodeInfo } from "./diagnostics/diagnostic.ts";
export { SourceFile } from "./source/source.ts";
export type { Span, Range, Position } from "./source/source.ts";
export { allCodes, codeInfo } from "./catalog.ts";
