import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2012",
  name: "parameter-id",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-custom-templates.html",
  summary: "A parameter id that does not start with `my`.",
  implements: ["parameters-limit"],
  explanation: [
    "The Data Pipeline guide requires parameter ids to start with `my` (`*my` for encrypted ones):",
    "\"It is required that the variable is prefixed by my\" (parametrized templates). The prefix keeps",
    "parameters apart from field names in expressions.",
    "",
    "```",
    "param bucket: String   // PIPE2012: name it myBucket",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const prm of p.parameters) {
        const bare = prm.id.replace(/^\*/, "");
        if (bare === "" || /^my/.test(bare)) continue;
        ctx.report({ span: prm.idSpan, message: `the parameter id \`${bare}\` should start with \`my\``, hint: `e.g. my${bare.charAt(0).toUpperCase()}${bare.slice(1)}` });
      }
    }
  },
};
