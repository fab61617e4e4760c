import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE6001",
  name: "activity-without-on-fail",
  kind: "lint",
  severity: "warning",
  summary: "An activity with no `onFail` action: nobody hears when it fails.",
  explanation: [
    "Without an `onFail` action a failed activity only shows in the console. Point `onFail` at an",
    "`SnsAlarm` on the activity, or once in the `default` block so that every activity inherits it.",
    "",
    "```",
    "default { onFail = FailureAlarm }",
    "SnsAlarm FailureAlarm {",
    "  topicArn = \"#<myAlarmTopic>\"",
    "  subject = \"#<node.name> failed\"",
    "  message = \"#<node.errorMessage>\"",
    "}",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.category !== "activity" || o.effective.has("onFail")) return;
        ctx.report({
          span: o.idSpan,
          message: `the activity \`${o.id}\` has no \`onFail\` action; its failures raise no alarm`,
          hint: "set onFail = <an SnsAlarm> on it, or in the default block for every activity",
        });
      },
    };
  },
};
