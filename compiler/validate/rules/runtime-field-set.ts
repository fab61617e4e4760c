import { runtimeField } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2007",
  name: "runtime-field-set",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-expressions.html",
  summary: "A runtime field (`@status`, `errorMessage`, ...) set in the definition.",
  implements: ["runtime-readonly"],
  explanation: [
    "Runtime fields are filled in by the service while the pipeline runs and are read-only. They",
    "can be read in expressions (`#<@scheduledStartTime>`, `#<node.errorMessage>`) but not set.",
    "",
    "```",
    "ShellCommandActivity Copy { errorMessage = \"failed\" }   // PIPE2007",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      field(f, _o, spec) {
        const runtime = f.key.startsWith("@") || spec?.runtime === true || (!spec && runtimeField(f.key) !== undefined);
        if (!runtime) return;
        ctx.report({
          span: f.keySpan,
          message: `\`${f.key}\` is a runtime field filled in by Data Pipeline; it cannot be set`,
          hint: "read it in an expression instead, e.g. `#<@scheduledStartTime>`",
        });
      },
    };
  },
};
