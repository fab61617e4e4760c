import type { FieldIR, ObjectIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";

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
  visit(p, ctx) {
    const seen = new Map<string, FieldIR>(); // for objects with many fields
    const report = (o: ObjectIR, f: FieldIR, prev: FieldIR): void =>
      ctx.report({
        span: f.keySpan,
        message: `\`${f.key}\` is already set on \`${o.id}\``,
        hint: "a repeatable field takes a list: [a, b]",
        related: [{ message: "first set here", file: p.file, span: prev.keySpan }],
      });
    return {
      object(o) {
        const fields = o.fields;
        if (fields.length <= 32) {
          // Few fields (the usual case): compared pairwise, nothing allocated.
          for (let i = 1; i < fields.length; i++) {
            for (let j = 0; j < i; j++) {
              if (fields[j].key !== fields[i].key) continue;
              report(o, fields[i], fields[j]);
              break;
            }
          }
          return;
        }
        seen.clear();
        for (const f of fields) {
          const prev = seen.get(f.key);
          if (!prev) seen.set(f.key, f);
          else report(o, f, prev);
        }
      },
    };
  },
};
