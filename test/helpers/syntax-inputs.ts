/** Inputs for the front end's property tests: token soup and mutations of valid files. */
import fc from "fast-check";

export const TOKENS = [
  "pipeline", "param", "default", "true", "false", "S3DataNode", "Schedule", "myParam", "node", "x", "`quoted name`", "`",
  "{", "}", "[", "]", "(", ")", ",", ":", "=", "*", ".", "+", "-", "/", "^", ">", "<", "@", "@scheduledStartTime",
  '"', '"""', "'", '"text"', '"a#<x>b"', '"#<', "#<", "#{", "\\", "\\n", "\\#<", "\\u{41}", "\\u{",
  "42", "-1.5e3", "10 minutes", "1 day", "2026-01-01T00:00:00", "2026-01-01T00:00:00Z",
  "//", "// comment", "/*", "*/", "/* c */", "\n", "\r\n", "\r", " ", "\t", "\uFEFF", "\u0000", "é", "😀", "\uD800",
];

export const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }).map((ts) => ts.join(" "));
export const tokenSoupTight = fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }).map((ts) => ts.join(""));

export const JUNK = ["{", "}", "[", "]", "(", ")", '"', '"""', "`", "#<", "#{", "/*", "*/", ">", "=", ",", ":", "*", "\\", "'", "@", "~", "\u0001", "pipeline x {"];

export type Mutation =
  | { kind: "delete-line"; at: number }
  | { kind: "insert"; at: number; junk: string }
  | { kind: "duplicate"; at: number; length: number }
  | { kind: "truncate"; at: number }
  | { kind: "delete-chars"; at: number; length: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete-line" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), junk: fc.constantFrom(...JUNK) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("delete-chars" as const), at: fc.nat(), length: fc.nat({ max: 5 }) }),
);

export function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case "delete-line": {
      const lines = text.split("\n");
      lines.splice(m.at % Math.max(1, lines.length), 1);
      return lines.join("\n");
    }
    case "insert":
      return text.slice(0, at) + m.junk + text.slice(at);
    case "duplicate":
      return text.slice(0, at) + text.slice(at, at + m.length) + text.slice(at);
    case "truncate":
      return text.slice(0, at);
    case "delete-chars":
      return text.slice(0, at) + text.slice(at + m.length);
  }
}
