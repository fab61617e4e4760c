import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2009",
  name: "forbidden-field",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-object-ec2resource.html",
  summary: "A field the type explicitly does not allow (`runsOn` or `workerGroup` on a resource).",
  implements: ["resource-no-runsOn"],
  explanation: [
    "Resources run activities; they are not run on something else. `runsOn` and `workerGroup`",
    "are not allowed on `Ec2Resource` and `EmrCluster`.",
    "",
    "```",
    "Ec2Resource Worker { runsOn = OtherWorker }   // PIPE2009",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      field(f, o, spec) {
        if (o.type === undefined || !spec?.forbidden) return;
        ctx.report({ span: f.keySpan, message: `\`${f.key}\` is not allowed on \`${o.type}\``, hint: "remove the field" });
      },
    };
  },
};
