/**
 * The shape of a rule. Validation rules (2xxx-4xxx: what AWS would reject or what breaks at run
 * time) and lint rules (6xxx: practice and style) share it and the registry; each rule lives in
 * its own file under rules/ and exports `rule`.
 *
 * A rule reads the IR in one of two ways:
 *
 * - `visit(p, ctx)`: the rule says what it wants to see of a pipeline (its objects, the fields
 *   written on them, the nodes of its `#<...>` expressions) and the runner (validate.ts) walks
 *   each pipeline once for all such rules, calling each rule's hooks in walk order. Most rules
 *   are checks of one object, field or expression at a time and read this way.
 * - `check(ctx)`: the rule reads the program as it likes (graphs, parameters, limits over a
 *   whole pipeline).
 */
import type { CodeInfo, Diagnostic, Fix, RelatedInfo, Severity } from "../diagnostics/diagnostic.ts";
import type { ExprIR, FieldIR, LiteralIR, ObjectIR, PipelineIR, ProgramIR, TemplateIR } from "../ir/ir.ts";
import type { FieldSpec } from "../model/index.ts";
import type { Span } from "../source/source.ts";
import type { ExprSite } from "./util.ts";

export interface RuleMeta extends CodeInfo {
  /** `validation`: the definition is wrong for AWS; `lint`: it works but could be better. */
  readonly kind: "validation" | "lint";
  /** Every rule documents itself with an example. */
  readonly explanation: string;
  /**
   * The AWS documentation page or limit the rule follows (a URL). Every error-level rule has
   * one: an error means the service refuses the definition.
   */
  readonly source?: string;
  /** Ids of the reference model's `validationRules` this rule checks. */
  readonly implements?: readonly string[];
}

export interface Finding {
  readonly span: Span;
  readonly message: string;
  readonly hint?: string;
  readonly fix?: Fix;
  readonly related?: readonly RelatedInfo[];
  /** Overrides the rule's default severity for this finding (e.g. a softer case). */
  readonly severity?: Severity;
  /** Defaults to the program's file. */
  readonly file?: string;
}

export interface RuleContext {
  readonly program: ProgramIR;
  report(finding: Finding): void;
  /**
   * The reference time of the run (ms since the epoch: `PIPEC_NOW` when set, else the clock),
   * read once so that every pipeline is checked against the same time. Read the clock (`now()`
   * in util.ts) when absent.
   */
  readonly now?: number;
}

/**
 * What a visiting rule sees of one pipeline, in the order of the runner's walk: the objects,
 * Default first and then in source order; within each object, its fields in source order, each
 * followed by the nodes of its expressions; after the objects, the expressions of the
 * pipeline-level fields (with Default as their object); then `end`. Hooks are called as plain
 * functions (no `this`) and may keep state of the pipeline in the closure `visit` returns; they
 * must not change the IR.
 */
export interface Visitor {
  object?(o: ObjectIR): void;
  /** A field written on an object (Default included), with its model spec on that object (`specOf`). */
  field?(f: FieldIR, o: ObjectIR, spec: FieldSpec | undefined): void;
  /** A node of a `#<...>` expression, parents before children. */
  expr?(e: ExprIR, site: ExprSite, parent: ExprIR | undefined): void;
  /**
   * The text of a literal or template value (a template's text parts joined, each expression
   * replaced by U+0000), of objects' fields and then of pipeline-level fields (as in `expr`).
   */
  text?(text: string, value: LiteralIR | TemplateIR, f: FieldIR, o: ObjectIR): void;
  /** After the walk of the pipeline. */
  end?(): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  /** Reads the whole program its own way. */
  check?(ctx: RuleContext): void;
  /** The hooks for one pipeline's walk (`ctx.program` holds that pipeline); undefined: nothing to see. */
  visit?(p: PipelineIR, ctx: RuleContext): Visitor | undefined;
}

/** Builds a diagnostic for a rule outside a rule run (used by resolve for values the IR cannot hold). */
export function ruleDiagnostic(meta: RuleMeta, file: string, f: Finding): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code: meta.code,
    severity: f.severity ?? meta.severity,
    message: f.message,
    file: f.file ?? file,
    span: f.span,
  };
  if (f.hint !== undefined) d.hint = f.hint;
  if (f.fix !== undefined) d.fix = f.fix;
  if (f.related !== undefined) d.related = f.related;
  return d;
}
