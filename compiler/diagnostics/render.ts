/** Diagnostic renderers: pretty (code frame), concise, json, github. */
import type { styleText as StyleText } from "node:util";
import type { Diagnostic } from "./diagnostic.ts";
import type { Range, SourceFile } from "../source/source.ts";

export type Format = "pretty" | "concise" | "json" | "github" | "sarif";
export const FORMATS: readonly Format[] = ["pretty", "concise", "json", "github", "sarif"];

/** Looks up a file's source to compute lines and columns. */
export type SourceLookup = (file: string) => SourceFile | undefined;

/** The rendered shape of a diagnostic (1-based lines and columns). */
export interface JsonDiagnostic {
  code: string;
  name: string;
  severity: Diagnostic["severity"];
  message: string;
  file: string;
  range: Range;
  hint?: string;
  fix?: { description: string; edits: { range: Range; text: string }[] };
  related?: { message: string; file: string; range: Range }[];
}

function rangeOf(lookup: SourceLookup, file: string, span: { start: number; end: number }): Range {
  const src = lookup(file);
  if (!src) return { start: { line: 1, column: 1, offset: span.start }, end: { line: 1, column: 1, offset: span.end } };
  return src.range(span);
}

export function toJson(d: Diagnostic, name: string, lookup: SourceLookup): JsonDiagnostic {
  const out: JsonDiagnostic = { code: d.code, name, severity: d.severity, message: d.message, file: d.file, range: rangeOf(lookup, d.file, d.span) };
  if (d.hint) out.hint = d.hint;
  if (d.fix) out.fix = { description: d.fix.description, edits: d.fix.edits.map((e) => ({ range: rangeOf(lookup, d.file, e.span), text: e.text })) };
  if (d.related) out.related = d.related.map((r) => ({ message: r.message, file: r.file, range: rangeOf(lookup, r.file, r.span) }));
  return out;
}

export interface RenderOptions {
  readonly color: boolean;
  /** Resolves a code to its name (from the code catalogue). */
  readonly nameOf: (code: string) => string;
  readonly lookup: SourceLookup;
}

export function renderConcise(diags: readonly Diagnostic[], o: RenderOptions): string {
  return diags
    .map((d) => {
      const p = rangeOf(o.lookup, d.file, d.span).start;
      // A suggestion stays on the line: it is often the whole answer.
      const suggestion = d.hint !== undefined && d.hint.startsWith("did you mean") ? ` (${d.hint})` : "";
      return `${d.file}:${p.line}:${p.column}: ${d.severity} ${d.code}: ${d.message}${suggestion}`;
    })
    .map((l) => `${l}\n`)
    .join("");
}

export function renderJson(diags: readonly Diagnostic[], o: RenderOptions): string {
  return `${JSON.stringify(diags.map((d) => toJson(d, o.nameOf(d.code), o.lookup)), null, 2)}\n`;
}

/** GitHub Actions workflow commands; `%`, CR and LF are escaped as the runner expects. */
export function renderGithub(diags: readonly Diagnostic[], o: RenderOptions): string {
  const esc = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escProp = (s: string): string => esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return diags
    .map((d) => {
      const r = rangeOf(o.lookup, d.file, d.span);
      const level = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
      const props = [`file=${escProp(d.file)}`, `line=${r.start.line}`, `col=${r.start.column}`, `endLine=${r.end.line}`, `endColumn=${r.end.column}`, `title=${escProp(`${d.code} ${o.nameOf(d.code)}`)}`];
      const msg = d.hint ? `${d.message}\n${d.hint}` : d.message;
      return `::${level} ${props.join(",")}::${esc(msg)}\n`;
    })
    .join("");
}

const TAB = /\t/g;

/**
 * node:util, loaded when colours are painted: bundled, an import of it would copy its exports
 * at start-up, and reading them builds its lazy ones (TextDecoder, the diff helpers, stderr).
 */
let styleText: typeof StyleText | undefined;
function paintText(style: Parameters<typeof StyleText>[0], s: string): string {
  styleText ??= (process.getBuiltinModule("node:util") as typeof import("node:util")).styleText;
  return styleText(style, s, { validateStream: false });
}

