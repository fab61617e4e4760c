import type { Rule, RuleMeta } from "../rule.ts";
import { fieldValueProblem, noValueFits, parameterSites } from "../substitute.ts";

export const meta: RuleMeta = {
  code: "PIPE3028",
  name: "parameter-in-field",
  kind: "validation",
  severity: "error",
  summary: "A typed field set to a parameter (`#<myX>`) whose value cannot fit the field.",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-custom-templates.html",
  explanation: [
    "Data Pipeline substitutes `#{myParam}` before it validates a field, so a date-time, number,",
    "period or enum field may be a parameter. When the parameter has a default, the default is",
    "checked as the field's value (a warning at the default: another value may be given at",
    "activation); `pipec build --env` checks the environment's value the same way. It is an error",
    "only when no value could be valid: a number parameter in a date-time, period or boolean",
    "field, or `allowedValues` none of which fits.",
    "",
    "```",
    "param myStart: String = \"tomorrow\"   // PIPE3028 (warning): not a date-time",
    "Schedule Daily { period = 1 day  startDateTime = \"#<myStart>\" }",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const site of parameterSites(p)) {
        const { parameter: prm, spec, field } = site;
        if (noValueFits(prm, spec)) {
          ctx.report({
            span: site.value.span,
            message: `no value of the ${prm.type} parameter \`${prm.id}\`${prm.allowedValues?.length ? " (given its allowedValues)" : ""} can be a value of \`${field.key}\` (${spec.kind})`,
          });
          continue;
        }
        if (typeof prm.default !== "string") continue;
        const problem = fieldValueProblem(prm.default, spec);
        if (problem === undefined) continue;
        const at = prm.attributes.find((a) => a.key === "default")?.span ?? prm.idSpan;
        ctx.report({
          span: at,
          severity: "warning",
          message: `the default "${prm.default}" of \`${prm.id}\`, used as \`${field.key}\`, ${problem}`,
          hint: "give a default that fits the field, or a value at activation",
          related: [{ message: `\`${field.key}\` is set to \`${prm.id}\` here`, file: p.file, span: site.value.span }],
        });
      }
    }
  },
};
