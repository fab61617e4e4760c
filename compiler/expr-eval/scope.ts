/**
 * Static name resolution for Data Pipeline expressions, shared by the evaluator and the JSONata
 * translator: what `#<table>`, `#<input.directoryPath>` and `#<node.@scheduledStartTime>` refer
 * to, given the object the expression is evaluated on.
 */
import type { ExprIR, FieldIR, ObjectIR, PipelineIR, ValueIR } from "../ir/ir.ts";
import { runtimeField } from "../model/index.ts";

export interface ExprScope {
  readonly pipeline: PipelineIR;
  /** The object whose field holds the expression (the inheriting object for inherited fields). */
  readonly object: ObjectIR;
  /** In actions and preconditions: the object that referenced them. */
  readonly node?: ObjectIR | undefined;
}

export type Resolved =
  /** A field value, to be evaluated on `scope`. */
  | { readonly kind: "value"; readonly value: ValueIR; readonly field: FieldIR; readonly scope: ExprScope }
  /** Plain text that is not evaluated (`id`, `name`). */
  | { readonly kind: "text"; readonly text: string }
  /** An object, reached through a ref field or `node`. */
  | { readonly kind: "object"; readonly scope: ExprScope }
  /** A runtime slot of the execution (`@scheduledStartTime`). */
  | { readonly kind: "runtime"; readonly name: string }
  | { readonly kind: "error"; readonly message: string };

export function runtimeName(name: string): string {
  return name.startsWith("@") ? name.slice(1) : name;
}

/** A field of an object, own or inherited. */
export function resolveField(scope: ExprScope, name: string): Resolved {
  const obj = scope.object;
  if (name === "id") return { kind: "text", text: obj.id };
  if (name === "name") {
    const eff = obj.effective.get("name");
    return eff ? valueOf(scope, eff.field, name) : { kind: "text", text: obj.name ?? obj.id };
  }
  if (name.startsWith("@")) return { kind: "runtime", name: runtimeName(name) };
  const eff = obj.effective.get(name);
  if (!eff) {
    // Slots the service fills in (`errorMessage`, `@status`), written with or without `@`.
    if (runtimeField(name) || runtimeField(`@${name}`)) return { kind: "runtime", name };
    return { kind: "error", message: `'${obj.id}' has no field '${name}'` };
  }
  return valueOf(scope, eff.field, name);
}

function valueOf(scope: ExprScope, field: FieldIR, name: string): Resolved {
  if (field.values.length !== 1) {
    return { kind: "error", message: `'${scope.object.id}.${name}' is a list of ${field.values.length} values; list-valued fields in expressions are not supported here` };
  }
  const value = field.values[0]!;
  if (value.kind === "ref") {
    const target = scope.pipeline.byId.get(value.id);
    if (!target) return { kind: "error", message: `'${scope.object.id}.${name}' refers to an unknown object '${value.id}'` };
    return { kind: "object", scope: { pipeline: scope.pipeline, object: target, node: scope.node } };
  }
  return { kind: "value", value, field, scope };
}

/** Resolves a reference expression (`field`, `node`, `member`, `runtime`). Other kinds return undefined. */
export function resolveRef(expr: ExprIR, scope: ExprScope): Resolved | undefined {
  switch (expr.kind) {
    case "field":
      return resolveField(scope, expr.name);
    case "runtime":
      return { kind: "runtime", name: runtimeName(expr.name) };
    case "node":
      if (!scope.node) return { kind: "error", message: "'node' is only defined in actions and preconditions" };
      return { kind: "object", scope: { pipeline: scope.pipeline, object: scope.node, node: undefined } };
    case "member": {
      const target = resolveRef(expr.target, scope);
      if (!target) return { kind: "error", message: `'.${expr.name}' applied to a value that is not an object` };
      if (target.kind === "error") return target;
      if (target.kind !== "object") return { kind: "error", message: `'.${expr.name}' applied to a value that is not an object reference` };
      if (expr.runtime || expr.name.startsWith("@")) return { kind: "runtime", name: runtimeName(expr.name) };
      return resolveField(target.scope, expr.name);
    }
    default:
      return undefined;
  }
}
