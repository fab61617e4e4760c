/**
 * Names written with `.` or `-` outside backticks (`Failure-Alarm`, `my.bucket`): one PIPE0001
 * for the whole name, however long. The report works out each name once, not once per `.`; the
 * time this takes is measured by `npm run bench:growth` (bench/growth.ts), not here.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../compiler/ast/parse.ts";
import { SourceFile } from "../compiler/source/source.ts";

/** The names the front end reports as "not a plain name", as text. */
function reported(text: string): string[] {
  return parse(new SourceFile("t.pipe", text))
    .diagnostics.filter((d) => d.code === "PIPE0001" && /is not a plain name/.test(d.message))
    .map((d) => text.slice(d.span.start, d.span.end));
}

/**
 * An independent statement of the rule: a maximal run of letters, digits, `_`, `.` and `-`, with
 * `.` and `-` trimmed from both ends, that starts with a letter or `_`, has no two of `.`/`-` in a
 * row, and has a `.` or `-` between name characters.
 */
function expected(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9_.-]+/g)) {
    const word = m[0].replace(/^[.-]+|[.-]+$/g, "");
    if (/^[A-Za-z_]/.test(word) && !/[.-]{2}/.test(word) && /[A-Za-z0-9_][.-][A-Za-z0-9_]/.test(word)) out.push(word);
  }
  return out;
}

describe("names with . or -", () => {
  it("a dotted name of 20,000 parts is one finding covering all of it", () => {
    const name = Array.from({ length: 20_000 }, (_, i) => `x${i}`).join(".");
    expect(reported(`pipeline p {\n  a = ${name}\n}\n`)).toEqual([name]);
    expect(reported(name)).toEqual([name]);
  });

  it("each name is reported once, with its own extent", () => {
    expect(reported("pipeline p {\n  a = Failure-Alarm\n  b = my.bucket.name\n  c = x..y\n}\n")).toEqual(["Failure-Alarm", "my.bucket.name"]);
  });

  it("agrees with the rule on generated runs of name characters, dots and dashes", () => {
    // No digits: `.5` and `-5` are numbers, which the lexer reads before any name rule applies.
    const piece = fc.constantFrom("a", "B", "_", "x2", ".", "-", "..", "x.y", "a-b", " ", "\n");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const value = pieces.join("");
        const text = `pipeline p {\n  a = ${value}\n}\n`;
        const found = reported(text);
        // Where the rule finds names, each is reported (other mistakes on the line may add findings, never these).
        for (const name of expected(value)) expect(found).toContain(name);
        for (const name of found) expect(expected(value)).toContain(name);
      }),
      { numRuns: 300 },
    );
  });
});
