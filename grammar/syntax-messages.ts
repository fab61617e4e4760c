/**
 * Chevrotain recognition errors -> coded diagnostics with messages in words.
 * The parser records structured data in each exception's message (see parser.ts).
 */
import type { IRecognitionException, IToken } from "chevrotain";

/** How a token is named in messages. */
const TOKEN_WORDS: Record<string, string> = {
  LBrace: "`{`",
  RBrace: "`}`",
  LBracket: "`[`",
  RBracket: "`]`",
  LParen: "`(`",
  RParen: "`)`",
  Comma: "`,`",
  Colon: "`:`",
  Equals: "`=`",
  Star: "`*`",
  Identifier: "a name",
  QuotedIdentifier: "a quoted name",
  Word: "a name",
  Pipeline: "`pipeline`",
  Param: "`param`",
  Default: "`default`",
  True: "`true`",
  False: "`false`",
  Number: "a number",
  Duration: "a duration",
  DateTime: "a date-time",
  StringOpen: "a string",
  DoubleQuote: "a string",
  TripleQuote: "a string",
  StringClose: "the end of the string",
  InterpClose: "`>`",
  InterpOpen: "`#<`",
  ExprNumber: "a number",
  ExprString: "a string",
  AtIdentifier: "a runtime field such as `@scheduledStartTime`",
  Plus: "`+`",
  Minus: "`-`",
  Slash: "`/`",
  Caret: "`^`",
  Dot: "`.`",
  EOF: "the end of the file",
};

export function tokenWords(typeName: string): string {
  return TOKEN_WORDS[typeName] ?? typeName;
}

export function describeFound(token: IToken): string {
  const name = token.tokenType.name;
  if (name === "EOF") return "the end of the file";
  const image = token.image.length > 30 ? `${token.image.slice(0, 27)}...` : token.image;
  if (name === "StringText" || name === "TripleStringText") return "text";
  return `\`${image.replace(/\r?\n/g, "\\n")}\``;
}

export interface SyntaxProblem {
  /** PIPE1xxx */
  readonly code: "PIPE1001" | "PIPE1002" | "PIPE1003" | "PIPE1004" | "PIPE1005" | "PIPE1007" | "PIPE1008";
  readonly message: string;
  readonly hint?: string;
  /** Where to point: the offending token, or just after the previous one when that reads better. */
  readonly at: "token" | "after-previous";
}

interface Recorded {
  kind: "mismatch" | "redundant" | "noalt" | "earlyexit";
  expected: string[];
  actual?: string;
  previous?: string;
  ruleName: string;
}

function decode(e: IRecognitionException): Recorded {
  try {
    return JSON.parse(e.message) as Recorded;
  } catch {
    return { kind: "noalt", expected: [], ruleName: e.context?.ruleStack?.at(-1) ?? "" };
  }
}

function list(words: string[]): string {
  const uniq = [...new Set(words)];
  if (uniq.length <= 1) return uniq[0] ?? "something else";
  return `${uniq.slice(0, -1).join(", ")} or ${uniq.at(-1)}`;
}

const CLOSERS = new Set(["RBrace", "RBracket", "RParen"]);

/**
 * Explains one recognition error. `previous` is the last token consumed before the error, if
 * any; the caller decides where that puts the diagnostic.
 */
