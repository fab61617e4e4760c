/**
 * A target-neutral description of the Terraform resources a pipeline needs. The plain
 * Terraform JSON writer (json.ts) and the CDKTF constructs (../cdktf/) both render the same
 * list, so the two outputs hold the same resources with the same arguments.
 *
 * Argument names are Terraform's (snake_case). Strings are literals: the renderers escape
 * `${` and `%{` in them. References to other resources are `TfRef`s, and strings built from
 * literals and references are `TfConcat`s.
 */

/** A reference to an attribute of another resource of the same document: `type.name.attribute`. */
export class TfRef {
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
  constructor(type: string, name: string, attribute: string) {
    this.type = type;
    this.name = name;
    this.attribute = attribute;
  }
}

/** A string made of literal parts and references (`"${aws_x.y.arn}:*"`). */
export class TfConcat {
  readonly parts: readonly (string | TfRef)[];
  constructor(parts: readonly (string | TfRef)[]) {
    this.parts = parts;
  }
}

export type TfValue = string | number | boolean | TfRef | TfConcat | readonly TfValue[] | { readonly [key: string]: TfValue };

export interface TfResource {
  /** A managed resource (default) or a data source (`data.<type>.<name>`). */
  readonly mode?: "data";
  /** The resource type, e.g. `aws_sfn_state_machine`. */
  readonly type: string;
  /** The logical name (Terraform address `type.name`), unique in its document. */
  readonly name: string;
  /** The arguments, snake_case. */
  readonly config: { readonly [key: string]: TfValue };
  /** Resources (by logical name) that must exist before this one. */
  readonly dependsOn?: readonly TfRef[];
}

export interface TfOutput {
  readonly name: string;
  readonly value: TfValue;
  readonly description: string;
}

/** An input variable of the stack: a string, sensitive (its value comes from `TF_VAR_<name>` at deploy). */
export interface TfVariable {
  readonly name: string;
  readonly description: string;
  readonly sensitive: true;
}

/** What one pipeline needs for one target. */
export interface ResourcePlan {
  readonly resources: readonly TfResource[];
  readonly outputs: readonly TfOutput[];
  /** Sensitive input variables (secrets given at deploy); absent when none. */
  readonly variables?: readonly TfVariable[];
}

/** A reference to an input variable: `var.<name>` (a TfRef of type `var` with no attribute). */
export function varRef(name: string): TfRef {
  return new TfRef("var", name, "");
}

/**
 * Attributes whose value is a map with user keys: their keys are kept as written (not
 * converted between snake_case and camelCase).
 */
export const MAP_ATTRIBUTES: ReadonlySet<string> = new Set(["tags", "tags_all", "dimensions"]);

/** A reference to an attribute of a resource or data source of the plan. */
export function ref(resource: TfResource, attribute: string): TfRef {
  return new TfRef(resource.mode === "data" ? `data.${resource.type}` : resource.type, resource.name, attribute);
}

/** The key of a resource or data source in its document: `type.name` or `data.type.name`. */
export function addressOf(r: TfResource): string {
  return r.mode === "data" ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`;
}

export function concat(...parts: (string | TfRef)[]): TfConcat {
  return new TfConcat(parts);
}

/**
 * A JSON document (e.g. an IAM policy) that holds references: serialised to JSON text whose
 * string values may embed `${...}` references. Keys keep their order.
 */
export function jsonWithRefs(value: unknown): TfConcat | string {
  const parts: (string | TfRef)[] = [];
  let text = "";
  const walk = (v: unknown): void => {
    if (v instanceof TfRef) {
      text += '"';
      parts.push(text);
      parts.push(v);
      text = '"';
    } else if (v instanceof TfConcat) {
      text += '"';
      for (const p of v.parts) {
        if (p instanceof TfRef) {
          parts.push(text);
          parts.push(p);
          text = "";
        } else text += JSON.stringify(p).slice(1, -1);
      }
      text += '"';
    } else if (Array.isArray(v)) {
      text += "[";
      v.forEach((e, i) => {
        if (i > 0) text += ",";
        walk(e);
      });
      text += "]";
    } else if (v !== null && typeof v === "object") {
      text += "{";
      Object.entries(v as Record<string, unknown>)
        .filter(([, e]) => e !== undefined)
        .forEach(([k, e], i) => {
          if (i > 0) text += ",";
          text += `${JSON.stringify(k)}:`;
          walk(e);
        });
      text += "}";
    } else {
      text += JSON.stringify(v);
    }
  };
  walk(value);
  if (parts.length === 0) return text;
  parts.push(text);
  return new TfConcat(parts.filter((p) => p !== ""));
}
