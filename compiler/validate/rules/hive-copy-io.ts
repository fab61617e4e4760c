import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4009",
  name: "hive-copy-io",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-object-hivecopyactivity.html",
  summary: "A HiveCopyActivity with input/output data nodes it does not support.",
  implements: ["hivecopy-io"],
  explanation: [
    "HiveCopyActivity reads an `S3DataNode` or a `DynamoDBDataNode`; when it reads S3 it must write",
    "DynamoDB; its DynamoDB nodes need a `DynamoDBExportDataFormat`.",
    "",
    "```",
    "HiveCopyActivity Copy { input = SqlTable ... }   // PIPE4009",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.type !== "HiveCopyActivity") return;
        const targets = (key: string) => (o.effective.get(key)?.field.values ?? []).flatMap((v) => (v.kind === "ref" && p.byId.get(v.id) ? [{ v, t: p.byId.get(v.id)! }] : []));
        const inputs = targets("input");
        for (const { v, t } of inputs) {
          if (t.type !== "S3DataNode" && t.type !== "DynamoDBDataNode") ctx.report({ span: v.span, message: `HiveCopyActivity reads an S3DataNode or a DynamoDBDataNode, not a ${t.type}` });
        }
        if (inputs.some(({ t }) => t.type === "S3DataNode")) {
          for (const { v, t } of targets("output")) {
            if (t.type !== "DynamoDBDataNode") ctx.report({ span: v.span, message: `HiveCopyActivity reading S3 must write a DynamoDBDataNode, not a ${t.type}` });
          }
        }
        for (const { v, t } of [...inputs, ...targets("output")]) {
          if (t.type !== "DynamoDBDataNode") continue;
          const fmt = t.effective.get("dataFormat")?.field.values[0];
          const ft = fmt?.kind === "ref" ? p.byId.get(fmt.id)?.type : undefined;
          if (ft !== "DynamoDBExportDataFormat") ctx.report({ span: v.span, message: `\`${t.id}\` needs \`dataFormat\` of type DynamoDBExportDataFormat for HiveCopyActivity` });
        }
      },
    };
  },
};
