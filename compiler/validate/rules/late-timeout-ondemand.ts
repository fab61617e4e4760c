import type { Rule, RuleMeta } from "../rule.ts";
import { allObjects } from "../util.ts";

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
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      if (p.scheduleType !== "ondemand") continue;
      for (const o of allObjects(p)) {
        const f = o.fields.find((x) => x.key === "lateAfterTimeout");
        if (f) ctx.report({ span: f.keySpan, message: "`lateAfterTimeout` has no effect in an on-demand pipeline" });
      }
    }
  },
};
