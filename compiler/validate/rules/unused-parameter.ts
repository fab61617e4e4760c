import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE6004",
  name: "unused-parameter",
  kind: "lint",
  severity: "warning",
  summary: "A parameter that no expression uses.",
  explanation: [
    "A declared parameter that no `#<...>` expression reads still has to be given (or defaulted)",
    "at activation, and readers look for where it matters. Use it or remove it.",
    "",
    "```",
    "param myOldPrefix: S3Key = \"s3://a/old\"   // PIPE6004: nothing reads #<myOldPrefix>",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const used = new Set<string>();
    return {
      expr(e) {
        if (e.kind !== "param") return;
        used.add(e.id.replace(/^\*/, ""));
      },
      end() {
        for (const param of p.parameters) {
          const id = param.id.replace(/^\*/, "");
          if (used.has(id)) continue;
          ctx.report({ span: param.idSpan, message: `the parameter \`${param.id}\` is never used`, hint: `use it as #<${param.id}> in a field, or remove the declaration` });
        }
      },
    };
  },
};
