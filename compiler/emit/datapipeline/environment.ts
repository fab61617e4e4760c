/**
 * Environments: one `.pipe` source, several sets of parameter values.
 *
 * A values file is JSON, either the AWS CLI's parameter-values file `{"values": {...}}` (also
 * what the file form of a definition carries) or the bare map `{...}`; each entry maps a
 * parameter id to a string or to an array of strings (array parameters). `--param id=value`
 * entries (split at the first `=`; a repeated id builds an array) override the file's entry for
 * the same id.
 *
 * When an environment is selected, every parameter without a default that is not optional must
 * get a value; values must lie in `allowedValues`, parse as the parameter's type, and be single
 * unless the parameter is `isArray`. Values for undeclared parameters are kept and warned about.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { ParameterIR, PipelineIR } from "../../ir/ir.ts";
import type { Span } from "../../source/source.ts";
import { readJson, type JsonNode } from "../../import/json.ts";
import type { DefParameterValue } from "./definition.ts";
import { targetDiagnostic } from "./codes.ts";
import { fieldValueProblem, parameterSites } from "../../validate/substitute.ts";
import { forEachExprOfKind } from "../../validate/util.ts";

export interface EnvValue {
  readonly id: string;
  readonly values: readonly string[];
  readonly list: boolean;
  /** Where the value was given (a values file and the key's span, or the command line). */
  readonly file: string;
  readonly span: Span;
}

export interface Environment {
  readonly values: readonly EnvValue[];
}

export const COMMAND_LINE = "<command line>";

/** Reads a values file (never throws); diagnostics point into it. */
export function readValuesFile(file: string, text: string): { values: EnvValue[]; diagnostics: Diagnostic[] } {
  const json = readJson(file, text);
  const diagnostics: Diagnostic[] = [...json.diagnostics];
  const values: EnvValue[] = [];
  let root: JsonNode | undefined = json.value;
  if (root?.kind === "object") {
    const inner = root.members.find((m) => m.key === "values");
    if (inner && inner.value.kind === "object" && root.members.every((m) => m.key === "values" || !m.key.startsWith("my"))) root = inner.value;
  }
  if (!root || root.kind !== "object") {
    diagnostics.push(targetDiagnostic("PIPE5106", file, root?.span ?? { start: 0, end: 0 }, 'a values file is a JSON object: {"values": {"myParam": "value"}}'));
    return { values, diagnostics };
  }
  for (const m of root.members) {
    const items = m.value.kind === "array" ? m.value.items : [m.value];
    const strings: string[] = [];
    for (const item of items) {
      if (item.kind === "string") strings.push(item.value);
      else if (item.kind === "number") strings.push(item.raw);
      else if (item.kind === "boolean") strings.push(String(item.value));
      else diagnostics.push(targetDiagnostic("PIPE5106", file, item.span, `the value of "${m.key}" must be a string or an array of strings`));
    }
    values.push({ id: m.key, values: strings, list: m.value.kind === "array", file, span: m.keySpan });
  }
  return { values, diagnostics };
}

/** `--param id=value` entries; undefined entries are returned as errors (not `id=value`). */
export function parseInlineParams(tokens: readonly string[]): { values: EnvValue[]; invalid: string[] } {
  const byId = new Map<string, string[]>();
  const invalid: string[] = [];
  for (const t of tokens) {
    const eq = t.indexOf("=");
    if (eq <= 0) {
      invalid.push(t);
      continue;
    }
    const id = t.slice(0, eq);
    byId.set(id, [...(byId.get(id) ?? []), t.slice(eq + 1)]);
  }
  const values = [...byId].map(([id, vals]) => ({ id, values: vals, list: vals.length > 1, file: COMMAND_LINE, span: { start: 0, end: 0 } }));
  return { values, invalid };
}

/** Later sources override earlier ones id by id. */
export function mergeEnvironments(...sources: readonly (readonly EnvValue[])[]): Environment {
  const byId = new Map<string, EnvValue>();
  for (const src of sources) for (const v of src) byId.set(v.id, v);
  return { values: [...byId.values()] };
}

export interface ApplyOptions {
  /**
   * How a parameter left without a value is reported. The Data Pipeline definition may leave
   * values to `put-pipeline-definition --parameter-values` (a warning, the default); a target
   * that deploys the values itself needs every one (an error).
   */
  readonly missing?: "warning" | "error";
}

/**
 * PIPE5101 for a parameter that has no default, is not optional and gets no value; undefined
 * when the parameter needs none. A secret is never expected in a values file, so it is always a
 * warning.
 */
