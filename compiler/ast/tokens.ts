/** Helpers over the token array (offsets only: tokens carry no end offset or line). */
import type { IToken } from "chevrotain";

export const OPENERS = new Set(["LBrace", "LBracket", "LParen"]);
export const CLOSERS = new Set(["RBrace", "RBracket", "RParen"]);

/** Offset just past the token. */
export function tokEnd(t: IToken): number {
  return (t.endOffset ?? t.startOffset + t.image.length - 1) + 1;
}

/** The parser's end-of-input token (its offset is -1 or NaN). */
export function isEof(t: IToken): boolean {
  return t.tokenType.name === "EOF" || !(t.startOffset >= 0);
}

export function previousToken(tokens: IToken[], t: IToken): IToken | undefined {
  const i = previousIndex(tokens, t);
  return i >= 0 ? tokens[i] : undefined;
}

/** Index of the last token that starts before `t` (-1 if none). */
export function previousIndex(tokens: IToken[], t: IToken): number {
  if (isEof(t)) return tokens.length - 1;
  let lo = 0;
  let hi = tokens.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < t.startOffset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The function whose `(` is still open where `t` is found (`format` in `#<format(@a, 1>`). */
export function calleeBefore(tokens: IToken[], t: IToken): string | undefined {
  let i = previousIndex(tokens, t);
  let depth = 0;
  for (; i >= 0; i--) {
    const name = tokens[i].tokenType.name;
    if (name === "RParen") depth++;
    else if (name === "LParen") {
      if (depth === 0) {
        const before = tokens[i - 1];
        return before?.tokenType.name === "Identifier" ? before.image : undefined;
      }
      depth--;
    } else if (name === "DStrInterpStart" || name === "TStrInterpStart") return undefined;
  }
  return undefined;
}

/** Is there a line break between two tokens? */
export function lineBreakBetween(text: string, a: IToken, b: IToken): boolean {
  for (let i = tokEnd(a); i < b.startOffset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}
