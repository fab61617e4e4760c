/**
 * Formatting entry points. `formatSource` drives Prettier with the `.pipe` plugin (Prettier is
 * imported lazily); `printAst` (print.ts) prints an AST synchronously with the same printer.
 */
import { parse } from "../ast/parse.ts";
import type { PipeFile } from "../ast/nodes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { SourceFile } from "../source/source.ts";
import { PRINT_WIDTH, printAst, type PrintOptions } from "./print.ts";

export { printAst, printDoc, PRINT_WIDTH } from "./print.ts";

export interface FormatResult {
  /** The formatted text; undefined when the file has syntax errors (it is then left alone). */
  readonly formatted: string | undefined;
  /** Syntax diagnostics of the input (errors mean nothing was formatted). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Formats `.pipe` text through Prettier's API. Never throws on user input. */
export async function formatSource(text: string, path: string): Promise<FormatResult> {
  const { diagnostics } = parse(new SourceFile(path, text));
  if (diagnostics.some((d) => d.severity === "error")) return { formatted: undefined, diagnostics };
  const [prettier, plugin] = await Promise.all([import("prettier"), import("./plugin.ts")]);
  const formatted = await prettier.format(text, { parser: "pipe", plugins: [plugin.default], filepath: path, printWidth: PRINT_WIDTH, tabWidth: 2, useTabs: false, endOfLine: "lf" });
  return { formatted, diagnostics };
}

/** Prints an AST and formats the result through Prettier (the asynchronous twin of `printAst`). */
export async function formatAst(ast: PipeFile, options: PrintOptions = {}): Promise<string> {
  const text = printAst(ast, options);
  const r = await formatSource(text, "ast.pipe");
  return r.formatted ?? text;
}
