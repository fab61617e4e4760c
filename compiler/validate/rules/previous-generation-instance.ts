import type { Rule, RuleMeta } from "../rule.ts";
import { literalText } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE6009",
  name: "previous-generation-instance",
  kind: "lint",
  severity: "warning",
  summary: "A previous-generation EC2 instance type (or none: Ec2Resource then defaults to m1.small).",
  explanation: [
    "Previous-generation types (m1, m2, m3, c1, c3, cc2, cg1, cr1, hi1, hs1, i2, r3, t1, g2) cost more",
    "for less and are not offered in newer regions. An `Ec2Resource` without `instanceType` gets",
    "`m1.small`. Name a current type.",
    "",
    "```",
    "Ec2Resource Worker { terminateAfter = 1 hour }                 // PIPE6009: m1.small",
    "Ec2Resource Worker { instanceType = \"m3.xlarge\" }               // PIPE6009",
    "Ec2Resource Worker { instanceType = \"m5.large\"  terminateAfter = 1 hour }",
    "```",
  ].join("\n"),
};

const PREVIOUS = /^(m1|m2|m3|c1|c3|cc1|cc2|cg1|cr1|hi1|hs1|i2|r3|t1|g2)\./;
const FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ["Ec2Resource", ["instanceType"]],
  ["EmrCluster", ["masterInstanceType", "coreInstanceType", "taskInstanceType"]],
]);

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        const fields = o.type ? FIELDS.get(o.type) : undefined;
        if (!fields) return;
        for (const key of fields) {
          const eff = o.effective.get(key);
          const text = literalText(eff);
          if (!eff) {
            if (o.type === "Ec2Resource") ctx.report({ span: o.idSpan, message: `\`${o.id}\` has no \`instanceType\`, so it runs on m1.small (previous generation)`, hint: "set instanceType, e.g. \"m5.large\"" });
            continue;
          }
          if (text === undefined || !PREVIOUS.test(text.trim())) continue;
          ctx.report({ span: eff.from === o.id ? eff.field.values[0].span : o.idSpan, message: `\`${o.id}\` uses the previous-generation type ${text.trim()} for \`${key}\``, hint: "choose a current generation type (m5, m6i, c6i, r6i, t3, ...)" });
        }
      },
    };
  },
};
