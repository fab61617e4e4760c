import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3016",
  name: "late-action-without-timeout",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "`onLateAction` without `lateAfterTimeout`.",
  implements: ["late-action-needs-timeout"],
  explanation: [
    "`onLateAction` fires when an object has not started `lateAfterTimeout` after its scheduled",
    "start. Without `lateAfterTimeout` (on the object, its parent or the default block) it never fires.",
    "",
    "```",
    "ShellCommandActivity Copy { onLateAction = Page ... }   // PIPE3016: add lateAfterTimeout = 1 hour",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        const late = o.effective.get("onLateAction");
        if (!late || o.type === undefined || o.effective.has("lateAfterTimeout")) return;
        ctx.report({
          span: late.from === o.id ? late.field.keySpan : o.idSpan,
          message: `\`${o.id}\` has \`onLateAction\` but no \`lateAfterTimeout\`, so the action never fires`,
          hint: "add e.g. lateAfterTimeout = 1 hour",
        });
      },
    };
  },
};
