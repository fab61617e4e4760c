import type { ObjectIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2001",
  name: "duplicate-id",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "Two objects in one pipeline have the same id.",
  implements: ["unique-id"],
  explanation: [
    "Object ids name objects in references and must be unique within a pipeline (case-sensitive).",
    "The `default { ... }` block is the object with id `Default`, so a second `default` block or an",
    "object named `Default` is a duplicate too.",
    "",
    "```",
    "S3DataNode Input { filePath = \"s3://a/in.csv\" }",
    "S3DataNode Input { filePath = \"s3://a/other.csv\" }   // PIPE2001",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const first = new Map<string, ObjectIR>([["Default", p.defaults]]);
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        const prev = first.get(o.id);
        if (!prev) {
          first.set(o.id, o);
          return;
        }
        ctx.report({
          span: o.idSpan,
          message: o.id === "Default" ? "the pipeline already has a `default` block (the object `Default`)" : `an object with id \`${o.id}\` is already declared`,
          hint: "rename one of them; ids are unique within a pipeline",
          related: [{ message: "first declared here", file: p.file, span: prev.idSpan }],
        });
      },
    };
  },
};
