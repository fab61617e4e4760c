/**
 * Regular expressions of the tokens that the Chevrotain lexer (tokens.ts) and the fast scanner
 * (scanner.ts) both match, and the decoding of an escape: one definition, so that the two paths
 * cannot drift apart. No Chevrotain here: the scanner loads without it.
 */
export const DATE_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z?(?![\w.:+-])/;
/** A date without its time, or with a space for the `T`: an error with a message that shows the form. */
export const BAD_DATE_TIME = /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\w.:-])/;
export const DURATION = /\d+[ \t]+(?:[mM][iI][nN][uU][tT][eE][sS]?|[hH][oO][uU][rR][sS]?|[dD][aA][yY][sS]?|[wW][eE][eE][kK][sS]?|[mM][oO][nN][tT][hH][sS]?|[yY][eE][aA][rR][sS]?)(?![\w])/;
export const NUMBER = /-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w.])/;
export const QUOTED_IDENTIFIER = /`(?:[^`\\\r\n]|\\[^\r\n])+`/;
export const ESCAPE = /\\(?:["\\nrt/]|#[<{]|u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4})/;
export const EXPR_DSTRING = /"(?:[^"\\\r\n]|\\[^\r\n])*"/;
export const EXPR_SSTRING = /'(?:[^'\\\r\n]|\\[^\r\n])*'/;
export const EXPR_NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?![\w])/;
export const WHITE_SPACE = /[\s\uFEFF]+/;

/** The character an ESCAPE stands for; undefined when it is not a character (`\u{D800}`). */
export function decodeEscape(seq: string): string | undefined {
  switch (seq[1]) {
    case "n": return "\n";
    case "r": return "\r";
    case "t": return "\t";
    case '"': return '"';
    case "\\": return "\\";
    case "/": return "/";
    case "#": return seq.slice(1);
    case "u": {
      const hex = seq[2] === "{" ? seq.slice(3, -1) : seq.slice(2);
      const cp = Number.parseInt(hex, 16);
      if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
      return String.fromCodePoint(cp);
    }
    default:
      return undefined;
  }
}
