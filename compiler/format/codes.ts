/** Codes of the formatter's own check of its output (the tool band, PIPE9xxx); joined into the catalog. */
import { defineCodes } from "../diagnostics/codes.ts";
import type { CodeInfo, Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Span } from "../source/source.ts";

const table = {
  PIPE9006: {
    name: "format-self-check-failed",
    severity: "error",
    summary: "`pipec fmt` produced text that does not parse or means something else; the file was left as it was.",
    explanation: [
      "Before it prints or writes anything, `pipec fmt` reads its own output back and compares it",
      "with the input: the output must parse, and its syntax tree must equal the input's (layout,",
      "comments and backticks aside; numbers, durations, strings inside `#<...>` and the text of",
      "parameter defaults as written). When they differ, the formatter has a bug: nothing is",
      "written, the file keeps its text, and the command exits with 2. The message says where the",
      "trees differ; please report it with the file.",
    ].join("\n"),
  },
} satisfies Record<string, Omit<CodeInfo, "code">>;

const defined = defineCodes(table);

export const FORMAT_CODES: readonly CodeInfo[] = defined.codes;

export const formatDiagnostic: (code: keyof typeof table, file: string, span: Span, message: string) => Diagnostic = defined.make;
