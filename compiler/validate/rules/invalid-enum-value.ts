import { suggest } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { orList } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE3002",
  name: "invalid-enum-value",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "A value outside the closed set of words a field accepts.",
  explanation: [
    "Some fields take one of a few words: `scheduleType` is `cron`, `timeseries` or `ondemand`;",
    "`failureAndRerunMode` is `cascade` or `none`; and so on. Case does not matter (AWS examples",
    "write `CASCADE`). The `region` list is not closed, so an unknown region is only a warning.",
    "",
    "```",
    "default { scheduleType = daily }   // PIPE3002: expected cron, timeseries or ondemand",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      field(f, _o, spec) {
        if (!spec || spec.kind !== "enum" || !spec.enum) return;
        const allowed = spec.enum;
        for (const v of f.values) {
          if (v.kind !== "literal" || (v.literal.type !== "word" && v.literal.type !== "string")) continue;
          if (allowed.some((a) => a.toLowerCase() === v.text.toLowerCase())) continue;
          if (spec.specialValues?.includes(v.text)) continue;
          const open = /not closed/i.test(spec.enumNote ?? "");
          const s = suggest(v.text, allowed);
          ctx.report({
            span: v.span,
            severity: open ? "warning" : undefined,
            message: `\`${v.text}\` is not a value of \`${f.key}\`; expected ${orList(allowed.map((a) => `\`${a}\``))}`,
            hint: s ? `did you mean \`${s}\`?` : undefined,
            fix: s ? { description: `replace with ${s}`, edits: [{ span: v.span, text: s }] } : undefined,
          });
        }
      },
    };
  },
};
