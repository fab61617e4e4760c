/**
 * The resolved pipeline: what every back end reads. Built by resolve/ from the AST and checked
 * by validate/. Back ends never look at the AST; everything they need is here, and every
 * element keeps the span it came from so that target-specific checks can point at the source.
 */
import type { Span } from "../source/source.ts";
import type { BinaryOperator } from "../ast/nodes.ts";

export interface ProgramIR {
  /** The `.pipe` file (or definition JSON) this came from. */
  readonly file: string;
  readonly pipelines: readonly PipelineIR[];
}

export interface PipelineIR {
  readonly file: string;
  readonly name: string;
  readonly span: Span;
  readonly nameSpan: Span;
  /** Pipeline-level attributes written in the block (`description = ...`). */
  readonly description: string | undefined;
  readonly tags: readonly TagIR[];
  readonly parameters: readonly ParameterIR[];
  /** The `default { ... }` block as the object with id `Default` (always present; may be empty). */
  readonly defaults: ObjectIR;
  /** Whether the source declares the default object (`default { ... }`, or an object with id `Default`). */
  readonly defaultsWritten?: boolean;
  /** Every declared object except Default, in source order. */
  readonly objects: readonly ObjectIR[];
  /** Objects by id, Default included. */
  readonly byId: ReadonlyMap<string, ObjectIR>;
  /** Edges between objects, derived from ref fields (see graph.ts for queries). */
  readonly edges: readonly EdgeIR[];
  /** `scheduleType` after inheritance: how the pipeline is run. */
  readonly scheduleType: "cron" | "timeseries" | "ondemand";
  /** Span of the `description` field when written. */
  readonly descriptionSpan?: Span;
  /** Pipeline-level fields other than `description` and `tags`, as written (no target reads them). */
  readonly otherAttributes?: readonly FieldIR[];
}

export interface TagIR {
  readonly key: string;
  readonly value: string;
  readonly span: Span;
}

export type ParameterType = "String" | "Integer" | "Double" | "AWS::S3::ObjectKey";

export interface ParameterIR {
  /** The id as Data Pipeline knows it: `myName`, or `*myName` for an encrypted parameter. */
  readonly id: string;
  readonly span: Span;
  readonly idSpan: Span;
  readonly type: ParameterType;
  /** The type as written (`S3Key`, `Integer`), when written; `type` falls back to `String` for an unknown name. */
  readonly typeWritten?: { readonly text: string; readonly span: Span };
  readonly description: string | undefined;
  readonly optional: boolean;
  readonly isArray: boolean;
  readonly allowedValues: readonly string[] | undefined;
  /** The default value(s), as strings. */
  readonly default: string | readonly string[] | undefined;
  /** Every attribute as written, in Data Pipeline's names, values as strings (for emitters). */
  readonly attributes: readonly { readonly key: string; readonly values: readonly string[]; readonly span: Span }[];
}

/** A category from the model: activity, dataNode, resource, precondition, database, dataFormat, action, schedule, other, default. */
export type Category = string;

export interface ObjectIR {
  readonly id: string;
  readonly span: Span;
  readonly idSpan: Span;
  /** The object type (`ShellCommandActivity`); undefined for Default and for parent-only templates (`Template Id { ... }`). */
  readonly type: string | undefined;
  readonly typeSpan: Span | undefined;
  readonly category: Category | undefined;
  /** `name = ...` when written (Data Pipeline defaults the name to the id). */
  readonly name: string | undefined;
  /** Fields written on this object, in source order (not `name`, `type`, `id`). */
  readonly fields: readonly FieldIR[];
  /**
   * Own fields plus those inherited through `parent` (nearest first) and then from Default,
   * each with the object it came from. Only fields valid for this object's type (and user
   * fields `my...`) are inherited, from a parent or from Default; `parent` itself is not
   * inherited. Type-less template objects (written `Template Id { ... }`) inherit everything.
   */
  readonly effective: ReadonlyMap<string, EffectiveFieldIR>;
  /** The explicit `parent` id when written on this object. */
  readonly parent?: string;
}

export interface EffectiveFieldIR {
  readonly field: FieldIR;
  /** The id of the object that declares it (this object's own id, a parent's, or `Default`). */
  readonly from: string;
}

