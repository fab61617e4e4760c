import { LIMITS, parsePeriod, periodCompare } from "../../model/index.ts";
import type { Period } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { fieldsWithKey } from "../index-cache.ts";
import { periodOf } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE3014",
  name: "retry-delay",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html",
  summary: "`retryDelay` shorter than 2 minutes.",
  implements: ["retry-delay-min"],
  explanation: [
    "The delay between retries is at least 2 minutes (a service limit).",
    "",
    "```",
    "ShellCommandActivity Copy { retryDelay = 1 minute ... }   // PIPE3014",
    "```",
  ].join("\n"),
};

const MIN = parsePeriod(LIMITS.minimumRetryDelay.value) as Period;

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const { field: f } of fieldsWithKey(p, "retryDelay")) {
        const v = f.values[0];
        const period = periodOf(v);
        if (!v || !period || periodCompare(period, MIN) >= 0) continue;
        ctx.report({ span: v.span, message: `\`retryDelay\` is shorter than the minimum of ${LIMITS.minimumRetryDelay.value}` });
      }
    }
  },
};
