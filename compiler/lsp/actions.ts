/** Code actions from the findings' safe fixes and "did you mean" suggestions; fix-all through `pipec check --fix`'s engine. */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { fixText } from "../lint/fix.ts";
import type { Span } from "../source/source.ts";
import type { Analysis } from "./analysis.ts";

export interface Action {
  readonly title: string;
  readonly kind: "quickfix" | "source.fixAll";
  readonly diagnostic?: Diagnostic;
  readonly preferred: boolean;
  readonly edits: readonly { readonly span: Span; readonly text: string }[];
}

const SUGGESTION = /did you mean `([^`]+)`/;
const WORD = /^\*?[A-Za-z_][A-Za-z0-9_]*$/;

export function codeActions(a: Analysis, range: Span, only: readonly string[] | undefined): Action[] {
  const out: Action[] = [];
  const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  if (wants("quickfix")) {
    for (const d of a.diagnostics) {
      if (d.file !== a.path || d.span.end < range.start || d.span.start > range.end) continue;
      if (d.fix && d.fix.edits.length > 0) {
        out.push({ title: d.fix.description, kind: "quickfix", diagnostic: d, preferred: true, edits: d.fix.edits });
        continue;
      }
      const m = d.hint ? SUGGESTION.exec(d.hint) : null;
      const written = a.text.slice(d.span.start, d.span.end);
      if (m && WORD.test(written) && WORD.test(m[1])) {
        out.push({ title: `Change '${written}' to '${m[1]}'`, kind: "quickfix", diagnostic: d, preferred: false, edits: [{ span: d.span, text: m[1] }] });
      }
    }
  }
  if (wants("source.fixAll") && !a.definition && a.diagnostics.some((d) => d.fix)) {
    out.push({ title: "Fix all safe problems (pipec check --fix)", kind: "source.fixAll", preferred: false, edits: [] });
  }
  return out;
}

/** The whole text after every safe fix (as `pipec check --fix` computes it), or undefined when nothing changes. */
export function fixAll(a: Analysis, recheck: (text: string) => readonly Diagnostic[]): string | undefined {
  const r = fixText(a.path, a.text, recheck);
  return r.text !== a.text ? r.text : undefined;
}
