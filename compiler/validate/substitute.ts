/**
 * Parameters in typed fields. Data Pipeline substitutes `#{myParam}` before it validates a
 * field, so a field whose whole value is one parameter reference (`startDateTime =
 * "#<myStart>"`, `maximumRetries = "#<myRetries>"`) is checked with the parameter's value when
 * one is known: its default (PIPE3028) or an environment's value (`pipec build --env`).
 */
import type { FieldIR, ParameterIR, PipelineIR, ValueIR } from "../ir/ir.ts";
import { isDateTime, parsePeriod, periodCompare, type FieldSpec } from "../model/index.ts";
import { pipelineIndex } from "./index-cache.ts";

/** A field whose whole value is `#<myParam>`, with the parameter it names. */
export interface ParameterSite {
  readonly field: FieldIR;
  readonly value: ValueIR;
  readonly spec: FieldSpec;
  readonly parameter: ParameterIR;
}

/** The parameter id a value is made of (`#<myX>` alone), else undefined. */
export function wholeParameter(v: ValueIR): string | undefined {
  if (v.kind !== "template" || v.parts.length !== 1) return undefined;
  const part = v.parts[0];
  return part.kind === "expr" && part.expr.kind === "param" ? part.expr.id : undefined;
}

/** Typed fields (not text, not references) whose value is one declared parameter. */
export function parameterSites(p: PipelineIR): ParameterSite[] {
  const byId = new Map<string, ParameterIR>();
  for (const prm of p.parameters) if (!byId.has(prm.id)) byId.set(prm.id, prm);
  const out: ParameterSite[] = [];
  for (const { field, spec } of pipelineIndex(p).fields) {
    if (!spec || spec.kind === "string" || spec.kind === "ref") continue;
    for (const value of field.values) {
      const id = wholeParameter(value);
      const parameter = id === undefined ? undefined : byId.get(id);
      if (parameter) out.push({ field, value, spec, parameter });
    }
  }
  return out;
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Why a substituted text is not a valid value of a field (undefined: it is). */
export function fieldValueProblem(text: string, spec: FieldSpec): string | undefined {
  const t = text.trim();
  switch (spec.kind) {
    case "int":
    case "double": {
      if (!(spec.kind === "int" ? INTEGER : NUMBER).test(t)) return `is not ${spec.kind === "int" ? "an integer" : "a number"}`;
      const n = Number(t);
      if (typeof spec.min === "number" && n < spec.min) return `is below the minimum ${spec.min}`;
      if (typeof spec.max === "number" && n > spec.max) return `is above the maximum ${spec.max}`;
      return undefined;
    }
    case "boolean":
      return t.toLowerCase() === "true" || t.toLowerCase() === "false" ? undefined : "is not `true` or `false`";
    case "period": {
      const period = parsePeriod(t);
      if (!period) return "is not a period such as `1 day`";
      const min = typeof spec.min === "string" ? parsePeriod(spec.min) : undefined;
      const max = typeof spec.max === "string" ? parsePeriod(spec.max) : undefined;
      if (min && periodCompare(period, min) < 0) return `is shorter than ${spec.min}`;
      if (max && periodCompare(period, max) > 0) return `is longer than ${spec.max}`;
      return undefined;
    }
    case "datetime":
      return isDateTime(t) ? undefined : "is not a date-time such as `2026-01-01T00:00:00`";
    case "enum": {
      if (!spec.enum || /not closed/i.test(spec.enumNote ?? "")) return undefined;
      if (spec.enum.some((a) => a.toLowerCase() === t.toLowerCase()) || spec.specialValues?.includes(t)) return undefined;
      return `is not one of ${spec.enum.map((a) => `\`${a}\``).join(", ")}`;
    }
    default:
      return undefined;
  }
}

/** Whether no value of the parameter could be valid in the field (a number parameter in a date-time field). */
export function noValueFits(prm: ParameterIR, spec: FieldSpec): boolean {
  const numeric = prm.type === "Integer" || prm.type === "Double";
  if (numeric && (spec.kind === "datetime" || spec.kind === "period" || spec.kind === "boolean")) return true;
  if (numeric && spec.kind === "enum" && spec.enum !== undefined && !/not closed/i.test(spec.enumNote ?? "")) return !spec.enum.some((a) => NUMBER.test(a));
  const allowed = prm.allowedValues;
  return allowed !== undefined && allowed.length > 0 && allowed.every((a) => fieldValueProblem(a, spec) !== undefined);
}
