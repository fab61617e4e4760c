/**
 * The `.pipe` parser: one CstParser for the process, error recovery on, LL(3) at most.
 * Rule names match grammar/pipe.ebnf and the CST node names.
 */
import { CstParser, EOF as EOF_TYPE, MismatchedTokenException, tokenMatcher, type CstNode, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
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

const OPENERS = new Set<TokenType>([T.LBrace, T.LBracket, T.LParen]);
const CLOSERS = new Set<TokenType>([T.RBrace, T.RBracket, T.RParen]);

/** Tokens that may start a value (used to accept, and report, a missing `,` between items). */
const VALUE_STARTS = new Set<TokenType>([T.DoubleQuote, T.TripleQuote, T.NumberLit, T.Duration, T.DateTime, T.TrueKw, T.FalseKw, T.LBracket, T.LBrace]);

export class PipeParser extends CstParser {
  /** The text being parsed: consulted only while recovering from an error, to see line breaks. */
  text = "";

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
      // `Type { ... }` (an object without its id) is not a field with a map value.
      { GATE: () => this.LA(2).tokenType !== T.LBrace || !/^[A-Z]/.test(this.LA(1).image), ALT: () => this.SUBRULE(this.field) },
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
      // `param myX = word { ... }`: here a `{` after the word opens the parameter's attributes.
      this.SUBRULE(this.value, { ARGS: [true] });
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
    // A declaration (`Type Id {`, `param`, `default {`) ends a body whose `}` is missing.
    this.MANY({ GATE: () => !this.startsDeclaration(), DEF: () => this.SUBRULE(this.field) });
    this.CONSUME(T.RBrace);
  });

  field = this.RULE("field", () => {
    this.SUBRULE(this.key);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.SUBRULE(this.value);
        },
      },
      {
        // `name: value` is reported (a `=` is expected) and read as `name = value`.
        ALT: () => {
          this.ACTION(() => this.missing(T.Equals));
          this.CONSUME(T.Colon);
          this.SUBRULE2(this.value);
        },
      },
      {
        // `name value` on one line: reported, and read as `name = value`.
        // Not before `{` that opens a body (`name {` then `x =`, or a capitalised type name).
        GATE: () => !this.lineBreakBefore(1) && !(this.LA(1).tokenType === T.LBrace && (/^[A-Z]/.test(this.LA(0).image) || this.LA(3).tokenType === T.Equals)),
        ALT: () => {
          this.ACTION(() => this.missing(T.Equals));
          this.SUBRULE3(this.value);
        },
      },
    ]);
  });

  key = this.RULE("key", () => {
    this.OPTION(() => this.CONSUME(T.Star));
    this.CONSUME(T.Word);
  });

  value = this.RULE("value", (paramDefault?: boolean) => {
    this.OR([
      { ALT: () => this.SUBRULE(this.string) },
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.Duration) },
      { ALT: () => this.CONSUME(T.DateTime) },
      { ALT: () => this.CONSUME(T.TrueKw) },
      { ALT: () => this.CONSUME(T.FalseKw) },
      { GATE: () => (paramDefault === true ? this.LA(2).tokenType !== T.Equals : !this.startsMember(1)), ALT: () => this.CONSUME(T.Word) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.map) },
    ]);
  });

  list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY({
        // `,` then a value, or a value on its own (a missing `,`, reported; then parsing goes on).
        GATE: () => (this.LA(1).tokenType === T.Comma ? this.LA(2).tokenType !== T.RBracket : this.startsItem()),
        DEF: () => {
          const comma = this.OPTION3(() => this.CONSUME(T.Comma));
          this.ACTION(() => comma === undefined && this.missing(T.Comma));
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
        GATE: () => (this.LA(1).tokenType === T.Comma ? this.LA(2).tokenType !== T.RBrace : this.LA(2).tokenType === T.Colon),
        DEF: () => {
          const comma = this.OPTION3(() => this.CONSUME(T.Comma));
          this.ACTION(() => comma === undefined && this.missing(T.Comma));
          this.SUBRULE2(this.mapEntry);
        },
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  mapEntry = this.RULE("mapEntry", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.SUBRULE(this.string) }]);
    this.OR2([
      { ALT: () => this.CONSUME(T.Colon) },
      {
        // `key = value` in a map is reported (a `:` is expected) and read as `key: value`.
        ALT: () => {
          this.ACTION(() => this.missing(T.Colon));
          this.CONSUME(T.Equals);
        },
      },
    ]);
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

  /** True when the token at LA(k) begins a member (`name =`, `Type Id {`, `default {`): not a value. */
  private startsMember(k: number): boolean {
    const next = this.LA(k + 1).tokenType;
    if (next === T.Equals || next === T.LBrace) return true;
    return (next === T.Identifier || next === T.QuotedIdentifier) && this.LA(k + 2).tokenType === T.LBrace && this.lineBreakBefore(k);
  }

  /** `Type Id {`, `param name` or `default {` at LA(1): a declaration, which never appears in a body. */
  private startsDeclaration(): boolean {
    const t1 = this.LA(1).tokenType;
    const t2 = this.LA(2).tokenType;
    if (t1 === T.Identifier) return (t2 === T.Identifier || t2 === T.QuotedIdentifier) && this.LA(3).tokenType === T.LBrace;
    if (t1 === T.ParamKw) return t2 === T.Identifier || t2 === T.Star;
    if (t1 === T.DefaultKw) return t2 === T.LBrace;
    return false;
  }

  /** True when LA(1) can start another list item although no `,` precedes it. */
  private startsItem(): boolean {
    const t = this.LA(1).tokenType;
    if (VALUE_STARTS.has(t)) return true;
    return (t === T.Identifier || t === T.QuotedIdentifier || t === T.PipelineKw || t === T.ParamKw || t === T.DefaultKw) && !this.startsMember(1);
  }

  /** Is there a line break between LA(k-1) and LA(k)? Only asked while recovering or deciding a gate. */
  private lineBreakBefore(k: number): boolean {
    const prev = this.LA(k - 1);
    const next = this.LA(k);
    if (!(next.startOffset >= 0)) return true;
    const from = prev.startOffset >= 0 ? prev.startOffset + prev.image.length : 0;
    for (let i = from; i < next.startOffset; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  /** Records a missing (or wrong) token without leaving the rule: a missing `,`, `:` for `=`. */
  private missing(expected: TokenType): void {
    const actual = this.LA(1);
    const message = JSON.stringify({ kind: "mismatch", expected: [expected.name], actual: actual.tokenType.name, previous: this.LA(0).tokenType?.name, ruleName: "" });
    (this as unknown as { SAVE_ERROR(e: Error): void }).SAVE_ERROR(new MismatchedTokenException(message, actual, this.LA(0)));
  }

  /**
   * Single-token recovery never crosses a line break for `=` and `:`: after `name` alone on a
   * line, the next line is the next field, not this field's value.
   */
  canRecoverWithSingleTokenInsertion(expected: TokenType, follows: TokenType[]): boolean {
    if ((expected === T.Equals || expected === T.Colon) && this.lineBreakBefore(1)) return false;
    const proto = Object.getPrototypeOf(PipeParser.prototype) as { canRecoverWithSingleTokenInsertion(this: PipeParser, e: TokenType, f: TokenType[]): boolean };
    return proto.canRecoverWithSingleTokenInsertion.call(this, expected, follows);
  }

  /**
   * Re-synchronisation after an error, aware of token categories: Chevrotain compares the
   * re-sync token type by identity, so a name (`Identifier`, category `Word`) found where a rule
   * expects `Word` would skip the nearest rule and resume parsing in an outer one.
   */
  findReSyncTokenType(): TokenType {
    const self = this as unknown as { flattenFollowSet(): TokenType[] };
    const follows = self.flattenFollowSet();
    if (follows.length === 1 && follows[0] === EOF_TYPE) return EOF_TYPE;
    for (let k = 1; ; k++) {
      const t = this.LA(k);
      if (t.tokenType === EOF_TYPE || follows.some((f) => tokenMatcher(t, f))) return t.tokenType;
    }
  }

  /** Re-syncing to the end of the input jumps there instead of skipping token by token. */
  reSyncTo(tokType: TokenType): IToken[] {
    const self = this as unknown as { importLexerState(i: number): void };
    if (tokType === EOF_TYPE) {
      self.importLexerState(this.input.length - 1);
      return [];
    }
    const proto = Object.getPrototypeOf(PipeParser.prototype) as { reSyncTo(this: PipeParser, t: TokenType): IToken[] };
    return proto.reSyncTo.call(this, tokType);
  }

  isInCurrentRuleReSyncSet(tokType: TokenType): boolean {
    const self = this as unknown as { getCurrFollowKey(): unknown; getFollowSetFromFollowKey(k: unknown): TokenType[] | undefined };
    const follows = self.getFollowSetFromFollowKey(self.getCurrFollowKey()) ?? [];
    const probe = { tokenTypeIdx: tokType.tokenTypeIdx } as IToken;
    return follows.some((f) => tokenMatcher(probe, f));
  }

  /**
   * A list, map or argument list that is not closed where expected: skip to its closing
   * bracket when one follows before the next line that starts a member, so that the bracket is
   * not later taken for the end of the enclosing block.
   */
  tryInRuleRecovery(expected: TokenType, follows: TokenType[]): IToken {
    const proto = Object.getPrototypeOf(PipeParser.prototype) as { tryInRuleRecovery(this: PipeParser, e: TokenType, f: TokenType[]): IToken };
    try {
      return proto.tryInRuleRecovery.call(this, expected, follows);
    } catch (e) {
      const self = this as unknown as { getCurrRuleFullName(): string; SKIP_TOKEN(): IToken; consumeToken(): void };
      const rule = self.getCurrRuleFullName();
      if (!CLOSERS.has(expected) || !(rule === "list" || rule === "map" || rule === "args" || rule === "primary")) throw e;
      const k = this.closerAhead(expected);
      if (k < 1) throw e;
      for (let i = 1; i < k; i++) self.SKIP_TOKEN();
      const closer = this.LA(1);
      self.consumeToken();
      return closer;
    }
  }

  /** k such that LA(k) closes the current bracket, or -1 (another closer, a member on a new line, 200 tokens). */
  private closerAhead(expected: TokenType): number {
    let depth = 0;
    for (let k = 1; k <= 200; k++) {
      const t = this.LA(k).tokenType;
      if (t === EOF_TYPE || t === T.DExprEnd || t === T.TExprEnd) return -1;
      if (OPENERS.has(t)) depth++;
      else if (CLOSERS.has(t)) {
        if (depth === 0) return t === expected ? k : -1;
        depth--;
      } else if (depth === 0 && k > 1 && this.LA(k + 1).tokenType === T.Equals && this.lineBreakBefore(k)) return -1;
    }
    return -1;
  }

  /** Deleting the first token of a line to reach the expected one would merge two lines. */
  canRecoverWithSingleTokenDeletion(expected: TokenType): boolean {
    if (this.lineBreakBefore(1)) return false;
    const proto = Object.getPrototypeOf(PipeParser.prototype) as { canRecoverWithSingleTokenDeletion(this: PipeParser, e: TokenType): boolean };
    return proto.canRecoverWithSingleTokenDeletion.call(this, expected);
  }
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
export function parsePipelineTokens(tokens: IToken[], text: string): PipelineParse {
  const p = parser();
  p.text = text;
  p.input = tokens;
  const cst = p.pipeline();
  const errors = [...p.errors];
  p.text = "";
  return { cst, errors };
}
