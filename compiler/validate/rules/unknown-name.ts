import { defaultObjectFields, fieldNames, suggest } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2011",
  name: "unknown-name",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-expressions.html",
  summary: "A name in an expression is neither a parameter nor a field of the object.",
  explanation: [
    "In `#<...>` a bare name is a parameter (`myBucket`), `node` (in actions and preconditions), or",
    "a field of the current object, own or inherited (`#<directoryPath>`, `#<id>`). Anything else",
    "fails at run time.",
    "",
    "```",
    "S3DataNode Out { directoryPath = \"s3://b/#<fileName>\" }   // PIPE2011",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const params = p.parameters.map((x) => x.id);
    return {
      expr(e, site) {
        if (e.kind !== "field") return;
        if (e.type !== "unknown") return;
        const fields = site.object.type ? fieldNames(site.object.type).filter((n) => !n.startsWith("@")) : [...defaultObjectFields().keys()];
        const s = suggest(e.name, [...params, ...fields, ...site.object.effective.keys(), "node", "id", "name"]);
        ctx.report({
          span: e.span,
          message: `\`${e.name}\` is not a parameter or a field of \`${site.object.id}\``,
          hint: s ? `did you mean \`${s}\`?` : "parameters start with `my`; runtime fields with `@`, e.g. `@scheduledStartTime`",
          fix: s ? { description: `replace with ${s}`, edits: [{ span: e.span, text: s }] } : undefined,
        });
      },
    };
  },
};
