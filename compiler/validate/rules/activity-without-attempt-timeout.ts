import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE6011",
  name: "activity-without-attempt-timeout",
  kind: "lint",
  severity: "info",
  summary: "An activity without `attemptTimeout`: a hung attempt holds its resource until `terminateAfter`.",
  explanation: [
    "Without `attemptTimeout` an attempt that hangs is neither retried nor failed until its resource",
    "is terminated, and whatever depends on it waits. Set a timeout a little above the longest",
    "normal run, on the activity or in the `default` block.",
    "",
    "```",
    "ShellCommandActivity Load { runsOn = Worker  command = \"load.sh\" }                          // PIPE6011",
    "ShellCommandActivity Load { runsOn = Worker  command = \"load.sh\"  attemptTimeout = 1 hour }",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.category !== "activity" || o.effective.has("attemptTimeout")) return;
        ctx.report({ span: o.idSpan, message: `the activity \`${o.id}\` has no \`attemptTimeout\``, hint: "add e.g. attemptTimeout = 1 hour, on it or in the default block" });
      },
    };
  },
};
