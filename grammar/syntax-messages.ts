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
  return (Object.hasOwn(TOKEN_WORDS, typeName) ? TOKEN_WORDS[typeName] : undefined) ?? typeName;
}

/**
 * Source text as inline code in a message: shortened, line breaks shown as `\n`, and fenced
 * with double backticks when it holds a backtick itself.
 */
export function code(text: string): string {
  const short = text.length > 30 ? `${text.slice(0, 27)}...` : text;
  const shown = short.replace(/\r\n|\r|\n/g, "\\n");
  return shown.includes("`") ? `\`\` ${shown} \`\`` : `\`${shown}\``;
}

/** A token as written: a complete quoted name is shown as is (it already has its backticks). */
export function show(token: IToken | undefined): string {
  if (!token) return "``";
  const image = token.image;
  if (token.tokenType.name === "QuotedIdentifier" && image.length > 2 && image.length <= 32 && image.endsWith("`") && !image.slice(1, -1).includes("`")) return image;
  return code(image);
}

export function describeFound(token: IToken): string {
  const name = token.tokenType.name;
  if (name === "EOF") return "the end of the file";
  if (name === "StringText" || name === "TripleStringText") return "text";
  if (name === "DoubleQuote" || name === "TripleQuote") return "a string";
  if (name === "StringBreak" || name === "DExprBreak") return "the end of the line";
  return show(token);
}

