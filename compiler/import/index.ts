/**
 * `importDefinition`: definition JSON (file or API form, lenient JSON) -> `.pipe` AST -> text.
 *
 *   readJson         text -> JSON tree with offsets (warnings for non-strict JSON)
 *   readDefinition   JSON tree -> definition with positions (either form)
 *   definitionToAst  definition -> AST (spans point into the JSON)
 *   order            every object's fields in the canonical order (format/field-order.ts)
 *   printAst         AST -> `.pipe` text (the formatter's printer)
 *   checkImported    the text parses and builds the definition read (round-trip.ts)
 *
 * Parameter values (`values` / `parameterValues`) are not part of a `.pipe` source: they are
 * returned as a values file (`{"values": {...}}`) for `pipec build --values`.
 */
import { CappedDiagnostics } from "./capped.ts";
import type * as A from "../ast/nodes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import { readJson } from "./json.ts";
import { readDefinition, toDefinition, type SourcedDefinition } from "./read-definition.ts";
import { definitionToAst, pipelineNameFromFile } from "./to-ast.ts";
import { printAst } from "../format/print.ts";
import { withCanonicalFieldOrder } from "../format/field-order.ts";
import { checkImported } from "./round-trip.ts";
import type { Definition } from "../emit/datapipeline/definition.ts";

export interface ImportResult {
  /** The AST (spans point into the JSON text); undefined when the JSON is not a definition. */
  readonly ast: A.PipeFile | undefined;
  /** The printed `.pipe` text ("" when there is no AST). */
  readonly text: string;
  /** The parameter values the definition carried, as a values file; undefined when none. */
  readonly valuesFile: string | undefined;
  /** The definition as read (for comparisons). */
  readonly definition: Definition | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Set when the printed text did not parse or built another definition (PIPE9007, round-trip.ts):
   * then `text` and `valuesFile` must not be written.
   */
  readonly selfCheck?: Diagnostic;
}

export interface ImportOptions {
  /** The pipeline's name; derived from the file name when absent. */
  readonly pipelineName?: string;
  /** Prints the AST; the formatter's canonical printer when absent. */
  readonly print?: (ast: A.PipeFile) => string;
  /** Build the printed text back and compare it with the definition read (default true). */
  readonly selfCheck?: boolean;
}

/** Reads a definition as an AST; never throws on user input. */
export function definitionAst(file: string, text: string, options: ImportOptions = {}): { ast: A.PipeFile | undefined; sourced: SourcedDefinition | undefined; diagnostics: Diagnostic[] } {
  const diagnostics = new CappedDiagnostics();
  const json = readJson(file, text);
  for (const d of json.diagnostics) diagnostics.push(d);
  const sourced = readDefinition(file, json.value, diagnostics);
  const ast = sourced ? definitionToAst(file, sourced, options.pipelineName ?? pipelineNameFromFile(file), diagnostics) : undefined;
  return { ast, sourced, diagnostics: diagnostics.done(file, text.length) };
}

export function importDefinition(file: string, text: string, options: ImportOptions = {}): ImportResult {
  const read = definitionAst(file, text, options);
  const { sourced, diagnostics } = read;
  // Fields as a person would lay them out, not in the JSON's order (the definition built from
  // the result has the same fields; only their order in each object differs).
  const ast = read.ast ? withCanonicalFieldOrder(read.ast) : undefined;
  const printed = ast ? (options.print ?? ((a: A.PipeFile) => printAst(a)))(ast) : "";
  let valuesFile: string | undefined;
  if (sourced && sourced.values.length > 0) {
    const values = Object.create(null) as Record<string, string | string[]>;
    for (const v of sourced.values) values[v.id] = v.list || v.values.length !== 1 ? v.values.map((x) => x.value) : v.values[0].value;
    valuesFile = `${JSON.stringify({ values }, null, 2)}\n`;
  }
  const sorted = diagnostics.sort(compareDiagnostics);
  const selfCheck = ast && sourced && options.selfCheck !== false ? checkImported(file, sourced, sorted, printed, valuesFile) : undefined;
  return { ast, text: printed, valuesFile, definition: sourced ? toDefinition(sourced) : undefined, diagnostics: sorted, ...(selfCheck ? { selfCheck } : {}) };
}
