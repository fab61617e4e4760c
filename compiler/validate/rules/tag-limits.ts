import { LIMITS } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4014",
  name: "tag-limits",
  kind: "validation",
  severity: "error",
  summary: "More than 10 tags, or a tag key or value of the wrong length.",
  explanation: [
    "A pipeline takes at most 10 tags; keys are 1 to 128 characters, values up to 256.",
    "",
    "```",
    "tags = { \"\": \"x\" }   // PIPE4014: empty key",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    const lim = LIMITS.tagsPerPipeline;
    for (const p of ctx.program.pipelines) {
      if (p.tags.length > lim.value) ctx.report({ span: p.tags[lim.value].span, message: `the pipeline has ${p.tags.length} tags; the limit is ${lim.value}` });
      for (const t of p.tags) {
        if (t.key.length < lim.tagKeyLength[0] || t.key.length > lim.tagKeyLength[1]) ctx.report({ span: t.span, message: `a tag key has ${lim.tagKeyLength[0]} to ${lim.tagKeyLength[1]} characters` });
        else if (t.value.length > lim.tagValueLength[1]) ctx.report({ span: t.span, message: `a tag value has at most ${lim.tagValueLength[1]} characters` });
      }
    }
  },
};
