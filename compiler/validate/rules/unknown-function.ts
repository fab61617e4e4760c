import { expressionFunction, expressionFunctionNames, suggest } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3019",
  name: "unknown-function",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-expressions-functions.html",
  summary: "A function that the expression language does not have (or one AWS no longer documents).",
  explanation: [
    "Expressions call the date and time functions of Data Pipeline: `format`, `plusDays`,",
    "`minusHours`, `makeDate`, `day`, `year`, ... Names are case-sensitive. `inTimeZone` and",
    "`plusPeriod` appear only in older or unconfirmed material and draw a warning.",
    "",
    "```",
    "\"#<formatDate(@scheduledStartTime, 'YYYY')>\"   // PIPE3019: did you mean `format`?",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      expr(e) {
        if (e.kind !== "call") return;
        const spec = expressionFunction(e.fn);
        if (spec && !spec.status) return;
        if (spec) {
          ctx.report({ span: e.span, severity: "warning", message: `\`${e.fn}\` is not in the current Data Pipeline function reference (${spec.status?.split(":")[0]})` });
          return;
        }
        const s = suggest(e.fn, expressionFunctionNames());
        ctx.report({
          span: e.span,
          message: `\`${e.fn}\` is not an expression function`,
          hint: s ? `did you mean \`${s}\`?` : "see `pipec explain PIPE3019` for the list",
        });
      },
    };
  },
};