export interface SyntaxProblem {
  /** PIPE1xxx */
  readonly code: "PIPE1001" | "PIPE1002" | "PIPE1003" | "PIPE1004" | "PIPE1005" | "PIPE1007" | "PIPE1008";
  readonly message: string;
  readonly hint?: string;
  /** Where to point: the offending token, just after the previous one, or at the previous one. */
  readonly at: "token" | "after-previous" | "previous";
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

/** A string where a field name belongs: field names are quoted with backticks. */
function keyHint(t: IToken): { hint?: string } {
  return t.tokenType.name === "DoubleQuote" ? { hint: "field names that are not plain identifiers are quoted with backticks: `my field`" } : {};
}

const CLOSERS = new Set(["RBrace", "RBracket", "RParen"]);

/** What the caller knows around an error, computed only when a message needs it. */
export interface ErrorContext {
  /** The function whose argument list is open at the error, if any. */
  readonly calleeOf?: () => string | undefined;
  /** The token after the offending one. */
  readonly next?: () => IToken | undefined;
  /** What ends the tokens being parsed: the end of the file (default) or the next `pipeline` block. */
  readonly end?: string;
}

/**
 * Explains one recognition error. `previous` is the last token consumed before the error, if
 * any; the caller decides where that puts the diagnostic.
 */
export function explain(e: IRecognitionException, previous: IToken | undefined, context: ErrorContext = {}): SyntaxProblem {
  const r = decode(e);
  const end = context.end ?? "the end of the file";
  const found = e.token.tokenType.name === "EOF" ? end : describeFound(e.token);
  const rules = e.context?.ruleStack ?? [];
  const rule = rules.at(-1) ?? r.ruleName;
  const prev = show(previous);
  const expected = r.expected.map(tokenWords);

  if (r.kind === "mismatch") {
    const want = r.expected[0];
    if (want === "Equals" && rule === "field") {
      return { code: "PIPE1001", at: "after-previous", message: `expected \`=\` after the field name ${prev}, found ${found}` };
    }
    if (want === "Colon" && rule === "mapEntry") {
      return { code: "PIPE1001", at: "after-previous", message: `expected \`:\` after the map key ${prev}, found ${found}` };
    }
    if (want === "LBrace" && rule === "pipeline") {
      return { code: "PIPE1001", at: "after-previous", message: `expected \`{\` to open the body of pipeline ${prev}, found ${found}` };
    }
    if (want === "LBrace" && rule === "body") {
      return { code: "PIPE1001", at: "after-previous", message: `expected \`{\` to open the body after ${prev}, found ${found}` };
    }
    if (want === "Word" && rule === "key") {
      return { code: "PIPE1004", at: "token", message: `expected a field name after \`*\`, found ${found}` };
    }
    if (want === "Comma" && (rule === "list" || rule === "map")) {
      // Recorded by the parser, which then reads on as if the `,` were there.
      return { code: "PIPE1001", at: "after-previous", message: `expected \`,\` between the ${rule === "list" ? "list items" : "map entries"}, found ${found}` };
    }
    if (want && CLOSERS.has(want)) {
      const eof = e.token.tokenType.name === "EOF";
      if ((rule === "body" || rule === "pipeline") && e.token.tokenType.name === "Comma") {
        return { code: "PIPE1002", at: "token", message: "unexpected `,`: fields and declarations are separated by line breaks or spaces, not commas" };
      }
      if (rule === "body" || rule === "pipeline") {
        const after = context.next?.();
        if (rule === "body" && !eof && e.token.tokenType.name === "Identifier" && after !== undefined && /Identifier/.test(after.tokenType.name)) {
          return { code: "PIPE1007", at: "after-previous", message: `\`}\` missing: the block is not closed before the declaration of ${code(`${e.token.image} ${after.image}`)}` };
        }
        if (rule === "body" && !eof && (e.token.tokenType.name === "Param" || e.token.tokenType.name === "Default")) {
          return { code: "PIPE1007", at: "after-previous", message: `\`}\` missing: the block is not closed before ${show(e.token)}` };
        }
        if (eof) {
          return { code: "PIPE1007", at: "after-previous", message: `\`}\` missing: ${rule === "pipeline" ? "the pipeline block" : "the block"} is not closed before ${end}` };
        }
        return rule === "pipeline"
          ? { code: "PIPE1005", at: "token", message: `expected a declaration (\`Type Id { ... }\`, \`param\`, \`default\`), a field or \`}\`, found ${found}` }
          : { code: "PIPE1004", at: "token", message: `expected a field (\`name = value\`) or \`}\`, found ${found}`, ...keyHint(e.token) };
      }
      let where: string;
      if (rule === "list") where = "to close the list";
      else if (rule === "map") where = "to close the map";
      else if (rule === "args") {
        const callee = context.calleeOf?.();
        where = callee ? `to close the call to \`${callee}\`` : "to close the argument list";
      } else where = "to close the parentheses";
      const hint = rule === "args" ? "arguments are separated by `,`" : undefined;
      if (eof) return { code: "PIPE1007", at: "after-previous", message: `expected ${tokenWords(want)} ${where} before ${end}` };
      return { code: "PIPE1001", at: "after-previous", message: `expected ${tokenWords(want)} ${where}, found ${found}`, ...(hint ? { hint } : {}) };
    }
    if (want === "Identifier" && rule === "paramDecl") {
      return { code: "PIPE1001", at: "after-previous", message: `expected the parameter name after \`param\`, found ${found}`, hint: "parameter names start with `my`, e.g. `param myBucket: String`" };
    }
    if (rule === "name") {
      return { code: "PIPE1001", at: "after-previous", message: `expected a name after ${prev}, found ${found}`, hint: "names that are not plain identifiers are quoted with backticks: `My Node-1`" };
    }
    return { code: "PIPE1001", at: "after-previous", message: `expected ${tokenWords(want ?? "")} after ${prev}, found ${found}` };
  }

  if (r.kind === "noalt" || r.kind === "earlyexit") {
    if (rule === "value") {
      return {
        code: "PIPE1003",
        at: "after-previous",
        message: `expected a value after ${prev}, found ${found}`,
        hint: "a value is a string, number, duration (`10 minutes`), date-time, `true`/`false`, a name, a list `[...]` or a map `{ key: value }`",
      };
    }
    if (rule === "member" && e.token.tokenType.name === "Comma") {
      return { code: "PIPE1002", at: "token", message: "unexpected `,`: fields and declarations are separated by line breaks or spaces, not commas" };
    }
    if (rule === "member") {
      const actual = e.token.tokenType.name;
      const after = context.next?.();
      const afterWords = after ? describeFound(after) : end;
      if (actual === "Param") {
        return { code: "PIPE1001", at: "token", message: `expected the parameter name after \`param\`, found ${afterWords}`, hint: "parameters are declared `param myName: Type = default`" };
      }
      if (actual === "Identifier" || actual === "QuotedIdentifier" || actual === "Default" || actual === "Pipeline") {
        // Types are capitalised (`S3DataNode`), fields are not (`tags`): `tags { ... }` lacks its `=`.
        if (after?.tokenType.name === "LBrace" && !/^[a-z_]/.test(e.token.image)) {
          return { code: "PIPE1001", at: "token", message: `expected an id after the type ${show(e.token)}, found \`{\``, hint: `objects are declared \`${e.token.image} Id { ... }\`` };
        }
        return { code: "PIPE1001", at: "token", message: `expected \`=\` after the field name ${show(e.token)}, found ${afterWords}` };
      }
      return { code: "PIPE1005", at: "token", message: `expected a declaration (\`Type Id { ... }\`, \`param\`, \`default\`) or a field, found ${found}` };
    }
    if (rule === "name") {
      return { code: "PIPE1001", at: "after-previous", message: `expected a name after ${prev}, found ${found}`, hint: "names that are not plain identifiers are quoted with backticks: `My Node-1`" };
    }
    if (rule === "field" && r.expected.includes("Equals")) {
      return { code: "PIPE1001", at: "after-previous", message: `expected \`=\` after the field name ${prev}, found ${found}` };
    }
    if (rule === "mapEntry" && r.expected.includes("Colon")) {
      return { code: "PIPE1001", at: "after-previous", message: `expected \`:\` after the map key ${prev}, found ${found}` };
    }
    if (rule === "mapEntry") {
      return { code: "PIPE1001", at: "token", message: `expected a map key (a name or a string), found ${found}` };
    }
    if (rule === "memberAccess") {
      return { code: "PIPE1008", at: "token", message: `expected a field name, a runtime field or a function after \`.\`, found ${found}` };
    }
    if (["primary", "unary", "postfix", "power", "multiplicative", "expression", "memberAccess", "args"].includes(rule)) {
      return { code: "PIPE1008", at: "token", message: `expected an operand in the expression after ${prev}, found ${found}` };
    }
    return { code: "PIPE1002", at: "token", message: `expected ${list(expected)}, found ${found}` };
  }

  // Input after the end of the block (kind "redundant").
  if (e.token.tokenType.name === "RBrace") return { code: "PIPE1002", at: "token", message: "this `}` closes nothing: the blocks before it are already closed" };
  if (previous?.tokenType.name === "RBrace") {
    return { code: "PIPE1002", at: "previous", message: "this `}` ends the pipeline block, but the block goes on after it", hint: "remove the extra `}` here or before" };
  }
  return { code: "PIPE1002", at: "token", message: `unexpected ${found} after the end of the pipeline block` };
}
