import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3003",
  name: "not-a-list",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "Several values given to a field that takes one.",
  explanation: [
    "Only repeatable fields (`dependsOn`, `input`, `output`, `precondition`, `onFail`,",
    "`scriptArgument`, `step`, ...) take a list. Others hold one value.",
    "",
    "```",
    "ShellCommandActivity Copy { runsOn = [WorkerA, WorkerB] }   // PIPE3003",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      field(f, _o, spec) {
        if (!spec || spec.list || f.values.length <= 1) return;
        ctx.report({ span: f.values[1].span, message: `\`${f.key}\` takes one value, not a list of ${f.values.length}` });
      },
    };
  },
};
