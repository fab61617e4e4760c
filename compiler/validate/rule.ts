/**
 * The shape of a rule. Validation rules (2xxx-4xxx: what AWS would reject or what breaks at run
 * time) and lint rules (6xxx: practice and style) share it and the registry; each rule lives in
 * its own file under rules/ and exports `rule`.
 */
import type { CodeInfo, Diagnostic, Fix, RelatedInfo, Severity } from "../diagnostics/diagnostic.ts";
import type { ProgramIR } from "../ir/ir.ts";
import type { Span } from "../source/source.ts";

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

export interface Rule {
  readonly meta: RuleMeta;
  check(ctx: RuleContext): void;
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