export function explain(e: IRecognitionException, previous: IToken | undefined): SyntaxProblem {
  const r = decode(e);
  const found = describeFound(e.token);
  const rules = e.context?.ruleStack ?? [];
  const rule = rules.at(-1) ?? r.ruleName;
  const prevImage = previous?.image ?? "";
  const expected = r.expected.map(tokenWords);

  if (r.kind === "mismatch") {
    const want = r.expected[0];
    if (want === "Equals" && rule === "field") {
      return { code: "PIPE1001", at: "after-previous", message: `expected \`=\` after the field name \`${prevImage}\`, found ${found}` };
    }
    if (want === "Colon" && rule === "mapEntry") {
      return { code: "PIPE1001", at: "after-previous", message: `expected \`:\` after the map key \`${prevImage}\`, found ${found}` };
    }
    if (want === "LBrace" && rule === "pipeline") {
      return { code: "PIPE1001", at: "after-previous", message: `expected \`{\` to open the body of pipeline \`${prevImage}\`, found ${found}` };
    }
    if (want === "LBrace" && rule === "body") {
      return { code: "PIPE1001", at: "after-previous", message: `expected \`{\` to open the body after \`${prevImage}\`, found ${found}` };
    }
    if (want === "Word" && rule === "key") {
      return { code: "PIPE1004", at: "token", message: `expected a field name after \`*\`, found ${found}` };
    }
    if (want && CLOSERS.has(want)) {
      const where = rule === "list" ? "the list" : rule === "map" ? "the map" : rule === "args" || rule === "primary" ? "the parentheses" : rule === "pipeline" ? "the pipeline block" : "the block";
      const inBody = rule === "body" || rule === "pipeline";
      return {
        code: e.token.tokenType.name === "EOF" ? "PIPE1007" : inBody ? (rule === "pipeline" ? "PIPE1005" : "PIPE1004") : "PIPE1001",
        at: e.token.tokenType.name === "EOF" ? "after-previous" : "token",
        message:
          e.token.tokenType.name === "EOF"
            ? `${tokenWords(want)} missing: ${where} is not closed before the end of the file`
            : inBody
              ? rule === "pipeline"
                ? `expected a declaration (\`Type Id { ... }\`, \`param\`, \`default\`) or a field, found ${found}`
                : `expected a field (\`name = value\`) or \`}\`, found ${found}`
              : `expected ${list([tokenWords(want), ...(rule === "list" || rule === "map" ? ["`,`"] : [])])} in ${where}, found ${found}`,
      };
    }
    if (want === "Identifier" && rule === "paramDecl") {
      return { code: "PIPE1001", at: "after-previous", message: `expected the parameter name after \`param\`, found ${found}`, hint: "parameter names start with `my`, e.g. `param myBucket: String`" };
    }
    if (rule === "name") {
      return { code: "PIPE1001", at: "after-previous", message: `expected a name after \`${prevImage}\`, found ${found}`, hint: "names that are not plain identifiers are quoted with backticks: `My Node-1`" };
    }
    return { code: "PIPE1001", at: "after-previous", message: `expected ${tokenWords(want ?? "")} after \`${prevImage}\`, found ${found}` };
  }

  if (r.kind === "noalt" || r.kind === "earlyexit") {
    if (rule === "value") {
      return {
        code: "PIPE1003",
        at: "after-previous",
        message: `expected a value after \`${prevImage}\`, found ${found}`,
        hint: "a value is a string, number, duration (`10 minutes`), date-time, `true`/`false`, a name, a list `[...]` or a map `{ key: value }`",
      };
    }
    if (rule === "member") {
      return { code: "PIPE1005", at: "token", message: `expected a declaration (\`Type Id { ... }\`, \`param\`, \`default\`) or a field, found ${found}` };
    }
    if (rule === "name") {
      return { code: "PIPE1001", at: "after-previous", message: `expected a name after \`${prevImage}\`, found ${found}`, hint: "names that are not plain identifiers are quoted with backticks: `My Node-1`" };
    }
    if (rule === "mapEntry") {
      return { code: "PIPE1001", at: "token", message: `expected a map key (a name or a string), found ${found}` };
    }
    if (["primary", "unary", "postfix", "power", "multiplicative", "expression", "memberAccess", "args"].includes(rule)) {
      return { code: "PIPE1008", at: "token", message: `expected an operand in the expression after \`${prevImage}\`, found ${found}` };
    }
    return { code: "PIPE1002", at: "token", message: `expected ${list(expected)}, found ${found}` };
  }

  return { code: "PIPE1002", at: "token", message: `unexpected ${found}` };
}
