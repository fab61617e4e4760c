import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4010",
  name: "exists-on-dynamodb",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-object-exists.html",
  summary: "An `Exists` precondition on a DynamoDBDataNode.",
  implements: ["dynamodb-no-exists"],
  explanation: [
    "`Exists` is not supported on DynamoDB data nodes; use `DynamoDBTableExists` or `DynamoDBDataExists`.",
    "",
    "```",
    "Exists Ready {}",
    "DynamoDBDataNode Table { tableName = \"t\"  precondition = Ready }   // PIPE4010",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.type !== "DynamoDBDataNode") return;
        for (const v of o.effective.get("precondition")?.field.values ?? []) {
          if (v.kind === "ref" && p.byId.get(v.id)?.type === "Exists") {
            ctx.report({ span: v.span, message: "`Exists` cannot check a DynamoDBDataNode", hint: "use DynamoDBTableExists or DynamoDBDataExists" });
          }
        }
      },
    };
  },
};
