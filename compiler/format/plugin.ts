/**
 * The Prettier plugin for `.pipe` files: language, parser (our own front end) and printer
 * (print.ts). Comments are placed by print.ts itself (comments.ts), so the printer renders the
 * same doc whether it runs inside Prettier or through the synchronous `printAst`.
 */
import type { Parser, Plugin, Printer, SupportLanguage } from "prettier";
import { parse } from "../ast/parse.ts";
import type { PipeFile } from "../ast/nodes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { SourceFile } from "../source/source.ts";
import { PRINT_WIDTH, printDoc } from "./print.ts";

/** The root handed to Prettier: the file's AST and its text. */
export interface PipeRoot {
  readonly kind: "PipeRoot";
  readonly file: PipeFile;
  readonly text: string;
  readonly span: { readonly start: number; readonly end: number };
}

/** Thrown by the parser when a file has syntax errors: such a file is never reformatted. */
export class PipeSyntaxError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(`the file has ${diagnostics.length} syntax error${diagnostics.length === 1 ? "" : "s"}: ${diagnostics[0]?.message ?? ""}`);
    this.diagnostics = diagnostics;
  }
}

export const languages: SupportLanguage[] = [
  { name: "pipe", parsers: ["pipe"], extensions: [".pipe"] },
];

const locStart = (node: { span: { start: number } }): number => node.span.start;
const locEnd = (node: { span: { end: number } }): number => node.span.end;

export const parsers: Record<string, Parser<PipeRoot>> = {
  pipe: {
    astFormat: "pipe",
    locStart,
    locEnd,
    parse(text: string, options: { filepath?: string }): PipeRoot {
      const { ast, diagnostics } = parse(new SourceFile(options.filepath ?? "<stdin>", text));
      const errors = diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) throw new PipeSyntaxError(errors);
      return { kind: "PipeRoot", file: ast, text, span: { start: 0, end: text.length } };
    },
  },
};

export const printers: Record<string, Printer<PipeRoot>> = {
  pipe: {
    print(path) {
      const root = path.node;
      return printDoc(root.file, { text: root.text });
    },
  },
};

export const defaultOptions = { printWidth: PRINT_WIDTH, tabWidth: 2, useTabs: false };

const plugin: Plugin<PipeRoot> = { languages, parsers, printers, defaultOptions };
export default plugin;
