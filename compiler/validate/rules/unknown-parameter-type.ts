import { suggest } from "../../model/index.ts";
import { parameterType } from "../../resolve/resolve.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2013",
  name: "unknown-parameter-type",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-custom-templates.html",
  summary: "A parameter type other than String, Integer, Double or S3Key.",
  explanation: [
    "Parameters have one of the types `String` (the default), `Integer`, `Double` and",
    "`AWS::S3::ObjectKey`, written `S3Key` for short (or `` `AWS::S3::ObjectKey` ``). The service",
    "reads them without regard to case or `:` (`string`, `aws:s3objectkey`); PIPE6012 suggests the",
    "documented spelling.",
    "",
    "```",
    "param myCount: Int = 3   // PIPE2013: did you mean `Integer`?",
    "```",
  ].join("\n"),
};

const NAMES = ["String", "Integer", "Double", "S3Key", "AWS::S3::ObjectKey"];

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const prm of p.parameters) {
        const t = prm.typeWritten;
        if (!t || parameterType(t.text) !== undefined) continue;
        const s = suggest(t.text, NAMES) ?? (/^int/i.test(t.text) ? "Integer" : undefined);
        ctx.report({
          span: t.span,
          message: `\`${t.text}\` is not a parameter type`,
          hint: s ? `did you mean \`${s}\`?` : "use String, Integer, Double or S3Key",
          fix: s ? { description: `replace with ${s}`, edits: [{ span: t.span, text: s }] } : undefined,
        });
      }
    }
  },
};
