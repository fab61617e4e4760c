/** `pipec check [--format F] <files|dirs>` */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isDefinitionPath } from "../compile.ts";
import { checkFile } from "../config/check-file.ts";
import { ConfigLoader } from "../config/config.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import { SourceFile } from "../source/source.ts";
import { errorExitCode, findFiles, readText } from "./files.ts";
import { renderDiagnostics, UsageError } from "./output.ts";
import type { Format } from "../diagnostics/render.ts";

export interface CheckOptions {
  readonly format: Format;
  /** Apply the fixes of the findings and rewrite the files. */
  readonly fix?: boolean;
}

/** Returns the exit code: 0 clean, 1 errors, 2 usage or internal failure. */
export function runCheck(paths: readonly string[], options: CheckOptions): number {
  if (paths.length === 0) throw new UsageError("pipec check needs at least one file or directory");
  // Directories are searched for .pipe sources and definition JSON (other .json files are skipped).
  const found = findFiles(paths, [".pipe", ".json"]);
  const missing = found.missing;
  const named = new Set(paths.map((p) => resolve(p)));
  const files = found.files.filter((f) => !isDefinitionPath(f) || named.has(resolve(f)) || looksLikeDefinition(f));
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  let internal = false;
  const configs = new ConfigLoader();
  // A path that does not exist is a usage error (exit 2); the paths that do exist are still checked.
  for (const m of missing) process.stderr.write(`pipec: cannot read '${m}': no such file or directory\n`);
  if (files.length === 0 && missing.length === 0) {
    process.stderr.write(`pipec: no .pipe files in ${paths.map((p) => `'${p}'`).join(", ")}\n`);
    return 2;
  }
  for (const file of files) {
    let text: string;
    try {
      const read = readText(file);
      text = read.text;
      if (!read.validUtf8) {
        diagnostics.push(diagnostic("PIPE9002", file, { start: 0, end: 0 }, "the file is not valid UTF-8; invalid bytes were read as U+FFFD"));
      }
    } catch (e) {
      diagnostics.push(diagnostic("PIPE9001", file, { start: 0, end: 0 }, `cannot read '${file}': ${(e as Error).message}`));
      continue;
    }
    try {
      const result = checkFile(file, text, configs, { fix: options.fix });
      sources.set(file, result.source);
      diagnostics.push(...result.diagnostics);
      if (result.fixed > 0) process.stderr.write(`fixed ${result.fixed} problem${result.fixed === 1 ? "" : "s"} in ${file}\n`);
    } catch (e) {
      internal = true;
      sources.set(file, new SourceFile(file, text));
      diagnostics.push(diagnostic("PIPE9003", file, { start: 0, end: 0 }, `internal error while checking this file: ${(e as Error).message}`));
    }
  }
  diagnostics.push(...configs.diagnostics);
  for (const [path, src] of configs.sources) sources.set(path, src);
  diagnostics.sort(compareDiagnostics);
  process.stdout.write(renderDiagnostics(diagnostics, options.format, (f) => sources.get(f), files.length));
  // A rule or stage that failed (PIPE9003) is an internal failure; a path that does not exist or
  // a file that cannot be read (PIPE9001) is a file-system failure.
  if (internal || missing.length > 0 || errorExitCode(diagnostics) === 2) return 2;
  return diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

/** A `.json` file found in a directory is checked when it holds pipeline objects (either form). */
function looksLikeDefinition(file: string): boolean {
  try {
    return /"(?:objects|pipelineObjects)"\s*:/.test(readFileSync(file, "utf8"));
  } catch {
    return true; // reported when it is read
  }
}
