import type { ExprIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { isSoft } from "./function-arguments.ts";

export const meta: RuleMeta = {
  code: "PIPE3021",
  name: "operator-types",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-expressions.html",
  summary: "An arithmetic operator applied to values it cannot combine (a date-time, a period, text).",
  explanation: [
    "`+` adds numbers or joins text (if either side is text); `-`, `*`, `/` and `^` need numbers.",
    "Date-times are shifted with functions, not operators.",
    "",
    "```",
    "\"#<@scheduledStartTime + 1>\"   // PIPE3021: use plusDays(@scheduledStartTime, 1)",
    "```",
  ].join("\n"),
};

function numericOk(e: ExprIR): boolean {
  return e.type === "Integer" || e.type === "Double" || e.type === "unknown" || e.type === "Ref" || isSoft(e);
}

function what(e: ExprIR): string {
  return e.type === "DateTime" ? "a date-time" : e.type === "Period" ? "a period" : e.type === "String" ? "text" : `a ${e.type}`;
}

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      expr(e) {
        if (e.kind === "negate") {
          if (!numericOk(e.operand)) ctx.report({ span: e.span, message: `\`-\` cannot negate ${what(e.operand)}` });
          return;
        }
        if (e.kind !== "binary") return;
        const { left, right } = e;
        if (e.op === "+") {
          if (left.type === "String" || right.type === "String") return;
          const bad = [left, right].find((x) => x.type === "DateTime" || x.type === "Period");
          if (bad) {
            ctx.report({
              span: e.span,
              message: `\`+\` cannot add ${what(bad)}`,
              hint: bad.type === "DateTime" ? "shift date-times with plusDays, plusHours, plusMinutes, ..." : undefined,
            });
          }
          return;
        }
        const bad = [left, right].find((x) => !numericOk(x));
        if (bad) {
          ctx.report({
            span: e.span,
            message: `\`${e.op}\` needs numbers, not ${what(bad)}`,
            hint: bad.type === "DateTime" && e.op === "-" ? "shift date-times with minusDays, minusHours, minusMinutes, ..." : undefined,
          });
        }
      },
    };
  },
};
