import { LIMITS } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4006",
  name: "object-quota",
  kind: "validation",
  severity: "warning",
  summary: "More than 100 objects: the account's default quota must be raised first.",
  implements: ["objects-per-pipeline"],
  explanation: [
    "By default a pipeline may hold 100 objects (the default object included); beyond that AWS",
    "answers \"Web service limit exceeded\". The quota can be raised through AWS support, so this is",
    "a warning.",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    const max = LIMITS.objectsPerPipeline.value;
    for (const p of ctx.program.pipelines) {
      // Default is sent when the source has one (or it carries fields), as the emitter does.
      const count = p.objects.length + (p.defaultsWritten !== false || p.defaults.fields.length > 0 ? 1 : 0);
      if (count <= max) continue;
      ctx.report({ span: p.objects[max - 1].idSpan, message: `the pipeline has ${count} objects; the default quota is ${max} per pipeline`, hint: "ask AWS to raise the quota before deploying, or split the pipeline" });
    }
  },
};
