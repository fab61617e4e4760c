/**
 * IR -> Data Pipeline definition (file form or API form).
 *
 * Order, fixed so that the same source gives the same bytes: the Default object first, then
 * the objects in source order; in each object `id`, `name` (when written), `type`, then the
 * fields in source order; parameters in source order with their attributes as written
 * (`type`, `default`, then the body); parameter values in parameter order, then any undeclared
 * ones in the order given. Every value is a string: literals as written, `#<expr>` as
 * `#{expr}` (the expression's source text), references as `{"ref": id}` / `refValue`.
 */
import type { FieldIR, ObjectIR, ParameterIR, PipelineIR, ValueIR } from "../../ir/ir.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { parameterAttribute } from "../../model/index.ts";
import { serializeDefinition, type DefAttribute, type DefField, type DefObject, type DefParameter, type DefParameterValue, type Definition, type DefinitionForm, type DefValue } from "./definition.ts";
import { checkLimits } from "./checks.ts";
import { missingValue } from "./environment.ts";

/** `.pipe` short names of parameter types. */
const PARAMETER_TYPES: Readonly<Record<string, string>> = { S3Key: "AWS::S3::ObjectKey" };

export interface EmitOptions {
  readonly form: DefinitionForm;
  /**
   * Parameter values of the selected environment (none: the definition is a template without
   * `values`).
   */
  readonly values?: readonly DefParameterValue[];
  /** Without `values`: report each parameter that needs a value and has none (PIPE5101, a warning). */
  readonly warnMissingValues?: boolean;
}

export interface EmitResult {
  readonly definition: Definition;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

export function emitDataPipeline(p: PipelineIR, options: EmitOptions): EmitResult {
  const definition = pipelineDefinition(p, options.values ?? []);
  const diagnostics = [...checkLimits(p, definition)];
  if (options.values === undefined && options.warnMissingValues === true) {
    // A template: values are given when the definition is put or the pipeline activated.
    for (const prm of p.parameters) {
      const missing = missingValue(p, prm);
      if (missing) diagnostics.push(missing);
    }
  }
  return { definition, text: serializeDefinition(definition, options.form), diagnostics };
}

export function pipelineDefinition(p: PipelineIR, values: readonly DefParameterValue[]): Definition {
  return {
    // Default is written when the source has one (or it carries fields): never invented.
    objects: (p.defaultsWritten !== false || p.defaults.fields.length > 0 || p.defaults.name !== undefined ? [p.defaults, ...p.objects] : p.objects).map(object),
    parameters: p.parameters.map(parameter),
    values: [...values],
  };
}

function object(o: ObjectIR): DefObject {
  const fields: DefField[] = [];
  if (o.type !== undefined) fields.push({ key: "type", values: [{ kind: "string", value: o.type }], list: false });
  for (const f of o.fields) fields.push(field(f));
  return { id: o.id, name: o.name, fields };
}

function field(f: FieldIR): DefField {
  return { key: f.key, values: f.values.map(valueOf), list: f.list };
}

/** The string (or reference) Data Pipeline receives for a value. */
export function valueOf(v: ValueIR): DefValue {
  switch (v.kind) {
    case "ref":
      return { kind: "ref", id: v.id };
    case "literal":
      return { kind: "string", value: v.text };
    case "template": {
      let value = "";
      for (const part of v.parts) value += part.kind === "text" ? part.text : `#{${part.source}}`;
      return { kind: "string", value };
    }
  }
}

function parameter(prm: ParameterIR): DefParameter {
  const attributes: DefAttribute[] = [];
  for (const a of prm.attributes) {
    let values = a.values;
    if (a.key === "type") {
      // `type` is sent only when written; a `.pipe` short name becomes Data Pipeline's name.
      if (prm.typeWritten === undefined) continue;
      values = [(Object.hasOwn(PARAMETER_TYPES, prm.typeWritten.text) ? PARAMETER_TYPES[prm.typeWritten.text] : undefined) ?? prm.typeWritten.text];
    }
    const list = parameterAttribute(a.key)?.list === true || values.length !== 1;
    attributes.push({ key: a.key, values: [...values], list });
  }
  return { id: prm.id, attributes };
}
