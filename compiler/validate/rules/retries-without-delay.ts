import type { Rule, RuleMeta } from "../rule.ts";
import { firstFieldsWithKey } from "../index-cache.ts";

export const meta: RuleMeta = {
  code: "PIPE6008",
  name: "retries-without-delay",
  kind: "lint",
  severity: "info",
  summary: "`maximumRetries` set without `retryDelay`: the delay between attempts is left implicit.",
  explanation: [
    "Retries help with transient failures only if the cause has time to go away. Without",
    "`retryDelay` the service's default applies, which readers of the definition cannot see. The fix",
    "writes the documented default, `retryDelay = 10 minutes`, next to `maximumRetries`.",
    "",
    "```",
    "ShellCommandActivity Load { maximumRetries = 3 }                            // PIPE6008",
    "ShellCommandActivity Load { maximumRetries = 3  retryDelay = 10 minutes }",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const { object: o, field: retries } of firstFieldsWithKey(p, "maximumRetries")) {
        const v = retries.values[0];
        if (v?.kind !== "literal" || v.literal.type !== "number" || v.literal.value <= 0) continue;
        if (o.effective.has("retryDelay")) continue;
        // Retries in the default block: reported once, when an object that inherits them has no delay.
        if (o === p.defaults && !p.objects.some((x) => x.effective.get("maximumRetries")?.from === "Default" && !x.effective.has("retryDelay"))) continue;
        ctx.report({
          span: retries.keySpan,
          message: `\`${o.id}\` retries ${v.literal.value} time${v.literal.value === 1 ? "" : "s"} with no \`retryDelay\``,
          hint: "add retryDelay = 10 minutes (or the wait the failure needs)",
          // The fix writes .pipe syntax, so only .pipe sources get it.
          fix: ctx.program.file.toLowerCase().endsWith(".json")
            ? undefined
            : { description: "add retryDelay = 10 minutes", edits: [{ span: { start: retries.span.end, end: retries.span.end }, text: "  retryDelay = 10 minutes" }] },
        });
      }
    }
  },
};
