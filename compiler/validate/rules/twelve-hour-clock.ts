import type { TextEdit } from "../../diagnostics/diagnostic.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { forEachExprOfKind } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE6006",
  name: "twelve-hour-clock",
  kind: "lint",
  severity: "warning",
  summary: "`hh` (12-hour clock) in a date format without an AM/PM marker.",
  explanation: [
    "In `format(...)` patterns `hh` is the hour on a 12-hour clock (01-12) and `HH` the hour of the",
    "day (00-23). In a path or key without `a` (AM/PM), `hh` makes the 01:00 and 13:00 runs write to",
    "the same place. The fix replaces `hh` with `HH`.",
    "",
    "```",
    "directoryPath = \"s3://a/#<format(@scheduledStartTime, 'YYYY-MM-dd-hh')>\"   // PIPE6006",
    "directoryPath = \"s3://a/#<format(@scheduledStartTime, 'YYYY-MM-dd-HH')>\"",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      forEachExprOfKind(p, "call", (e, site) => {
        if (e.fn !== "format") return;
        const pattern = e.args[1];
        if (pattern?.kind !== "string") return;
        // Text in single quotes is literal in date patterns.
        const letters = pattern.value.replace(/'[^']*'/g, "");
        if (!letters.includes("hh") || letters.includes("a")) return;
        // A fix only when the literal has no escapes, so offsets map one to one.
        // (and only in .pipe sources: spans into definition JSON pass through JSON escapes).
        const plain = !ctx.program.file.toLowerCase().endsWith(".json") && pattern.span.end - pattern.span.start === pattern.value.length + 2;
        const edits: TextEdit[] = [];
        if (plain) {
          for (const m of pattern.value.matchAll(/hh/g)) {
            const start = pattern.span.start + 1 + (m.index ?? 0);
            edits.push({ span: { start, end: start + 2 }, text: "HH" });
          }
        }
        ctx.report({
          span: pattern.span,
          message: `\`hh\` in the date pattern '${pattern.value}' of \`${site.field.key}\` is the hour on a 12-hour clock`,
          hint: "use HH for the hour of the day (00-23)",
          fix: edits.length > 0 ? { description: "replace hh with HH", edits } : undefined,
        });
      });
    }
  },
};
