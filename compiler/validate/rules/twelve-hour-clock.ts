import type { TextEdit } from "../../diagnostics/diagnostic.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE6006",
  name: "twelve-hour-clock",
  kind: "lint",
  severity: "warning",
  summary: "`hh`, `h` or `K` (12-hour clock) in a date format without an AM/PM marker.",
  explanation: [
    "In `format(...)` patterns `hh` is the hour on a 12-hour clock (01-12) and `HH` the hour of the",
    "day (00-23); `h` and `K` are 12-hour hours too. In a path or key without `a` (AM/PM), they make",
    "the 01:00 and 13:00 runs write to the same place. The fix replaces them with `HH`.",
    "",
    "```",
    "directoryPath = \"s3://a/#<format(@scheduledStartTime, 'YYYY-MM-dd-hh')>\"   // PIPE6006",
    "directoryPath = \"s3://a/#<format(@scheduledStartTime, 'YYYY-MM-dd-HH')>\"",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      expr(e, site) {
        if (e.kind !== "call") return;
        if (e.fn !== "format") return;
        const pattern = e.args[1];
        if (pattern?.kind !== "string") return;
        // Runs of `h` (clock hour 1-12) and `K` (hour of half-day 0-11) outside quoted text,
        // which is literal in date patterns.
        const runs: { index: number; text: string }[] = [];
        let quoted = false;
        let hasMarker = false;
        for (let i = 0; i < pattern.value.length; i++) {
          const c = pattern.value[i]!;
          if (c === "'") quoted = !quoted;
          else if (!quoted && c === "a") hasMarker = true;
          else if (!quoted && (c === "h" || c === "K")) {
            let j = i;
            while (pattern.value[j + 1] === c) j++;
            runs.push({ index: i, text: pattern.value.slice(i, j + 1) });
            i = j;
          }
        }
        if (runs.length === 0 || hasMarker) return;
        // A fix only when the literal has no escapes, so offsets map one to one.
        // (and only in .pipe sources: spans into definition JSON pass through JSON escapes).
        const plain = !ctx.program.file.toLowerCase().endsWith(".json") && pattern.span.end - pattern.span.start === pattern.value.length + 2;
        const edits: TextEdit[] = [];
        if (plain) {
          for (const r of runs) {
            const start = pattern.span.start + 1 + r.index;
            edits.push({ span: { start, end: start + r.text.length }, text: "H".repeat(Math.max(2, r.text.length)) });
          }
        }
        const shown = runs[0]!.text;
        ctx.report({
          span: pattern.span,
          message: `\`${shown}\` in the date pattern '${pattern.value}' of \`${site.field.key}\` is the hour on a 12-hour clock`,
          hint: "use HH for the hour of the day (00-23)",
          fix: edits.length > 0 ? { description: `replace ${shown} with HH`, edits } : undefined,
        });
      },
    };
  },
};