export function renderPretty(diags: readonly Diagnostic[], o: RenderOptions): string {
  const paint = (style: Parameters<typeof StyleText>[0], s: string): string => (o.color ? paintText(style, s) : s);
  let out = "";
  for (const d of diags) {
    const src = o.lookup(d.file);
    const r = rangeOf(o.lookup, d.file, d.span);
    const sevStyle = d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "cyan";
    out += `${paint(["bold", sevStyle], `${d.severity}[${d.code}]`)}${paint("bold", `: ${d.message}`)}\n`;
    out += `  ${paint("blue", "-->")} ${d.file}:${r.start.line}:${r.start.column}\n`;
    if (src) {
      const gutter = String(r.end.line).length;
      const pad = " ".repeat(gutter);
      out += `${pad} ${paint("blue", "|")}\n`;
      const lastLine = Math.min(r.end.line, r.start.line + 3);
      for (let line = r.start.line; line <= lastLine; line++) {
        let text = src.lineText(line);
        const from = line === r.start.line ? r.start.column - 1 : 0;
        let to = line === r.end.line ? r.end.column - 1 : text.length;
        // Long lines are cut around the finding.
        let shift = 0;
        if (text.length > 200) {
          shift = Math.max(0, from - 80);
          text = (shift > 0 ? "..." : "") + text.slice(shift, shift + 160) + (text.length > shift + 160 ? "..." : "");
          shift = shift > 0 ? shift - 3 : 0;
        }
        const shown = text.replace(TAB, "    ");
        const widthBefore = (s: string): number => s.replace(TAB, "    ").length;
        const caretStart = widthBefore(text.slice(0, Math.max(0, from - shift)));
        to = Math.max(to, from + 1);
        const caretLen = Math.max(1, widthBefore(text.slice(Math.max(0, from - shift), Math.max(0, to - shift))));
        out += `${paint("blue", String(line).padStart(gutter))} ${paint("blue", "|")} ${shown}\n`;
        out += `${pad} ${paint("blue", "|")} ${" ".repeat(caretStart)}${paint(sevStyle, "^".repeat(Math.min(caretLen, Math.max(1, shown.length - caretStart + 1))))}\n`;
      }
    }
    if (d.hint) out += `${" ".repeat(String(r.end.line).length)} ${paint("blue", "=")} ${paint("bold", "hint")}: ${d.hint}\n`;
    if (d.fix) out += `${" ".repeat(String(r.end.line).length)} ${paint("blue", "=")} ${paint("bold", "fix")}: ${d.fix.description}\n`;
    for (const rel of d.related ?? []) {
      const rr = rangeOf(o.lookup, rel.file, rel.span);
      out += `${" ".repeat(String(r.end.line).length)} ${paint("blue", "=")} ${paint("bold", "note")}: ${rel.message} (${rel.file}:${rr.start.line}:${rr.start.column})\n`;
    }
    out += "\n";
  }
  return out;
}

export function summaryLine(diags: readonly Diagnostic[], files: number): string {
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.filter((d) => d.severity === "warning").length;
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(files, "file")}\n`;
}

/** Codes of an object that lacks a required field (one field, or one of a group). */
const MISSING_FIELD = new Set(["PIPE3004", "PIPE3005"]);
const UNKNOWN_FIELD = "PIPE2005";

/**
 * Drops follow-on errors: an object said to lack a field (`directoryPath`) whose own block
 * holds a misspelling of it (`directoryPth`) already reported with that suggestion. The cause
 * stays, so an error is never hidden without another error in its place. Source text is used
 * only to tell that the misspelling lies inside the object's block.
 */
export function withoutFollowOns(diags: readonly Diagnostic[], lookup: SourceLookup): Diagnostic[] {
  const causes = diags.filter((d) => d.code === UNKNOWN_FIELD && d.severity === "error" && d.hint?.startsWith("did you mean"));
  if (causes.length === 0) return [...diags];
  const dropped = new Set<Diagnostic>();
  for (const cause of causes) {
    const suggested = /did you mean `([^`]+)`/.exec(cause.hint ?? "")?.[1];
    const text = lookup(cause.file)?.text;
    if (suggested === undefined || text === undefined) continue;
    // The nearest missing-field error before the misspelling, in the same block.
    const candidates = diags.filter((d) => MISSING_FIELD.has(d.code) && d.file === cause.file && !dropped.has(d) && d.span.end <= cause.span.start && d.message.includes(`\`${suggested}\``));
    const follow = candidates.sort((a, b) => b.span.start - a.span.start)[0];
    if (follow && insideOneBlock(text, follow.span.end, cause.span.start)) dropped.add(follow);
  }
  return diags.filter((d) => !dropped.has(d));
}

/** True when the text from `from` to `to` opens a block and does not close it (strings skipped). */
function insideOneBlock(text: string, from: number, to: number): boolean {
  let depth = 0;
  let opened = false;
  let quote = "";
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"') quote = c;
    else if (c === "{") {
      depth++;
      opened = true;
    } else if (c === "}") {
      depth--;
      if (depth <= 0) return false;
    }
  }
  return opened && depth > 0;
}
