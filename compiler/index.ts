/** The public API of pipec. */
export { check, compile, isDefinitionPath } from "./compile.ts";
export type { CheckResult, CheckOptions, CompileResult } from "./compile.ts";
export { parse } from "./ast/parse.ts";
export type * from "./ast/nodes.ts";
export { resolve } from "./resolve/resolve.ts";
export type { ResolveResult } from "./resolve/resolve.ts";
export type * from "./ir/ir.ts";
export { validate } from "./validate/validate.ts";
export type { SeverityOverrides, ValidateOptions } from "./validate/validate.ts";
export { ALL_RULES } from "./validate/registry.ts";
export type { Rule, RuleMeta, RuleContext, Finding } from "./validate/rule.ts";
export type { Diagnostic, Severity, Fix, TextEdit, CodeInfo } from "./diagnostics/diagnostic.ts";
export { SourceFile } from "./source/source.ts";
export type { Span, Range, Position } from "./source/source.ts";
export { allCodes, codeInfo } from "./catalog.ts";