export function missingValue(p: PipelineIR, prm: ParameterIR, severity: "warning" | "error" = "warning"): Diagnostic | undefined {
  const noDefault = prm.default === undefined || (Array.isArray(prm.default) && prm.default.length === 0);
  if (!noDefault || prm.optional) return undefined;
  const secret = prm.id.startsWith("*");
  const put = "give it when the definition is put (put-pipeline-definition --parameter-values)";
  return targetDiagnostic("PIPE5101", p.file, prm.idSpan, `no value for the ${secret ? "secret " : ""}parameter "${prm.id}", which has no default and is not optional${secret || severity === "warning" ? `; ${put}` : ""}`, {
    hint: secret ? undefined : `add "${prm.id}" to the values file, pass --param ${prm.id}=..., or give the parameter a default`,
    severity: secret ? "warning" : severity,
  });
}

const INTEGER = /^-?\d+$/;
const DOUBLE = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Checks an environment against the pipeline's parameters and returns the values to emit:
 * declared parameters in declaration order, then undeclared ids in the order given.
 */
export function applyEnvironment(p: PipelineIR, env: Environment, options: ApplyOptions = {}): { values: DefParameterValue[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const given = new Map(env.values.map((v) => [v.id, v]));
  const declared = new Map<string, ParameterIR>();
  for (const prm of p.parameters) if (!declared.has(prm.id)) declared.set(prm.id, prm);
  const out: DefParameterValue[] = [];
  for (const prm of declared.values()) {
    const v = given.get(prm.id);
    if (!v) {
      const missing = missingValue(p, prm, options.missing ?? "warning");
      if (missing) diagnostics.push(missing);
      continue;
    }
    checkValue(prm, v, diagnostics);
    out.push({ id: v.id, values: v.values, list: v.list, source: { file: v.file, span: v.span } });
  }
  if (options.missing === "error") {
    // A target that deploys the values itself must resolve every parameter an expression reads.
    const seen = new Set<string>();
    forEachExprOfKind(p, "param", (e) => {
      if (declared.has(e.id) || given.has(e.id) || seen.has(e.id)) return;
      seen.add(e.id);
      diagnostics.push(
        targetDiagnostic("PIPE5101", p.file, e.span, `no value for "${e.id}", which an expression reads but the pipeline does not declare`, {
          hint: `declare it (param ${e.id}: String) with a default, or give it a value in the environment`,
          severity: "error",
        }),
      );
    });
  }
  for (const site of parameterSites(p)) {
    const v = given.get(site.parameter.id);
    if (!v || v.values.length !== 1) continue;
    const problem = fieldValueProblem(v.values[0], site.spec);
    if (problem === undefined) continue;
    diagnostics.push(
      targetDiagnostic("PIPE5107", v.file, v.span, `"${v.values[0]}", the value of "${v.id}", is used as \`${site.field.key}\` and ${problem}`, {
        related: [{ message: `\`${site.field.key}\` is set to \`${v.id}\` here`, file: p.file, span: site.value.span }],
      }),
    );
  }
  for (const v of env.values) {
    if (declared.has(v.id)) continue;
    const other = v.id.startsWith("*") ? v.id.slice(1) : `*${v.id}`;
    const hint = declared.has(other) ? `did you mean "${other}"? An encrypted parameter's id carries its \`*\` in values files and --param too` : undefined;
    diagnostics.push(targetDiagnostic("PIPE5104", v.file, v.span, `"${v.id}" is not a parameter of the pipeline "${p.name}"; the value is passed on unchanged`, { hint }));
    out.push({ id: v.id, values: v.values, list: v.list, source: { file: v.file, span: v.span } });
  }
  return { values: out, diagnostics };
}

function checkValue(prm: ParameterIR, v: EnvValue, diagnostics: Diagnostic[]): void {
  if (v.values.length !== 1 && !prm.isArray) {
    diagnostics.push(
      targetDiagnostic("PIPE5105", v.file, v.span, `${v.values.length} values for "${prm.id}", which takes one value`, { hint: "declare the parameter with `isArray = true` to take several" }),
    );
  }
  for (const value of v.values) {
    if (prm.allowedValues !== undefined && prm.allowedValues.length > 0 && !prm.allowedValues.includes(value)) {
      diagnostics.push(
        targetDiagnostic("PIPE5102", v.file, v.span, `"${value}" is not an allowed value of "${prm.id}" (allowed: ${prm.allowedValues.map((a) => `"${a}"`).join(", ")})`),
      );
    }
    if (prm.type === "Integer" && !INTEGER.test(value.trim())) {
      diagnostics.push(targetDiagnostic("PIPE5103", v.file, v.span, `"${value}" is not an integer, but "${prm.id}" is an Integer parameter`));
    } else if (prm.type === "Double" && !DOUBLE.test(value.trim())) {
      diagnostics.push(targetDiagnostic("PIPE5103", v.file, v.span, `"${value}" is not a number, but "${prm.id}" is a Double parameter`));
    }
  }
}
