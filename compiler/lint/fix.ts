/**
 * Applying the fixes of diagnostics (`pipec check --fix`). A fix is applied whole or not at all;
 * fixes whose edits overlap an edit already chosen wait for the next round. After each round the
 * text is checked again, so a fix is only ever applied to the text it was computed for.
 */
import type { Diagnostic, Fix, TextEdit } from "../diagnostics/diagnostic.ts";

/** Edits overlap when they share text, or insert at the same point (their order would be a guess). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.span.start === a.span.end || b.span.start === b.span.end) {
    return a.span.start === b.span.start || (a.span.start > b.span.start && a.span.start < b.span.end) || (b.span.start > a.span.start && b.span.start < a.span.end);
  }
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/** The fixes to apply together: in diagnostic order, skipping any that overlaps a chosen one. */
export function chooseFixes(diagnostics: readonly Diagnostic[], file: string, textLength: number): Fix[] {
  const chosen: Fix[] = [];
  const edits: TextEdit[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    const fix = d.fix;
    if (!fix || d.file !== file || fix.edits.length === 0) continue;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue;
    seen.add(key);
    const valid = fix.edits.every((e) => e.span.start >= 0 && e.span.end >= e.span.start && e.span.end <= textLength);
    const selfOverlap = fix.edits.some((e, i) => fix.edits.some((f, j) => i < j && overlaps(e, f)));
    if (!valid || selfOverlap || fix.edits.some((e) => edits.some((x) => overlaps(e, x)))) continue;
    chosen.push(fix);
    edits.push(...fix.edits);
  }
  return chosen;
}

/** Applies non-overlapping edits (from the end, so earlier offsets stay valid). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end)) {
    out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  }
  return out;
}

export interface FixResult {
  readonly text: string;
  /** Fixes applied over all rounds. */
  readonly applied: number;
  /** The diagnostics of the final text. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Fixes a text until no fix applies (at most `maxRounds` rounds), re-checking after each round. */
export function fixText(file: string, text: string, check: (text: string) => readonly Diagnostic[], maxRounds = 10): FixResult {
  let current = text;
  let applied = 0;
  let diagnostics = check(current);
  const seen = new Set<string>([current]);
  for (let round = 0; round < maxRounds; round++) {
    const fixes = chooseFixes(diagnostics, file, current.length);
    if (fixes.length === 0) break;
    const next = applyEdits(current, fixes.flatMap((f) => f.edits));
    // A fix that brings back an earlier text would loop; stop there.
    if (seen.has(next)) break;
    seen.add(next);
    current = next;
    applied += fixes.length;
    diagnostics = check(current);
  }
  return { text: current, applied, diagnostics };
}
