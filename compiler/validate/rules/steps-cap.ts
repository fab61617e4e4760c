import { LIMITS } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { pipelineIndex } from "../index-cache.ts";

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
  check(ctx) {
    const max = LIMITS.stepsPerEmrActivity.value;
    for (const p of ctx.program.pipelines) {
      for (const { field: f } of pipelineIndex(p).fields) {
        if (!CAPPED.has(f.key) || f.values.length <= max) continue;
        ctx.report({ span: f.keySpan, message: `\`${f.key}\` has ${f.values.length} values; the limit is ${max}` });
      }
    }
  },
};
