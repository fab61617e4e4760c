/**
 * Codes of the importer (definition JSON -> .pipe), in the Data Pipeline band (PIPE515x-516x),
 * and the tool band for the check of its own output (PIPE9007).
 * `IMPORT_CODES` is joined into the catalog for `pipec explain`.
 */
import { defineCodes, type DiagnosticExtras } from "../diagnostics/codes.ts";
import type { CodeInfo, Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Span } from "../source/source.ts";

const table = {
  PIPE5150: { name: "json-syntax-error", severity: "error", summary: "The definition file is not readable JSON at this point." },
  PIPE5151: {
    name: "json-trailing-comma",
    severity: "warning",
    summary: "A comma before `]` or `}`: accepted by the importer, rejected by the AWS CLI.",
  },
  PIPE5152: {
    name: "json-raw-line-break",
    severity: "warning",
    summary: "A raw line break or control character inside a JSON string: read as written, rejected by the AWS CLI.",
  },
  PIPE5153: {
    name: "json-duplicate-key",
    severity: "warning",
    summary: "A key repeated inside one JSON object.",
    explanation:
      "The AWS CLI keeps only the last occurrence, silently dropping the others. In a definition object the importer keeps every occurrence as one list field (the guide uses repeated keys for repeatable fields such as `step`); elsewhere the last occurrence wins.",
  },
  PIPE5154: { name: "json-comment", severity: "warning", summary: "A comment in a JSON definition file: skipped, rejected by the AWS CLI." },
  PIPE5155: {
    name: "not-a-definition",
    severity: "error",
    summary: "The JSON is not a pipeline definition (no `objects` or `pipelineObjects` array).",
  },
  PIPE5156: { name: "missing-id", severity: "error", summary: "A pipeline object or parameter without an `id`; it is not imported." },
  PIPE5157: {
    name: "non-string-value",
    severity: "warning",
    summary: "A field value that is not a string or a `{\"ref\": ...}` reference.",
    explanation: "Every Data Pipeline value is a string. Numbers and booleans are imported as their text; other values (null, nested arrays, objects) are dropped.",
  },
  PIPE5158: { name: "ignored-key", severity: "warning", summary: "A top-level key that the AWS CLI ignores; it is not imported." },
  PIPE5159: {
    name: "unreadable-expression",
    severity: "warning",
    summary: "A `#{...}` that is not a valid expression; it is imported as literal text (`\\#{...}`).",
  },
  PIPE5160: { name: "cannot-represent", severity: "error", summary: "A name or value that `.pipe` cannot represent; it is not imported." },
  PIPE5161: { name: "duplicate-object-id", severity: "warning", summary: "Two pipeline objects share one id." },
  PIPE5163: {
    name: "reference-becomes-text",
    severity: "warning",
    summary: "A `{\"ref\": ...}` that `.pipe` can only write as a word: in a field whose kind is not a reference, or to a missing object in a field the model does not know.",
  },
  PIPE5162: { name: "json-too-deep", severity: "error", summary: "Objects or arrays nested deeper than the importer reads." },
  PIPE9007: {
    name: "import-self-check-failed",
    severity: "error",
    summary: "`pipec import` produced `.pipe` text that does not parse or builds another definition; nothing was written.",
    explanation: [
      "Before it prints or writes anything, `pipec import` reads its own `.pipe` text back and builds",
      "it for Data Pipeline: the text must parse, and the built definition must hold the objects,",
      "fields (in any order), references and parameters of the definition that was read, and the",
      "values file its parameter values. Changes the importer reports (a reference written as a word,",
      "PIPE5163; parts it could not import) are expected. When they differ, the importer has a bug:",
      "nothing is written and the command exits with 2. The message says what differs; please",
      "report it with the definition.",
    ].join("\n"),
  },
} satisfies Record<string, Omit<CodeInfo, "code">>;

export type ImportCode = keyof typeof table;

const defined = defineCodes(table);

export const IMPORT_CODES: readonly CodeInfo[] = defined.codes;

export const importDiagnostic: (code: ImportCode, file: string, span: Span, message: string, extras?: DiagnosticExtras) => Diagnostic = defined.make;
