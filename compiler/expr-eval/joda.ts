/**
 * Joda-Time `DateTimeFormat` patterns (what Data Pipeline's `format()` takes): tokenizer and
 * printer in the English locale. Unlike `java.text.SimpleDateFormat`, `Y` is the year of era
 * (the calendar year for years after 0) and `x` is the ISO week-based year.
 */
import { fieldsOf, offsetText } from "./calendar.ts";

export type JodaToken =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "field"; readonly letter: string; readonly count: number };

/** Pattern letters Joda accepts. Any other ASCII letter outside quotes is an error in Joda. */
export const JODA_LETTERS = "GCYxwekEyDMdaKhHkmsSzZ";

export type JodaParse = { readonly ok: true; readonly tokens: readonly JodaToken[] } | { readonly ok: false; readonly message: string };

export function parseJoda(pattern: string): JodaParse {
  const tokens: JodaToken[] = [];
  let lit = "";
  const flush = (): void => {
    if (lit) tokens.push({ kind: "literal", text: lit });
    lit = "";
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        lit += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = "";
      for (;;) {
        if (j >= pattern.length) return { ok: false, message: `unterminated quote in the date pattern '${pattern}'` };
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      lit += text;
      i = j + 1;
      continue;
    }
    if ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z")) {
      if (!JODA_LETTERS.includes(c)) return { ok: false, message: `'${c}' is not a Joda-Time pattern letter (in '${pattern}'); quote literal text with '...'` };
      let n = 1;
      while (pattern[i + n] === c) n++;
      flush();
      tokens.push({ kind: "field", letter: c, count: n });
      i += n;
      continue;
    }
    lit += c;
    i++;
  }
  flush();
  return { ok: true, tokens };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? `-${s}` : s;
}

/**
 * Prints a local instant with a parsed pattern. `zone` is the zone id (for `z`/`ZZZ`) and `offset`
 * the zone's offset at the instant in milliseconds. Returns an error message for components that
 * have no fixed English text (zone names other than UTC).
 */
export function printJoda(tokens: readonly JodaToken[], local: number, zone: string, offset: number): string | { error: string } {
  const f = fieldsOf(local);
  let out = "";
  for (const t of tokens) {
    if (t.kind === "literal") {
      out += t.text;
      continue;
    }
    const n = t.count;
    switch (t.letter) {
      case "G":
        out += f.year > 0 ? "AD" : "BC";
        break;
      case "C":
        out += pad(Math.floor((f.year > 0 ? f.year : 1 - f.year) / 100), n);
        break;
      case "Y":
      case "y":
      case "x": {
        const y = t.letter === "x" ? f.weekYear : t.letter === "Y" && f.year <= 0 ? 1 - f.year : f.year;
        out += n === 2 ? pad(((y % 100) + 100) % 100, 2) : pad(y, n);
        break;
      }
      case "w":
        out += pad(f.weekOfWeekYear, n);
        break;
      case "e":
        out += pad(f.dayOfWeek, n);
        break;
      case "E":
        out += n >= 4 ? DAYS[f.dayOfWeek - 1] : DAYS[f.dayOfWeek - 1]!.slice(0, 3);
        break;
      case "D":
        out += pad(f.dayOfYear, n);
        break;
      case "M":
        out += n >= 4 ? MONTHS[f.month - 1] : n === 3 ? MONTHS[f.month - 1]!.slice(0, 3) : pad(f.month, n);
        break;
      case "d":
        out += pad(f.day, n);
        break;
      case "a":
        out += f.hour < 12 ? "AM" : "PM";
        break;
      case "K":
        out += pad(f.hour % 12, n);
        break;
      case "h":
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, n);
        break;
      case "H":
        out += pad(f.hour, n);
        break;
      case "k":
        out += pad(f.hour === 0 ? 24 : f.hour, n);
        break;
      case "m":
        out += pad(f.minute, n);
        break;
      case "s":
        out += pad(f.second, n);
        break;
      case "S":
        // Fraction of second, truncated to n digits (milliseconds precision, zero padded beyond 3).
        out += String(f.millis).padStart(3, "0").padEnd(n, "0").slice(0, n);
        break;
      case "z":
        if (zone !== "UTC") return { error: `the zone name 'z' has no fixed text for ${zone}` };
        out += n >= 4 ? "Coordinated Universal Time" : "UTC";
        break;
      case "Z": {
        if (n >= 3) {
          out += zone;
          break;
        }
        const o = offsetText(offset);
        out += n === 1 ? o : `${o.slice(0, 3)}:${o.slice(3)}`;
        break;
      }
      default:
        return { error: `unsupported pattern letter '${t.letter}'` };
    }
  }
  return out;
}