export interface FieldIR {
  /** Data Pipeline's field name, `*` prefix included for encrypted fields. */
  readonly key: string;
  readonly span: Span;
  readonly keySpan: Span;
  /** One element for a single value; list fields hold one per element. */
  readonly values: readonly ValueIR[];
  /** Written as a list `[...]` (even of one element). */
  readonly list: boolean;
  /** The field kind from the model (`string`, `ref`, `period`, ...), or undefined for unknown / user fields. */
  readonly kind: string | undefined;
}

export type ValueIR = LiteralIR | TemplateIR | RefIR;

/** A literal. `text` is the exact string Data Pipeline receives. */
export interface LiteralIR {
  readonly kind: "literal";
  readonly span: Span;
  readonly text: string;
  readonly literal: LiteralType;
}

export type LiteralType =
  | { readonly type: "string" }
  | { readonly type: "number"; readonly value: number }
  | { readonly type: "boolean"; readonly value: boolean }
  | { readonly type: "period"; readonly count: number; readonly unit: "minute" | "hour" | "day" | "week" | "month" | "year" }
  | { readonly type: "datetime"; readonly value: string }
  /** A bare word in an enum field (`cron`, `cascade`) or a word kept as text. */
  | { readonly type: "word" };

/** A string with `#<...>` expressions. */
export interface TemplateIR {
  readonly kind: "template";
  readonly span: Span;
  readonly parts: readonly TemplatePartIR[];
}

export type TemplatePartIR = { readonly kind: "text"; readonly text: string } | ExprPartIR;

export interface ExprPartIR {
  readonly kind: "expr";
  readonly span: Span;
  /** The expression's source text as written between `#<` and `>`, trimmed. */
  readonly source: string;
  readonly expr: ExprIR;
}

/** A reference to another object by id. */
export interface RefIR {
  readonly kind: "ref";
  readonly span: Span;
  readonly id: string;
}

// ---- expressions (resolved and typed) ----

export type ExprType = "DateTime" | "String" | "Integer" | "Double" | "Period" | "Ref" | "unknown";

export type ExprIR =
  | { readonly kind: "number"; readonly span: Span; readonly type: ExprType; readonly value: number; readonly raw: string }
  | { readonly kind: "string"; readonly span: Span; readonly type: ExprType; readonly value: string }
  /** A parameter (`myBucket`, `*myPassword`). */
  | { readonly kind: "param"; readonly span: Span; readonly type: ExprType; readonly id: string }
  /** A field of the current object (own or inherited): `#<table>`. */
  | { readonly kind: "field"; readonly span: Span; readonly type: ExprType; readonly name: string }
  /** A runtime slot of the current instance: `@scheduledStartTime`. */
  | { readonly kind: "runtime"; readonly span: Span; readonly type: ExprType; readonly name: string }
  /** `node`: in actions and preconditions, the object that referenced them. */
  | { readonly kind: "node"; readonly span: Span; readonly type: ExprType }
  /** `target.name` / `target.@name`: a hop through a ref field, or a field of `node`. */
  | { readonly kind: "member"; readonly span: Span; readonly type: ExprType; readonly target: ExprIR; readonly name: string; readonly runtime: boolean }
  | { readonly kind: "call"; readonly span: Span; readonly type: ExprType; readonly fn: string; readonly args: readonly ExprIR[]; readonly method: boolean }
  | { readonly kind: "binary"; readonly span: Span; readonly type: ExprType; readonly op: BinaryOperator; readonly left: ExprIR; readonly right: ExprIR }
  | { readonly kind: "negate"; readonly span: Span; readonly type: ExprType; readonly operand: ExprIR };

// ---- graph ----

export type EdgeKind =
  /** `dependsOn`: `to` must finish before `from` starts. */
  | "dependsOn"
  /** An activity reads a data node (`input`). */
  | "input"
  /** An activity writes a data node (`output`). */
  | "output"
  | "precondition"
  | "runsOn"
  | "onFail"
  | "onSuccess"
  | "onLateAction"
  | "schedule"
  | "parent"
  /** Any other ref field (database, dataFormat, ...): `field` names it. */
  | "ref";

export interface EdgeIR {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** The ref field that makes the edge (after inheritance). */
  readonly field: string;
  readonly span: Span;
}
