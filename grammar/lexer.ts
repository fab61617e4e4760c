import { Lexer, type IToken } from "chevrotain";
import { lexerDefinition } from "./tokens.ts";

/** One lexer for the whole process; offsets only (lines and columns are derived when needed). */
let instance: Lexer | undefined;

function lexer(): Lexer {
  instance ??= new Lexer(lexerDefinition, {
    positionTracking: "onlyOffset",
    ensureOptimizations: false,
    skipValidations: process.env.PIPEC_VALIDATE_GRAMMAR !== "1",
  });
  return instance;
}

export interface LexResult {
  /** Tokens for the parser (no whitespace, comments or error tokens). */
  readonly tokens: IToken[];
  /** `//` and `/* *\/` comments, in source order. */
  readonly comments: IToken[];
  /** Tokens that are errors by themselves (unknown characters, unterminated comments...). */
  readonly errorTokens: IToken[];
  /** Failures reported by the lexer engine itself (should not happen: every mode has a catch-all). */
  readonly engineErrors: { offset: number; length: number; message: string }[];
}

export function lex(text: string): LexResult {
  const result = lexer().tokenize(text);
  return {
    tokens: result.tokens,
    comments: result.groups.comments ?? [],
    errorTokens: result.groups.errors ?? [],
    engineErrors: result.errors.map((e) => ({ offset: e.offset, length: e.length, message: e.message })),
  };
}
