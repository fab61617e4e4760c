/**
 * `pipec import <definition.json> [-o out.pipe [--force]] [--name NAME]`
 *
 * Reads a Data Pipeline definition (file or API form; trailing commas, raw line breaks and
 * duplicate keys are accepted with warnings) and prints it as formatted `.pipe`. Parameter
 * values carried by the definition are written next to the output as `<out>.values.json`
 * (`{"values": {...}}`, read back by `pipec build --values`). Diagnostics go to stderr.
 * Existing output files are replaced only with --force; both files are written or neither.
 * Exit 0 (warnings allowed), 1 when part of the definition could not be imported, 2 usage, or
 * when the `.pipe` text failed the importer's own check (PIPE9007: nothing is written).
 */
import { existsSync } from "node:fs";
import { SourceFile } from "../source/source.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Format } from "../diagnostics/render.ts";
import { readText, writeSet } from "./files.ts";
import { renderDiagnostics, UsageError } from "./output.ts";

export interface ImportOptions {
  readonly output?: string;
  readonly name?: string;
  /** Replace existing output files. */
  readonly force?: boolean;
  readonly format: Format;
}

export async function runImport(file: string, options: ImportOptions): Promise<number> {
  if (options.name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.name)) {
    throw new UsageError(`'${options.name}' is not a pipeline name (letters, digits and _)`);
  }
  const valuesPath = options.output !== undefined ? options.output.replace(/\.pipe$/, "") + ".values.json" : undefined;
  if (options.output !== undefined && !options.force && existsSync(options.output)) {
    throw new UsageError(`'${options.output}' already exists; pass --force to replace it`);
  }
  let text: string;
  try {
    text = readText(file).text;
  } catch (e) {
    const d = diagnostic("PIPE9001", file, { start: 0, end: 0 }, `cannot read '${file}': ${(e as Error).message}`);
    process.stderr.write(renderDiagnostics([d], options.format, () => undefined, 1));
    return 2;
  }
  const { importDefinition } = await import("../import/index.ts");
  const result = importDefinition(file, text, options.name !== undefined ? { pipelineName: options.name } : {});
  const source = new SourceFile(file, text);
  if (result.diagnostics.length > 0) process.stderr.write(renderDiagnostics(result.diagnostics, options.format, (f) => (f === file ? source : undefined), 1));
  if (result.ast === undefined) return 1;
  if (result.selfCheck) {
    // The importer's own output failed its check: nothing is printed or written.
    process.stderr.write(renderDiagnostics([result.selfCheck], options.format, (f) => (f === file ? source : undefined), 1));
    return 2;
  }
  if (options.output !== undefined && valuesPath !== undefined) {
    if (!options.force && result.valuesFile !== undefined && existsSync(valuesPath)) {
      throw new UsageError(`'${valuesPath}' already exists; pass --force to replace it`);
    }
    // The .pipe and its values file land together or not at all.
    writeSet([{ target: options.output, text: result.text }, ...(result.valuesFile !== undefined ? [{ target: valuesPath, text: result.valuesFile }] : [])]);
    if (result.valuesFile !== undefined) {
      process.stderr.write(`pipec: the definition's parameter values were written to ${valuesPath}; build with:\n  pipec build ${options.output} --target datapipeline --values ${valuesPath}\n`);
    }
  } else {
    process.stdout.write(result.text);
    if (result.valuesFile !== undefined) {
      process.stderr.write("pipec: the definition carries parameter values; use -o FILE to keep them in FILE.values.json\n");
    }
  }
  return result.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}
