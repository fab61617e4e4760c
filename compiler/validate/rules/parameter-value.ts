import { parameterAttribute } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3025",
  name: "parameter-value",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-custom-templates.html",
  summary: "A parameter default that does not fit the parameter's type, allowed values or arity, or a non-boolean `optional`/`isArray`.",
  implements: ["param-type"],
  explanation: [
    "Data Pipeline checks parameter values against the declared type (`Integer`, `Double`) and",
    "`allowedValues`, and only `isArray` parameters take several values. The default is checked",
    "here; values supplied at activation are checked by the service.",
    "",
    "```",
    "param myRetries: Integer = \"three\"                                    // PIPE3025",
    "param myEnv: String = \"qa\" { allowedValues = [\"dev\", \"prod\"] }      // PIPE3025",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const prm of p.parameters) {
        for (const a of prm.attributes) {
          if (parameterAttribute(a.key)?.kind !== "boolean") continue;
          const bad = a.values.find((v) => v !== "true" && v !== "false");
          if (bad !== undefined) ctx.report({ span: a.span, message: `\`${a.key}\` of \`${prm.id}\` is \`true\` or \`false\`, not \`${bad}\`` });
        }
        const d = prm.attributes.find((a) => a.key === "default");
        if (!d) continue;
        if (d.values.length > 1 && !prm.isArray) {
          ctx.report({ span: d.span, message: `\`${prm.id}\` takes one value; add \`isArray = true\` for a list` });
        }
        for (const v of d.values) {
          if (prm.type === "Integer" && !/^-?\d+$/.test(v.trim())) ctx.report({ span: d.span, message: `the default \`${v}\` of \`${prm.id}\` is not an Integer` });
          else if (prm.type === "Double" && !/^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(v.trim())) ctx.report({ span: d.span, message: `the default \`${v}\` of \`${prm.id}\` is not a Double` });
          else if (prm.allowedValues && prm.allowedValues.length > 0 && !prm.allowedValues.includes(v)) {
            ctx.report({ span: d.span, message: `the default \`${v}\` of \`${prm.id}\` is not one of its allowedValues (${prm.allowedValues.join(", ")})` });
          }
        }
      }
    }
  },
};
