import { LIMITS } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4005",
  name: "too-many-parameters",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html",
  summary: "More than 50 parameters in one pipeline.",
  implements: ["parameters-limit"],
  explanation: [
    "A pipeline definition may declare at most 50 parameters.",
    "",
    "```",
    "param my1: String ... param my51: String   // PIPE4005 at the 51st",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    const max = LIMITS.parametersPerDefinition.value;
    for (const p of ctx.program.pipelines) {
      if (p.parameters.length <= max) continue;
      ctx.report({ span: p.parameters[max].idSpan, message: `the pipeline declares ${p.parameters.length} parameters; Data Pipeline accepts ${max}` });
    }
  },
};
