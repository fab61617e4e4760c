import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4013",
  name: "missing-terminate-after",
  kind: "validation",
  severity: "warning",
  summary: "An Ec2Resource or EmrCluster without `terminateAfter` can run (and bill) indefinitely.",
  implements: ["missing-terminate-after"],
  explanation: [
    "Resources stay up until `terminateAfter`; without it a stuck task keeps the instance running.",
    "Data Pipeline answers with a validation warning.",
    "",
    "```",
    "Ec2Resource Worker { instanceType = \"m5.large\" }   // PIPE4013: add terminateAfter = 2 hours",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if ((o.type !== "Ec2Resource" && o.type !== "EmrCluster") || o.effective.has("terminateAfter")) return;
        ctx.report({ span: o.idSpan, message: `\`${o.id}\` has no \`terminateAfter\`; it can run indefinitely`, hint: "add e.g. terminateAfter = 2 hours" });
      },
    };
  },
};
