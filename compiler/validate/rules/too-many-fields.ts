import { LIMITS } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4003",
  name: "too-many-fields",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html",
  summary: "An object with more than 50 fields, counting each element of a list.",
  implements: ["fields-per-object"],
  explanation: [
    "Data Pipeline accepts at most 50 fields per object (\"May only specify up to '50' fields per",
    "object\"). Each value of a list counts, and so does `type`. Move long lists to a script, or",
    "split the object.",
    "",
    "```",
    "EmrActivity Steps { step = [s1, s2, ..., s60] }   // PIPE4003",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const max = LIMITS.fieldsPerObject.value;
    return {
      object(o) {
        let count = o.type !== undefined ? 1 : 0;
        for (const f of o.fields) count += Math.max(1, f.values.length);
        if (count <= max) return;
        ctx.report({ span: o.idSpan, message: `\`${o.id}\` has ${count} fields (each list element counts); Data Pipeline allows ${max}` });
      },
    };
  },
};
