import { concreteObjectTypeNames, objectType, suggest } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2004",
  name: "unknown-type",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "An object type that Data Pipeline does not have.",
  implements: ["type-known"],
  explanation: [
    "The word before an object's id is its type, one of the 41 Data Pipeline object types",
    "(`ShellCommandActivity`, `S3DataNode`, `Ec2Resource`, `Schedule`, ...), spelled exactly.",
    "An object that only serves as a `parent` template is declared with the type `Template`.",
    "",
    "```",
    "ShellComandActivity Copy { ... }   // PIPE2004: did you mean `ShellCommandActivity`?",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.type === undefined || !o.typeSpan) return;
        if (objectType(o.type) && o.type !== "Default") return;
        const s = suggest(o.type, concreteObjectTypeNames());
        ctx.report({
          span: o.typeSpan,
          message: o.type === "Default" ? "`Default` is not an object type; write the default object as `default { ... }`" : `\`${o.type}\` is not a Data Pipeline object type`,
          hint: s ? `did you mean \`${s}\`?` : "see https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-objects.html",
          fix: s ? { description: `replace with ${s}`, edits: [{ span: o.typeSpan, text: s }] } : undefined,
        });
      },
    };
  },
};
