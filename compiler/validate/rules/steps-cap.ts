import { LIMITS } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4007",
  name: "steps-cap",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html",
  summary: "More than 255 values in `step`, `preStepCommand`, `postStepCommand` or `bootstrapAction`.",
  implements: ["steps-cap"],
  explanation: "EMR accepts at most 255 steps, and Data Pipeline applies the same cap to pre/post step commands and bootstrap actions.",
};

const CAPPED = new Set(["step", "preStepCommand", "postStepCommand", "bootstrapAction"]);

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const max = LIMITS.stepsPerEmrActivity.value;
    return {
      field(f) {
        if (!CAPPED.has(f.key) || f.values.length <= max) return;
        ctx.report({ span: f.keySpan, message: `\`${f.key}\` has ${f.values.length} values; the limit is ${max}` });
      },
    };
  },
};
