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
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const o of p.objects) {
        if (o.category !== "activity" || o.effective.has("onFail")) continue;
        ctx.report({
          span: o.idSpan,
          message: `the activity \`${o.id}\` has no \`onFail\` action; its failures raise no alarm`,
          hint: "set onFail = <an SnsAlarm> on it, or in the default block for every activity",
        });
      }
    }
  },
};
