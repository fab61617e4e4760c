import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3017",
  name: "late-timeout-ondemand",
  kind: "validation",
  severity: "warning",
  summary: "`lateAfterTimeout` in an on-demand pipeline, where it has no effect.",
  implements: ["late-not-ondemand"],
  explanation: [
    "On-demand runs have no scheduled start, so `lateAfterTimeout` (and `onLateAction`) never apply.",
    "",
    "```",
    "default { scheduleType = ondemand  lateAfterTimeout = 1 hour }   // PIPE3017",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    if (p.scheduleType !== "ondemand") return undefined;
    return {
      object(o) {
        const f = o.fields.find((x) => x.key === "lateAfterTimeout");
        if (f) ctx.report({ span: f.keySpan, message: "`lateAfterTimeout` has no effect in an on-demand pipeline" });
      },
    };
  },
};
