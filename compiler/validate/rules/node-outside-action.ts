import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3023",
  name: "node-outside-action",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-expressions.html",
  summary: "`node` used outside an action or precondition.",
  explanation: [
    "`node` is the object that triggered an action (`onFail`, `onSuccess`, `onLateAction`) or that",
    "a precondition guards. It exists only in actions (`SnsAlarm`, `Terminate`) and preconditions.",
    "Elsewhere, read the object's own fields directly (`#<name>`, `#<@scheduledStartTime>`).",
    "",
    "```",
    "ShellCommandActivity Copy { command = \"echo #<node.name>\" }   // PIPE3023: write #<name>",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      expr(e, site) {
        if (e.kind !== "node") return;
        const o = site.object;
        if (o.type === undefined || o.category === "action" || o.category === "precondition") return;
        ctx.report({
          span: e.span,
          message: `\`node\` exists only in actions and preconditions, not in \`${o.id}\` (${o.type})`,
          hint: "read the object's own fields directly, e.g. #<name> or #<@scheduledStartTime>",
        });
      },
    };
  },
};
