/**
 * The `.pipe` parser: one CstParser for the process, error recovery on, LL(3) at most.
 * Rule names match grammar/pipe.ebnf and the CST node names.
 */
import { CstParser, type CstNode, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import * as T from "./tokens.ts";

/**
 * Error messages are built in grammar/syntax-messages.ts from structured data; the parser only
 * records what it expected, what it found and where, as JSON in the exception message.
 */
const structuredMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    return JSON.stringify({ kind: "mismatch", expected: [expected.name], actual: actual.tokenType.name, previous: previous.tokenType?.name, ruleName });
  },
  buildNotAllInputParsedMessage({ firstRedundant, ruleName }) {
    return JSON.stringify({ kind: "redundant", expected: [], actual: firstRedundant.tokenType.name, ruleName });
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, ruleName }) {
    const expected = firstTokens(expectedPathsPerAlt.flat());
    return JSON.stringify({ kind: "noalt", expected, actual: actual[0]?.tokenType.name, previous: previous.tokenType?.name, ruleName });
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, ruleName }) {
    const expected = firstTokens(expectedIterationPaths);
    return JSON.stringify({ kind: "earlyexit", expected, actual: actual[0]?.tokenType.name, previous: previous.tokenType?.name, ruleName });
  },
};

function firstTokens(paths: TokenType[][]): string[] {
  const names = new Set<string>();
  for (const p of paths) if (p.length > 0) names.add(p[0].name);
  return [...names];
}

export class PipeParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: structuredMessages,
      skipValidations: process.env.PIPEC_VALIDATE_GRAMMAR !== "1",
    });
    this.performSelfAnalysis();
  }

  pipeline = this.RULE("pipeline", () => {
    this.CONSUME(T.PipelineKw);
    this.SUBRULE(this.name);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.member));
    this.CONSUME(T.RBrace);
  });

  name = this.RULE("name", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.QuotedIdentifier) }]);
  });

  member = this.RULE("member", () => {
    this.OR([
      { GATE: () => this.LA(2).tokenType !== T.Equals, ALT: () => this.SUBRULE(this.paramDecl) },
      { GATE: () => this.LA(2).tokenType === T.LBrace, ALT: () => this.SUBRULE(this.defaultBlock) },
      { ALT: () => this.SUBRULE(this.objectDecl) },
      { ALT: () => this.SUBRULE(this.field) },
    ]);
  });

  paramDecl = this.RULE("paramDecl", () => {
    this.CONSUME(T.ParamKw);
    this.OPTION(() => this.CONSUME(T.Star));
    this.CONSUME(T.Identifier);
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.name, { LABEL: "type" });
    });
    this.OPTION3(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.value);
    });
    this.OPTION4(() => this.SUBRULE(this.body));
  });

  defaultBlock = this.RULE("defaultBlock", () => {
    this.CONSUME(T.DefaultKw);
    this.SUBRULE(this.body);
  });

  objectDecl = this.RULE("objectDecl", () => {
    this.CONSUME(T.Identifier, { LABEL: "type" });
    this.SUBRULE(this.name);
    this.SUBRULE(this.body);
  });

  body = this.RULE("body", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.field));
    this.CONSUME(T.RBrace);
  });

  field = this.RULE("field", () => {
    this.SUBRULE(this.key);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.value);
  });

  key = this.RULE("key", () => {
    this.OPTION(() => this.CONSUME(T.Star));
    this.CONSUME(T.Word);
  });

  value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.string) },
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.Duration) },
      { ALT: () => this.CONSUME(T.DateTime) },
      { ALT: () => this.CONSUME(T.TrueKw) },
      { ALT: () => this.CONSUME(T.FalseKw) },
      { ALT: () => this.CONSUME(T.Word) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.map) },
    ]);
  });

  list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY({
        GATE: () => this.LA(2).tokenType !== T.RBracket,
        DEF: () => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.value);
        },
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  map = this.RULE("map", () => {
    this.CONSUME(T.LBrace);
    this.OPTION(() => {
      this.SUBRULE(this.mapEntry);
      this.MANY({
        GATE: () => this.LA(2).tokenType !== T.RBrace,
        DEF: () => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.mapEntry);
        },
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  mapEntry = this.RULE("mapEntry", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.SUBRULE(this.string) }]);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.value);
  });

  string = this.RULE("string", () => {
    this.CONSUME(T.StringOpen);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.StringPart) }, { ALT: () => this.SUBRULE(this.interpolation) }]);
    });
    this.OPTION(() => this.CONSUME(T.StringClose));
  });

  interpolation = this.RULE("interpolation", () => {
    this.CONSUME(T.InterpOpen);
    this.OPTION(() => this.SUBRULE(this.expression));
    this.MANY(() => this.SUBRULE(this.exprJunk));
    this.OPTION2(() => this.CONSUME(T.InterpClose));
  });

  /** Tokens left over inside `#<...>` after the expression; reported, never fatal. */
  exprJunk = this.RULE("exprJunk", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.ExprString) },
      { ALT: () => this.CONSUME(T.ExprNumber) },
      { ALT: () => this.CONSUME(T.AtIdentifier) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.Plus) },
      { ALT: () => this.CONSUME(T.Minus) },
      { ALT: () => this.CONSUME(T.Star) },
      { ALT: () => this.CONSUME(T.Slash) },
      { ALT: () => this.CONSUME(T.Caret) },
      { ALT: () => this.CONSUME(T.LParen) },
      { ALT: () => this.CONSUME(T.RParen) },
      { ALT: () => this.CONSUME(T.Comma) },
      { ALT: () => this.CONSUME(T.Dot) },
    ]);
  });

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.power);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      this.SUBRULE2(this.power);
    });
  });

  power = this.RULE("power", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE("unary", () => {
    this.MANY(() => this.CONSUME(T.Minus));
    this.SUBRULE(this.postfix);
  });

  postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.member_));
  });

  /** `.name`, `.@runtime` or `.name(args)` after an operand. */
  member_ = this.RULE("memberAccess", () => {
    this.CONSUME(T.Dot);
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.AtIdentifier) }]);
    this.OPTION(() => this.SUBRULE(this.args));
  });

  primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.ExprNumber) },
      { ALT: () => this.CONSUME(T.ExprString) },
      { ALT: () => this.CONSUME(T.AtIdentifier) },
      {
        ALT: () => {
          this.CONSUME(T.Star);
          this.CONSUME2(T.Identifier);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => this.SUBRULE(this.args));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  args = this.RULE("args", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression);
      });
    });
    this.CONSUME(T.RParen);
  });
}

let instance: PipeParser | undefined;

export function parser(): PipeParser {
  instance ??= new PipeParser();
  return instance;
}

export interface PipelineParse {
  readonly cst: CstNode;
  readonly errors: IRecognitionException[];
}

/** Parses the tokens of one `pipeline` block. */
export function parsePipelineTokens(tokens: IToken[]): PipelineParse {
  const p = parser();
  p.input = tokens;
  const cst = p.pipeline();
  return { cst, errors: [...p.errors] };
}
