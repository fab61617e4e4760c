/**
 * Formatting entry points. `formatSource` drives Prettier with the `.pipe` plugin (Prettier is
 * imported lazily); `printAst` (print.ts) prints an AST synchronously with the same printer.
 */
import { parse } from "../ast/parse.ts";
import type { PipeFile } from "../ast/nodes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { SourceFile } from "../source/source.ts";
import { formatDiagnostic } from "./codes.ts";
import { PRINT_WIDTH, printAst, type PrintOptions } from "./print.ts";
import { meaningDifference } from "./same-meaning.ts";

export { printAst, printDoc, PRINT_WIDTH } from "./print.ts";

export interface FormatResult {
  /** The formatted text; undefined when the file has syntax errors or the output failed its check (it is then left alone). */
  readonly formatted: string | undefined;
  /** Syntax diagnostics of the input (errors mean nothing was formatted). */
  readonly diagnostics: readonly Diagnostic[];
  /** Set when the formatted text did not parse or meant something else (PIPE9006): nothing may be written. */
  readonly selfCheck?: Diagnostic;
}

export interface FormatOptions {
  /** Read the output back and compare it with the input (default true). */
  readonly selfCheck?: boolean;
}

/**
 * Formats `.pipe` text through Prettier's API, then reads the result back: it must parse and
 * mean the same as the input (same-meaning.ts), or the result is refused (PIPE9006). The
 * input's tree is parsed once and handed to the plugin. Never throws on user input.
 */
export async function formatSource(text: string, path: string, options: FormatOptions = {}): Promise<FormatResult> {
  const { ast, diagnostics } = parse(new SourceFile(path, text));
  if (diagnostics.some((d) => d.severity === "error")) return { formatted: undefined, diagnostics };
  const [prettier, plugin] = await Promise.all([import("prettier"), import("./plugin.ts")]);
  const formatted = await plugin.withParsed(text, ast, () =>
    prettier.format(text, { parser: "pipe", plugins: [plugin.default], filepath: path, printWidth: PRINT_WIDTH, tabWidth: 2, useTabs: false, endOfLine: "lf" }),
  );
  if (options.selfCheck === false) return { formatted, diagnostics };
  const selfCheck = checkFormatted(path, text, ast, formatted);
  if (selfCheck) return { formatted: undefined, diagnostics, selfCheck };
  return { formatted, diagnostics };
}

/** PIPE9006 when `formatted` does not parse or does not mean what `ast` (parsed from `text`) means. */
export function checkFormatted(path: string, text: string, ast: PipeFile, formatted: string): Diagnostic | undefined {
  const back = parse(new SourceFile(path, formatted));
  const error = back.diagnostics.find((d) => d.severity === "error");
  const whole = { start: 0, end: 0 };
  if (error) {
    return formatDiagnostic("PIPE9006", path, whole, `the formatted text would not parse (${error.code}: ${error.message}); the file was not formatted`);
  }
  const diff = meaningDifference({ ast, text }, { ast: back.ast, text: formatted });
  if (diff !== undefined) return formatDiagnostic("PIPE9006", path, whole, `the formatted text would mean something else (${diff}); the file was not formatted`);
  return undefined;
}

/** Prints an AST and formats the result through Prettier (the asynchronous twin of `printAst`). */
export async function formatAst(ast: PipeFile, options: PrintOptions = {}): Promise<string> {
  const text = printAst(ast, options);
  const r = await formatSource(text, "ast.pipe");
  return r.formatted ?? text;
}
