/** Chooses a renderer and writes diagnostics. */
import { codeInfo, codeName } from "../catalog.ts";
import { renderSarif } from "../diagnostics/sarif.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { FORMATS, renderConcise, renderGithub, renderJson, renderPretty, summaryLine, type Format, type SourceLookup } from "../diagnostics/render.ts";

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

export function renderDiagnostics(diags: readonly Diagnostic[], format: Format, lookup: SourceLookup, files: number): string {
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
