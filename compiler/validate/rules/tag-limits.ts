import { LIMITS } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4014",
  name: "tag-limits",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html",
  summary: "More than 10 tags, a tag key or value of the wrong length, or one starting with the reserved `aws:`.",
  explanation: [
    "A pipeline takes at most 10 tags; keys are 1 to 128 characters, values up to 256. The prefix",
    "`aws:` (in any case) is reserved for AWS in tag keys and values.",
    "",
    "```",
    "tags = { \"\": \"x\" }         // PIPE4014: empty key",
    "tags = { \"aws:team\": \"x\" }  // PIPE4014: reserved prefix",
    "```",
  ].join("\n"),
};

/** The prefix AWS keeps for its own tags, in keys and values alike. */
const RESERVED = /^aws:/i;

export const rule: Rule = {
  meta,
  check(ctx) {
    const lim = LIMITS.tagsPerPipeline;
    for (const p of ctx.program.pipelines) {
      if (p.tags.length > lim.value) ctx.report({ span: p.tags[lim.value].span, message: `the pipeline has ${p.tags.length} tags; the limit is ${lim.value}` });
      for (const t of p.tags) {
        // AWS counts characters (code points), not UTF-16 units.
        const keyLength = [...t.key].length;
        if (keyLength < lim.tagKeyLength[0] || keyLength > lim.tagKeyLength[1]) ctx.report({ span: t.span, message: `a tag key has ${lim.tagKeyLength[0]} to ${lim.tagKeyLength[1]} characters` });
        else if ([...t.value].length > lim.tagValueLength[1]) ctx.report({ span: t.span, message: `a tag value has at most ${lim.tagValueLength[1]} characters` });
        else if (RESERVED.test(t.key)) ctx.report({ span: t.span, message: `the tag key \`${t.key}\` starts with \`aws:\`, which is reserved for AWS` });
        else if (RESERVED.test(t.value)) ctx.report({ span: t.span, message: `the value of tag \`${t.key}\` starts with \`aws:\`, which is reserved for AWS` });
      }
    }
  },
};
