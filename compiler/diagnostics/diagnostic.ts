import type { Span } from "../source/source.ts";

export type Severity = "error" | "warning" | "info";

/** One replacement of the text covered by `span`. */
export interface TextEdit {
  readonly span: Span;
  readonly text: string;
}

/** A safe, mechanical change that removes the finding. */
export interface Fix {
  readonly description: string;
  readonly edits: readonly TextEdit[];
}

export interface RelatedInfo {
  readonly message: string;
  readonly file: string;
  readonly span: Span;
}

/**
 * A finding about a source file. Positions are offsets; lines and columns are computed when
 * the diagnostic is rendered.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly span: Span;
  readonly hint?: string;
  readonly fix?: Fix;
  readonly related?: readonly RelatedInfo[];
}

/** Describes a diagnostic code: its stable name, default severity and documentation. */
export interface CodeInfo {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  /** One line: what the code flags. */
  readonly summary: string;
  /** Longer explanation, with an example where it helps (Markdown). */
  readonly explanation?: string;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.span.start !== b.span.start) return a.span.start - b.span.start;
  if (a.span.end !== b.span.end) return a.span.end - b.span.end;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
