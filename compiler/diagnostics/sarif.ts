/**
 * SARIF 2.1.0 output (for code scanning in CI): one run, the rules that fired with their
 * documentation, and one result per diagnostic with its region, fix and related locations.
 * Deterministic: rules sorted by code, results in the diagnostics' order, no time stamps.
 */
import type { CodeInfo, Diagnostic, Severity } from "./diagnostic.ts";
import type { SourceLookup } from "./render.ts";
import type { Span } from "../source/source.ts";

export interface SarifOptions {
  readonly lookup: SourceLookup;
  /** Describes a code (name, summary, explanation, default severity). */
  readonly infoOf: (code: string) => CodeInfo | undefined;
  readonly toolVersion?: string;
}

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/** A file path as a relative URI reference (forward slashes, percent-encoded). */
export function fileUri(path: string): string {
  const p = path.replace(/\\/g, "/");
  const abs = p.startsWith("/");
  const encoded = p
    .split("/")
    .map((seg) => encodeURIComponent(seg))
    .join("/");
  return abs ? `file://${encoded}` : encoded;
}

function region(lookup: SourceLookup, file: string, span: Span): Record<string, number> {
  const src = lookup(file);
  if (!src) return { startLine: 1, startColumn: 1, charOffset: span.start, charLength: Math.max(0, span.end - span.start) };
  // The range is clamped into the file: a span may end just past it (at an unexpected end of input).
  const r = src.range(span);
  return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column, charOffset: r.start.offset, charLength: Math.max(0, r.end.offset - r.start.offset) };
}

function location(lookup: SourceLookup, file: string, span: Span): object {
  return { physicalLocation: { artifactLocation: { uri: fileUri(file) }, region: region(lookup, file, span) } };
}

export function renderSarif(diags: readonly Diagnostic[], o: SarifOptions): string {
  const codes = [...new Set(diags.map((d) => d.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const rules = codes.map((code) => {
    const info = o.infoOf(code);
    const rule: Record<string, unknown> = { id: code };
    if (info) {
      rule.name = info.name;
      rule.shortDescription = { text: info.summary };
      if (info.explanation) {
        rule.fullDescription = { text: info.explanation };
        rule.help = { text: info.explanation, markdown: info.explanation };
      }
      rule.defaultConfiguration = { level: LEVEL[info.severity] };
    }
    return rule;
  });
  const results = diags.map((d) => {
    const result: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: LEVEL[d.severity],
      message: { text: d.hint ? `${d.message}\n${d.hint}` : d.message },
      locations: [location(o.lookup, d.file, d.span)],
    };
    if (d.related?.length) {
      result.relatedLocations = d.related.map((r, i) => ({ id: i, ...location(o.lookup, r.file, r.span), message: { text: r.message } }));
    }
    if (d.fix) {
      result.fixes = [
        {
          description: { text: d.fix.description },
          artifactChanges: [
            {
              artifactLocation: { uri: fileUri(d.file) },
              replacements: d.fix.edits.map((e) => ({ deletedRegion: region(o.lookup, d.file, e.span), insertedContent: { text: e.text } })),
            },
          ],
        },
      ];
    }
    return result;
  });
  const driver: Record<string, unknown> = { name: "pipec", rules };
  if (o.toolVersion) driver.version = o.toolVersion;
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver }, columnKind: "utf16CodeUnits", results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
