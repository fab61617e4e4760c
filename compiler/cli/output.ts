/** Chooses a renderer and writes diagnostics. */
import { codeInfo, codeName } from "../catalog.ts";
import { renderSarif } from "../diagnostics/sarif.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { FORMATS, renderConcise, renderGithub, renderJson, renderPretty, summaryLine, withoutFollowOns, type Format, type SourceLookup } from "../diagnostics/render.ts";

declare const PIPEC_VERSION: string | undefined;

export function defaultFormat(): Format {
  return process.env.GITHUB_ACTIONS === "true" ? "github" : "pretty";
}

export function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`unknown format '${value}' (expected one of: ${FORMATS.join(", ")})`);
}

export class UsageError extends Error {}

export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

/**
 * One finding per fact: the same finding reached twice (e.g. once per environment of a build)
 * is shown once, and an error that only follows from a misspelling reported next to it is left out.
 */
export function distinctFindings(diags: readonly Diagnostic[], lookup: SourceLookup): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const key = JSON.stringify([d.code, d.severity, d.file, d.span.start, d.span.end, d.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return withoutFollowOns(out, lookup);
}

export function renderDiagnostics(all: readonly Diagnostic[], format: Format, lookup: SourceLookup, files: number): string {
  const diags = distinctFindings(all, lookup);
  const options = { color: useColor(process.stdout), nameOf: codeName, lookup };
  switch (format) {
    case "json":
      return renderJson(diags, options);
    case "concise":
      return renderConcise(diags, options);
    case "github":
      return renderGithub(diags, options);
    case "sarif":
      return renderSarif(diags, { lookup, infoOf: codeInfo, toolVersion: typeof PIPEC_VERSION === "string" ? PIPEC_VERSION : undefined });
    default:
      return renderPretty(diags, options) + (diags.length > 0 || files > 0 ? summaryLine(diags, files) : "");
  }
}
