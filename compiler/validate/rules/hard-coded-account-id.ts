import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE6002",
  name: "hard-coded-account-id",
  kind: "lint",
  severity: "warning",
  summary: "An AWS account id or ARN written into a field instead of a parameter.",
  explanation: [
    "Account ids tie a definition to one account: the same pipeline cannot be deployed to a test",
    "and a production account. Declare a parameter and use it in the field; the value is then given",
    "at activation (or by the environment in `pipec build --env`).",
    "",
    "```",
    "topicArn = \"arn:aws:sns:us-east-1:123456789012:alerts\"   // PIPE6002",
    "",
    "param myAlertTopic: String { description = \"SNS topic for failures\" }",
    "topicArn = \"#<myAlertTopic>\"",
    "```",
  ].join("\n"),
};

/** `arn:partition:service:region:ACCOUNT:...` with a 12-digit account. */
const ARN_ACCOUNT = /arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/;
/** A bare 12-digit number in a field whose name mentions the account. */
const BARE_ACCOUNT = /^(\d{12})$/;

export const rule: Rule = {
  meta,
  visit(_p, ctx) {
    const mentionsAccount = new Map<string, boolean>(); // per field key
    return {
      text(text, value, f, o) {
        const arn = text.includes("arn:aws") ? ARN_ACCOUNT.exec(text) : null; // every match starts with it
        let mentions = mentionsAccount.get(f.key);
        if (mentions === undefined) {
          mentions = /account/i.test(f.key);
          mentionsAccount.set(f.key, mentions);
        }
        const bare = mentions ? BARE_ACCOUNT.exec(text.trim()) : null;
        const account = arn?.[1] ?? bare?.[1];
        if (!account) return;
        ctx.report({
          span: value.span,
          message: `\`${f.key}\` of \`${o.id}\` hard-codes the AWS account ${account}${arn ? " in an ARN" : ""}`,
          hint: "declare a parameter (param myTopicArn: String) and write #<myTopicArn> here",
        });
      },
    };
  },
};
