/** `pipec fmt [--write|--check] <files|dirs|->`: canonical formatting through Prettier. */
import { statSync } from "node:fs";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import { SourceFile } from "../source/source.ts";
import { errorExitCode, findFiles, readText, removeStaleTemporaries, writeSet, type SetFile } from "./files.ts";
import { renderDiagnostics, UsageError } from "./output.ts";
import type { Format } from "../diagnostics/render.ts";

export interface FmtOptions {
  readonly write?: boolean;
  readonly check?: boolean;
  readonly format: Format;
}

/**
 * Returns the exit code: 0 done (or already formatted), 1 files would change or have errors, 2
 * usage, or the formatter's check of its own output failed (PIPE9006: then nothing is written
 * or printed, and every file keeps its text).
 */
export async function runFmt(paths: readonly string[], options: FmtOptions): Promise<number> {
  if (options.write && options.check) throw new UsageError("--write and --check cannot be used together");
  if (paths.length === 0) throw new UsageError("pipec fmt needs at least one file or directory, or - for standard input");
  const stdin = paths.includes("-");
  if (stdin && paths.length > 1) throw new UsageError("- (standard input) cannot be combined with other paths");
  if (stdin && options.write) throw new UsageError("--write needs files; standard input is printed to standard output");
  const { formatSource } = await import("../format/index.ts");

  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  const report = (): void => {
    if (diagnostics.length === 0) return;
    diagnostics.sort(compareDiagnostics);
    process.stderr.write(renderDiagnostics(diagnostics, options.format, (f) => sources.get(f), sources.size));
  };

  let files: string[];
  if (stdin) files = ["-"];
  else {
    const found = findFiles(paths, [".pipe"]);
    if (found.missing.length > 0) {
      for (const m of found.missing) process.stderr.write(`pipec: cannot read '${m}': no such file or directory\n`);
      return 2;
    }
    files = found.files;
    const single = paths.length === 1 && files.length === 1 && !statSync(paths[0]).isDirectory();
    if (!options.write && !options.check && !single) {
      throw new UsageError("without --write or --check, pipec fmt prints one file: pass a single file or -");
    }
  }

  let failed = false;
  let refused = false;
  const changed: string[] = [];
  const rewrites: SetFile[] = [];
  for (const file of files) {
    const name = file === "-" ? "<stdin>" : file;
    let text: string;
    try {
      const read = readText(file);
      if (!read.validUtf8) {
        diagnostics.push(diagnostic("PIPE9002", name, { start: 0, end: 0 }, "the file is not valid UTF-8; it was not formatted", { severity: "error" }));
        failed = true;
        continue;
      }
      text = read.text;
    } catch (e) {
      diagnostics.push(diagnostic("PIPE9001", name, { start: 0, end: 0 }, `cannot read '${name}': ${(e as Error).message}`));
      failed = true;
      continue;
    }
    sources.set(name, new SourceFile(name, text));
    const result = await formatSource(text, name);
    if (result.selfCheck) {
      diagnostics.push(result.selfCheck);
      refused = true;
      continue;
    }
    if (result.formatted === undefined) {
      diagnostics.push(...result.diagnostics.filter((d) => d.severity === "error"));
      failed = true;
      continue;
    }
    const differs = result.formatted !== text;
    if (options.check) {
      if (differs) changed.push(name);
    } else if (options.write) {
      if (differs) {
        rewrites.push({ target: file, text: result.formatted });
        changed.push(name);
      }
    } else {
      process.stdout.write(result.formatted);
    }
  }
  // The files that formatted are rewritten together: all of them or, when one cannot be written
  // (or the formatter refused its own output for one of them), none.
  if (refused) {
    report();
    process.stderr.write("pipec: the formatter's output failed its own check (PIPE9006); no file was changed\n");
    return 2;
  }
  if (rewrites.length > 0) writeSet(rewrites);
  // What an interrupted run left beside the files it was rewriting goes now.
  if (options.write) removeStaleTemporaries(files);
  report();
  if (options.check) {
    for (const f of changed) process.stdout.write(`${f}\n`);
    if (changed.length > 0) process.stderr.write(`${changed.length} file${changed.length === 1 ? "" : "s"} would be reformatted (run pipec fmt --write)\n`);
    return failed || changed.length > 0 ? 1 : 0;
  }
  if (options.write) for (const f of changed) process.stdout.write(`formatted ${f}\n`);
  if (failed && errorExitCode(diagnostics) === 2) return 2;
  return failed ? 1 : 0;
}
