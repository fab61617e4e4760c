import { isUserField } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2006",
  name: "user-field-prefix",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "A custom field whose name starts with `my` but not `my` + capital letter or `_`.",
  implements: ["user-field-prefix"],
  explanation: [
    "Data Pipeline accepts custom fields only when the name is lowercase `my` followed by an",
    "uppercase letter or an underscore.",
    "",
    "```",
    "S3DataNode Input { mycomment = \"raw files\" }   // PIPE2006: write myComment",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      field(f, _o, spec) {
        if (spec) return;
        const bare = f.key.replace(/^\*/, "");
        if (!/^my/i.test(bare) || isUserField(bare)) return;
        if (!/^my/.test(bare) && !/^My[A-Z_]/.test(bare)) return;
        const fixed = `my${bare.charAt(2).toUpperCase()}${bare.slice(3)}`;
        const good = isUserField(fixed) ? fixed : undefined;
        ctx.report({
          span: f.keySpan,
          message: `the custom field \`${f.key}\` must start with \`my\` followed by a capital letter or \`_\``,
          hint: good ? `rename it to \`${good}\`` : undefined,
          fix: good ? { description: `rename to ${good}`, edits: [{ span: f.keySpan, text: f.key.startsWith("*") ? `*${good}` : good }] } : undefined,
        });
      },
    };
  },
};
