/** Values of the syntax tree as the source writes them: names, strings, durations. Shared by both parsers. */
import type * as A from "./nodes.ts";

export const UNITS: Record<string, A.DurationUnit> = {
  minute: "minute", minutes: "minute", hour: "hour", hours: "hour", day: "day", days: "day",
  week: "week", weeks: "week", month: "month", months: "month", year: "year", years: "year",
};

/** The unit a duration's word names (lower case), `minute` for anything else. */
export function durationUnit(word: string): A.DurationUnit {
  return (Object.hasOwn(UNITS, word) ? UNITS[word] : undefined) ?? "minute";
}

export function unquoteBackticks(image: string): string {
  const inner = image.endsWith("`") && image.length > 1 ? image.slice(1, -1) : image.slice(1);
  return inner.replace(/\\(.)/g, "$1");
}

export function decodeExprString(image: string): string {
  return image.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => (ch === "n" ? "\n" : ch === "t" ? "\t" : ch));
}

export function mergeText(parts: A.StringPart[]): A.StringPart[] {
  const out: A.StringPart[] = [];
  for (const p of parts) {
    const prev = out.at(-1);
    if (p.kind === "Text" && prev?.kind === "Text") {
      out[out.length - 1] = { kind: "Text", span: { start: prev.span.start, end: p.span.end }, text: prev.text + p.text };
    } else out.push(p);
  }
  return out;
}

/**
 * Triple-quoted strings: the line break after the opening quotes and the last line, when it
 * holds only white space, are dropped; then the common indentation of the non-blank lines
 * is removed from every line.
 */
export function stripIndent(rawParts: A.StringPart[]): A.StringPart[] {
  const parts = mergeText(rawParts).map((p) => (p.kind === "Text" ? { ...p, text: p.text.replace(/\r\n?/g, "\n") } : p));
  // Lines as sequences of (part index, text slice) to compute the margin.
  let margin = Number.POSITIVE_INFINITY;
  let atLineStart = true;
  let indent = 0;
  const first = parts[0];
  if (first?.kind === "Text") {
    const m = /^[ \t]*\n/.exec(first.text);
    if (m) parts[0] = { ...first, text: first.text.slice(m[0].length) };
  }
  const last = parts.at(-1);
  if (last?.kind === "Text") {
    const m = /\n[ \t]*$/.exec(last.text);
    if (m) parts[parts.length - 1] = { ...last, text: last.text.slice(0, m.index + 1) };
    else if (parts.length === 1 && /^[ \t]*$/.test(last.text)) parts[0] = { ...last, text: "" };
  }
  for (const p of parts) {
    if (p.kind !== "Text") {
      if (atLineStart) margin = Math.min(margin, indent);
      atLineStart = false;
      continue;
    }
    for (const ch of p.text) {
      if (ch === "\n") {
        atLineStart = true;
        indent = 0;
      } else if (atLineStart && (ch === " " || ch === "\t")) indent++;
      else if (atLineStart) {
        margin = Math.min(margin, indent);
        atLineStart = false;
      }
    }
  }
  if (!Number.isFinite(margin) || margin === 0) return parts.filter((p) => p.kind !== "Text" || p.text !== "" || parts.length === 1);
  atLineStart = true;
  let drop = 0;
  const out: A.StringPart[] = [];
  for (const p of parts) {
    if (p.kind !== "Text") {
      atLineStart = false;
      out.push(p);
      continue;
    }
    let text = "";
    for (const ch of p.text) {
      if (ch === "\n") {
        atLineStart = true;
        drop = 0;
        text += ch;
      } else if (atLineStart && (ch === " " || ch === "\t") && drop < margin) {
        drop++;
      } else {
        atLineStart = false;
        text += ch;
      }
    }
    out.push({ ...p, text });
  }
  return out.filter((p) => p.kind !== "Text" || p.text !== "" || out.length === 1);
}
