import type { Rule, RuleMeta } from "../rule.ts";
import { parameterType } from "../../resolve/resolve.ts";

export const meta: RuleMeta = {
  code: "PIPE6012",
  name: "parameter-type-spelling",
  kind: "lint",
  severity: "warning",
  summary: "A parameter type written in another case than the documented `String`, `Integer`, `Double` or `AWS::S3::ObjectKey`.",
  explanation: [
    "Data Pipeline accepts parameter types in any case (`string`, `integer`, `aws:s3objectkey` are",
    "found in published templates), and pipec keeps the spelling as written. The documented names",
    "are `String`, `Integer`, `Double` and `AWS::S3::ObjectKey` (`S3Key` in `.pipe`); the fix",
    "writes the documented name.",
    "",
    "```",
    "param myCount: integer = 3   // PIPE6012: write `Integer`",
    "```",
  ].join("\n"),
};

/** The documented spelling, as written in `.pipe` and in definition JSON. */
const PIPE_NAME: Readonly<Record<string, string>> = { String: "String", Integer: "Integer", Double: "Double", "AWS::S3::ObjectKey": "S3Key" };

export const rule: Rule = {
  meta,
  check(ctx) {
    const json = ctx.program.file.toLowerCase().endsWith(".json");
    for (const p of ctx.program.pipelines) {
      for (const prm of p.parameters) {
        const t = prm.typeWritten;
        if (!t) continue;
        const type = parameterType(t.text);
        if (type === undefined || t.text === type || t.text === "S3Key") continue;
        const canonical = json ? type : ((Object.hasOwn(PIPE_NAME, type) ? PIPE_NAME[type] : undefined) ?? type);
        ctx.report({
          span: t.span,
          message: `the parameter type \`${t.text}\` is accepted, but the documentation spells it \`${canonical}\``,
          hint: `write \`${canonical}\``,
          fix: { description: `write ${canonical}`, edits: [{ span: t.span, text: json ? JSON.stringify(canonical) : canonical }] },
        });
      }
    }
  },
};
