/** ASL state objects and the small text helpers every part of the Step Functions back end uses. */
import { jstr } from "./jsonata.ts";

export type State = Record<string, unknown>;
export type States = Record<string, State>;

export const ECS_ARN = "arn:aws:states:::ecs:runTask.sync";
export const SNS_ARN = "arn:aws:states:::sns:publish";

/** Custom error names of the emitted machines (every Retry on `States.ALL` matches them). */
export const ERRORS = {
  attemptTimedOut: "Pipec.AttemptTimedOut",
  statementFailed: "Pipec.StatementFailed",
  preconditionTimedOut: "PreconditionTimedOut",
  activityFailed: "ActivityFailed",
} as const;

export function link(next: string | undefined): State {
  return next === undefined ? { End: true } : { Next: next };
}

/**
 * Text for an ASL JSONata-mode field. Text on several lines, or that looks like an expression, is
 * written as a JSONata string literal: validators read plain strings as one line.
 */
export function plain(text: string): string {
  return /[\r\n\u2028\u2029]/.test(text) || text.startsWith("{%") || text === "" ? `{% ${jstr(text)} %}` : text;
}

/** `{% ... %}` for a JSONata string expression. */
export function toAslString(jsonata: string): string {
  // Line breaks only occur inside the string literals written here; JSONata reads \u000a there.
  return `{% ${jsonata.replace(/\n/g, "\\u000a")} %}`;
}

/** The JSONata of an ASL value (plain text or `{% %}`). */
export function fromAslString(v: string): string {
  return v.startsWith("{% ") && v.endsWith(" %}") ? `(${v.slice(3, -3)})` : jstr(v);
}

/** JSONata that single-quotes a string for sh. */
export function shq(j: string): string {
  return `('\\u0027' & $replace(${j}, '\\u0027', '\\u0027"\\u0027"\\u0027') & '\\u0027')`;
}

/** A JSONata-safe variable name built from an id. */
export function varName(prefix: string, id: string): string {
  return `${prefix}_${id.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** JSONata for "now" inside a state: the time the state was entered. */
export const NOW = "$toMillis($states.context.State.EnteredTime)";
