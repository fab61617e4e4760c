/** The lexer's error tokens -> coded diagnostics (one per mistake; runs of unknown characters are one). */
import type { IToken } from "chevrotain";
import type { LexResult } from "../../grammar/lexer.ts";
import { code } from "../../grammar/syntax-messages.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Span } from "../source/source.ts";
import { tokEnd } from "./tokens.ts";
import { Identifier } from "../../grammar/tokens.ts";

/** Syntax errors reported per file before the rest are summarised (PIPE1010). */
export const MAX_SYNTAX_ERRORS = 100;

export interface LexerFindings {
  /** The first MAX_SYNTAX_ERRORS findings (the rest are only counted, in `dropped`). */
  readonly diagnostics: Diagnostic[];
  /** Findings beyond the first MAX_SYNTAX_ERRORS, not kept. */
  readonly dropped: number;
  /** Start offsets of all findings, kept or not, sorted. */
  readonly starts: number[];
  /** Backtick names without their closing backtick: still names for the parser. */
  readonly unclosedNames: IToken[] | undefined;
  /** Names with `-` or `.` (reported): one name token each, replacing the tokens they cover. */
  readonly joinedNames: IToken[] | undefined;
}

export function lexerDiagnostics(lexed: LexResult, text: string, file: string): LexerFindings {
  const diagnostics: Diagnostic[] = [];
  const starts: number[] = [];
  let dropped = 0;
  // Capped as they are found: a file of nothing but bad characters holds one finding per run.
  const add = (d: Diagnostic): void => {
    starts.push(d.span.start);
    if (diagnostics.length < MAX_SYNTAX_ERRORS) diagnostics.push(d);
    else dropped++;
  };
  let run: { start: number; end: number; expr: boolean } | undefined;
  const joined: IToken[] = [];
  const names = new JoinedNames(text);
  const flushRun = (): void => {
    if (!run) return;
    const chars = text.slice(run.start, run.end);
    const name = run.expr ? undefined : names.around(run.start, run.end);
    if (name) {
      // `Failure-Alarm`, `my.bucket`: one name for the parser, one error (for the whole name).
      if (joined.at(-1)?.startOffset !== name.start) {
        const image = text.slice(name.start, name.end);
        joined.push({ image, startOffset: name.start, endOffset: name.end - 1, tokenType: Identifier, tokenTypeIdx: Identifier.tokenTypeIdx as number } as IToken);
        add(
          diagnostic("PIPE0001", file, name, `${code(image)} is not a plain name: names with \`-\` or \`.\` are written between backticks`, {
            hint: `write ${code(`\`${image}\``)} for a name, or ${code(`"${image}"`)} for text`,
          }),
        );
      }
      run = undefined;
      return;
    }
    add(
      diagnostic("PIPE0001", file, run, run.expr ? `${code(chars)} cannot appear in an expression` : `unexpected character${chars.length > 1 ? "s" : ""} ${code(chars)}`, {
        hint: run.expr
          ? "expressions use names, `@runtime` fields, numbers, quoted strings, `+ - * / ^`, `.` and function calls"
          : chars === ";"
            ? "fields and declarations end at white space; no `;` is needed"
            : undefined,
      }),
    );
    run = undefined;
  };
  let unclosedNames: IToken[] | undefined;
  for (const t of lexed.errorTokens) {
    const name = t.tokenType.name;
    const s: Span = { start: t.startOffset, end: tokEnd(t) };
    if (name === "Unknown" || name === "ExprUnknown") {
      const expr = name === "ExprUnknown";
      if (run && run.end === s.start && run.expr === expr) run.end = s.end;
      else {
        flushRun();
        run = { ...s, expr };
      }
      continue;
    }
    flushRun();
    if (name === "UnterminatedBlockComment") {
      add(diagnostic("PIPE0004", file, { start: s.start, end: s.start + 2 }, "this `/*` comment is not closed with `*/`"));
    } else if (name === "UnterminatedQuotedIdentifier") {
      add(diagnostic("PIPE0010", file, s, "this quoted name is not closed with a backtick", { hint: "names that are not plain identifiers are written between backticks: `My Node-1`" }));
      (unclosedNames ??= []).push(t);
    } else if (name === "SingleQuoted") {
      const closed = t.image.length > 1 && t.image.endsWith("'");
      const inner = closed ? t.image.slice(1, -1) : t.image.slice(1);
      const rewritten = `"${inner.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`;
      add(
        diagnostic("PIPE0001", file, s, "strings are written between double quotes, not single quotes", {
          fix: { description: `rewrite as ${rewritten.length > 40 ? "a double-quoted string" : rewritten}`, edits: [{ span: s, text: rewritten }] },
        }),
      );
    } else if (name === "HashComment") {
      add(
        diagnostic("PIPE0001", file, s, "`#` does not start a comment in .pipe files", {
          hint: "comments are written `// ...` or `/* ... */`",
          fix: { description: "write the comment with //", edits: [{ span: { start: s.start, end: s.start + 1 }, text: "//" }] },
        }),
      );
    } else if (name === "BadDateTime") {
      add(
        diagnostic("PIPE0009", file, s, `${code(t.image)} is not a date-time: write \`YYYY-MM-DDTHH:MM:SS\` in UTC`, {
          hint: "for example `2026-01-01T00:00:00`; a trailing `Z` is allowed, other offsets and fractions of seconds are not",
        }),
      );
    } else if (name === "BadNumber") {
            const unit = /^-?\d+([A-Za-z]+)$/.exec(t.image);
      add(
        diagnostic("PIPE0009", file, s, `${code(t.image)} is not a number${unit ? " or a duration" : ""}`, {
          hint: unit ? "write a space between the number and the unit: `1 day`, `15 minutes`" : "numbers are written `42`, `-7`, `0.25` or `1.5e3`",
        }),
      );
    } else if (name === "ExprUnterminatedString") {
      add(diagnostic("PIPE0002", file, s, `this string is not closed with \`${t.image[0]}\` in the expression`));
    }
  }
  flushRun();
  for (const e of lexed.engineErrors) {
    add(diagnostic("PIPE0001", file, { start: e.offset, end: e.offset + Math.max(1, e.length) }, "unexpected input"));
  }

  return { diagnostics, dropped, starts: starts.sort((a, b) => a - b), unclosedNames, joinedNames: joined.length > 0 ? joined : undefined };
}

const NAME_CHAR = /[A-Za-z0-9_]/;
const RUN_CHAR = /[A-Za-z0-9_.-]/;

/**
 * The name around a run of `-` or `.` between name characters (`Failure-Alarm`, `a.b-c`), or
 * undefined. Only computed for characters the lexer already rejected. Every `-` or `.` of one
 * name is such a run: the name's extent is worked out once and reused for the others, so a
 * name of n parts costs O(n), not O(n^2).
 */
class JoinedNames {
  private readonly text: string;
  /** The last extent scanned (a maximal run of name characters, `-` and `.`) and its name. */
  private extent: { start: number; end: number; name: { start: number; end: number } | undefined } | undefined;

  constructor(text: string) {
    this.text = text;
  }

  around(start: number, end: number): { start: number; end: number } | undefined {
    const text = this.text;
    if (end !== start + 1 || (text[start] !== "-" && text[start] !== ".") || !NAME_CHAR.test(text[start - 1] ?? "") || !NAME_CHAR.test(text[end] ?? "")) return undefined;
    const known = this.extent;
    if (known && known.start <= start && end <= known.end) return known.name;
    let s = start;
    while (s > 0 && RUN_CHAR.test(text[s - 1])) s--;
    let e = end;
    while (e < text.length && RUN_CHAR.test(text[e])) e++;
    const extent = { start: s, end: e, name: undefined as { start: number; end: number } | undefined };
    while (s < e && (text[s] === "-" || text[s] === ".")) s++;
    while (e > s && (text[e - 1] === "-" || text[e - 1] === ".")) e--;
    const word = text.slice(s, e);
    if (/^[A-Za-z_]/.test(word) && !/[-.]{2}/.test(word)) extent.name = { start: s, end: e };
    this.extent = extent;
    return extent.name;
  }
}
