import type { CodeInfo, Diagnostic, Fix, RelatedInfo, Severity } from "./diagnostic.ts";
import type { Span } from "../source/source.ts";

/**
 * The code table of the front end. Bands: 0xxx lexer, 1xxx parser, 2xxx names and references,
 * 3xxx types, expressions and schedules, 4xxx graph, 5xxx targets, 6xxx lint rules.
 * Validation and lint rules declare their own codes next to their logic (validate/rules/); the
 * 2xxx-4xxx codes here are those of resolution, for values the IR cannot hold.
 * `compiler/catalog.ts` joins the two for `pipec explain` and docs/diagnostics.md.
 */
const table = {
  // 0xxx: lexer
  PIPE0001: {
    name: "unexpected-character",
    severity: "error",
    summary: "A character that cannot start any token.",
    explanation: "Only identifiers, numbers, strings, punctuation `{ } [ ] ( ) = : , *` and comments may appear outside strings.",
  },
  PIPE0002: {
    name: "unterminated-string",
    severity: "error",
    summary: "A string is not closed before the end of its line.",
    explanation: "A `\"...\"` string must close on the line where it opens. Use a triple-quoted string `\"\"\"...\"\"\"` for text that spans lines.",
  },
  PIPE0003: {
    name: "unterminated-triple-string",
    severity: "error",
    summary: "A triple-quoted string is not closed before the end of the file.",
  },
  PIPE0004: {
    name: "unterminated-block-comment",
    severity: "error",
    summary: "A `/*` comment is not closed before the end of the file.",
  },
  PIPE0005: {
    name: "invalid-escape",
    severity: "error",
    summary: "An escape sequence that the language does not define.",
    explanation: "Strings accept `\\\"`, `\\\\`, `\\n`, `\\r`, `\\t`, `\\u{XXXX}`, `\\uXXXX`, `\\#<` and `\\#{`. Write `\\\\` for a backslash.",
  },
  PIPE0006: {
    name: "unterminated-expression",
    severity: "error",
    summary: "An expression `#<...>` is not closed by `>` before its string ends.",
  },
  PIPE0007: {
    name: "data-pipeline-expression-syntax",
    severity: "error",
    summary: "A Data Pipeline style `#{...}` expression in a `.pipe` string.",
    explanation: "Expressions in `.pipe` files are written `#<...>`; the compiler turns them into `#{...}` for Data Pipeline and JSONata for Step Functions. Write `\\#{` for a literal `#{`.",
  },
  PIPE0008: {
    name: "invalid-character-in-string",
    severity: "error",
    summary: "A control character that AWS does not accept in a field value.",
  },
  PIPE0009: {
    name: "invalid-number",
    severity: "error",
    summary: "A number that cannot be represented.",
  },
  PIPE0010: {
    name: "unterminated-quoted-identifier",
    severity: "error",
    summary: "A backtick-quoted identifier is not closed on its line.",
  },
  // 1xxx: parser
  PIPE1001: { name: "expected-token", severity: "error", summary: "A token the grammar requires at this point is missing." },
  PIPE1002: { name: "unexpected-token", severity: "error", summary: "A token that cannot appear at this point." },
  PIPE1003: { name: "expected-value", severity: "error", summary: "A field has `=` but no value after it." },
  PIPE1004: { name: "expected-field", severity: "error", summary: "Something other than a field inside an object body." },
  PIPE1005: { name: "expected-declaration", severity: "error", summary: "Something other than a declaration inside a pipeline block." },
  PIPE1006: { name: "expected-pipeline", severity: "error", summary: "Something other than a `pipeline` block at the top level of a file." },
  PIPE1007: { name: "unclosed-block", severity: "error", summary: "A `{`, `[` or `(` is not closed." },
  PIPE1008: { name: "expected-expression", severity: "error", summary: "An expression is missing or incomplete inside `#<...>`." },
  PIPE1009: { name: "too-deeply-nested", severity: "error", summary: "Lists, maps or expressions nested deeper than the compiler accepts (64 brackets, 256 operators)." },
  PIPE1010: { name: "too-many-errors", severity: "info", summary: "Further diagnostics of the file were not reported: syntax or JSON errors beyond the first 100, or findings of one rule beyond 100." },
  PIPE1011: { name: "empty-file", severity: "warning", summary: "A `.pipe` file declares no pipeline." },
  // 3xxx: values the resolver cannot take
  PIPE3027: {
    name: "tag-value-not-text",
    severity: "error",
    summary: "A tag value that is not plain text (an expression `#<...>`, a list or a map).",
    explanation: [
      "Pipeline tags are sent as written: Data Pipeline's CreatePipeline and AWS resource tags take",
      "a key and a text value and never evaluate expressions, so a value such as `#<myTeam>` has no",
      "meaning there. The tag is left out and the pipeline is not built.",
      "",
      "```",
      "tags = { team: \"#<myTeam>\" }   // PIPE3027: write the value itself, team: \"data-eng\"",
      "```",
    ].join("\n"),
  },
  // 9xxx: tool
  PIPE9001: { name: "cannot-read-file", severity: "error", summary: "A file could not be read." },
  PIPE9002: { name: "invalid-encoding", severity: "warning", summary: "A file is not valid UTF-8; bad bytes were replaced by U+FFFD." },
  PIPE9003: { name: "internal-error", severity: "error", summary: "The compiler failed on this file; please report it." },
} satisfies Record<string, Omit<CodeInfo, "code">>;

export interface DiagnosticExtras {
  readonly hint?: string;
  readonly fix?: Fix;
  readonly related?: readonly RelatedInfo[];
  readonly severity?: Severity;
}

export type CodeTable = Record<string, Omit<CodeInfo, "code">>;

/**
 * Turns one stage's table of codes into its catalogue entries and a diagnostic builder that
 * takes the table's default severity. Every band (front end, import, targets) defines its codes
 * this way; validation rules carry theirs in their meta.
 */
export function defineCodes<T extends CodeTable>(table: T): {
  readonly codes: readonly CodeInfo[];
  readonly make: (code: keyof T & string, file: string, span: Span, message: string, extras?: DiagnosticExtras) => Diagnostic;
} {
  const codes = Object.entries(table).map(([code, info]) => ({ code, ...info }) as CodeInfo);
  const make = (code: keyof T & string, file: string, span: Span, message: string, extras: DiagnosticExtras = {}): Diagnostic => {
    const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { code, severity: extras.severity ?? table[code].severity, message, file, span };
    if (extras.hint !== undefined) d.hint = extras.hint;
    if (extras.fix !== undefined) d.fix = extras.fix;
    if (extras.related !== undefined) d.related = extras.related;
    return d;
  };
  return { codes, make };
}

export type FrontEndCode = keyof typeof table;

const frontEnd = defineCodes(table);

export const FRONT_END_CODES: readonly CodeInfo[] = frontEnd.codes;

const byCode = new Map<string, CodeInfo>(FRONT_END_CODES.map((c) => [c.code, c]));

export function frontEndCode(code: string): CodeInfo | undefined {
  return byCode.get(code);
}

/** Builds a front-end diagnostic with the table's severity. */
export const diagnostic: (code: FrontEndCode, file: string, span: Span, message: string, extras?: DiagnosticExtras) => Diagnostic = frontEnd.make;
