import type { FieldIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { allObjects } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE2016",
  name: "duplicate-field",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "The same field is written twice on one object.",
  explanation: [
    "A field appears once per object; repeatable fields take a list. (Definition JSON that repeats",
    "a key loses all but the last value.)",
    "",
    "```",
    "ShellCommandActivity Copy {",
    "  dependsOn = A",
    "  dependsOn = B   // PIPE2016: write dependsOn = [A, B]",
    "}",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      const seen = new Map<string, FieldIR>();
      for (const o of allObjects(p)) {
        seen.clear();
        for (const f of o.fields) {
          const prev = seen.get(f.key);
          if (!prev) {
            seen.set(f.key, f);
            continue;
          }
          ctx.report({
            span: f.keySpan,
            message: `\`${f.key}\` is already set on \`${o.id}\``,
            hint: "a repeatable field takes a list: [a, b]",
            related: [{ message: "first set here", file: p.file, span: prev.keySpan }],
          });
        }
      }
    }
  },
};
