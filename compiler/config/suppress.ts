/**
 * Inline suppressions: `// pipec-ignore PIPE6001: reason` (or several codes or names separated by
 * commas). After code on a line it applies to that line; on a line of its own, to the next line
 * that holds code. A suppression that silences nothing is reported as PIPE6000.
 */
import type { Comment } from "../ast/nodes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SourceFile } from "../source/source.ts";

const DIRECTIVE = /^(?:\/\/|\/\*)\s*pipec-ignore\s+([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)\s*(?::\s*([\s\S]*?))?\s*(?:\*\/)?\s*$/;

export interface Suppression {
  readonly comment: Comment;
  /** Codes or names as written. */
  readonly codes: readonly string[];
  readonly reason: string | undefined;
  /** The 1-based line it applies to. */
  readonly line: number;
}

export function findSuppressions(comments: readonly Comment[], source: SourceFile): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const start = source.position(c.span.start);
    const before = source.lineText(start.line).slice(0, start.column - 1);
    let line = start.line;
    if (before.trim() === "") {
      // The next line with code: skip blank lines and lines that hold only comments.
      const endLine = source.position(c.span.end).line;
      line = endLine + 1;
      const commentLines = new Set<number>();
      for (const other of comments) {
        const a = source.position(other.span.start);
        const b = source.position(other.span.end);
        if (source.lineText(a.line).slice(0, a.column - 1).trim() !== "") continue;
        for (let l = a.line; l <= b.line; l++) if (l === b.line ? source.lineText(l).slice(b.column - 1).trim() === "" : true) commentLines.add(l);
      }
      const last = source.lineStarts.length;
      while (line <= last && (source.lineText(line).trim() === "" || commentLines.has(line))) line++;
    }
    out.push({ comment: c, codes: m[1].split(",").map((s) => s.trim()), reason: m[2]?.trim() || undefined, line });
  }
  return out;
}

/**
 * Removes the diagnostics that a suppression covers and reports the suppressions (per code) that
 * covered nothing. `nameOf` maps a code to its name so that either may be written.
 */
export function applySuppressions(
  diagnostics: readonly Diagnostic[],
  suppressions: readonly Suppression[],
  source: SourceFile,
  nameOf: (code: string) => string,
): { kept: Diagnostic[]; unused: Diagnostic[] } {
  const used = new Set<string>();
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.file !== source.path) {
      kept.push(d);
      continue;
    }
    const line = source.position(d.span.start).line;
    const name = nameOf(d.code);
    const s = suppressions.find((x) => x.line === line && x.codes.some((c) => c.toUpperCase() === d.code || c === name));
    if (!s) {
      kept.push(d);
      continue;
    }
    for (const c of s.codes) if (c.toUpperCase() === d.code || c === name) used.add(`${s.comment.span.start}:${c}`);
  }
  const unused: Diagnostic[] = [];
  for (const s of suppressions) {
    for (const c of s.codes) {
      if (used.has(`${s.comment.span.start}:${c}`)) continue;
      unused.push({
        code: "PIPE6000",
        severity: "warning",
        message: `\`pipec-ignore ${c}\` suppresses nothing on line ${s.line}`,
        file: source.path,
        span: s.comment.span,
        hint: "remove the stale suppression (or the code from its list)",
        fix: s.codes.length === 1 ? { description: "remove the suppression comment", edits: [removal(source, s.comment)] } : undefined,
      });
    }
  }
  return { kept, unused };
}

/** The edit that deletes a comment (with its line when it stands alone). */
function removal(source: SourceFile, c: Comment): { span: { start: number; end: number }; text: string } {
  const text = source.text;
  let start = c.span.start;
  let end = c.span.end;
  let ls = start;
  while (ls > 0 && (text[ls - 1] === " " || text[ls - 1] === "\t")) ls--;
  let le = end;
  while (le < text.length && (text[le] === " " || text[le] === "\t")) le++;
  const ownLine = (ls === 0 || text[ls - 1] === "\n") && (le === text.length || text[le] === "\n" || text[le] === "\r");
  if (ownLine) {
    start = ls;
    end = text[le] === "\r" && text[le + 1] === "\n" ? le + 2 : le < text.length ? le + 1 : le;
  } else start = ls;
  return { span: { start, end }, text: "" };
}
