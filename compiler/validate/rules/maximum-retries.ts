import { LIMITS } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { fieldsWithKey } from "../index-cache.ts";

export const meta: RuleMeta = {
  code: "PIPE3013",
  name: "maximum-retries",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html",
  summary: "`maximumRetries` outside 0..5.",
  implements: ["max-retries"],
  explanation: [
    "Data Pipeline retries a task at most 5 times (a service limit that cannot be raised).",
    "",
    "```",
    "ShellCommandActivity Copy { maximumRetries = 10 ... }   // PIPE3013",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    const max = LIMITS.maximumRetriesPerTask.value;
    for (const p of ctx.program.pipelines) {
      for (const { field: f } of fieldsWithKey(p, "maximumRetries")) {
        for (const v of f.values) {
          if (v.kind !== "literal" || v.literal.type !== "number") continue;
          const n = v.literal.value;
          if (n >= 0 && n <= max) continue;
          ctx.report({ span: v.span, message: `\`maximumRetries\` is ${v.text}; Data Pipeline allows 0 to ${max} retries` });
        }
      }
    }
  },
};
