import type { Rule, RuleMeta } from "../rule.ts";
import { allObjects, specOf } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE2009",
  name: "forbidden-field",
  kind: "validation",
  severity: "error",
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
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const o of allObjects(p)) {
        if (o.type === undefined) continue;
        for (const f of o.fields) {
          if (!specOf(o, f.key)?.forbidden) continue;
          ctx.report({ span: f.keySpan, message: `\`${f.key}\` is not allowed on \`${o.type}\``, hint: "remove the field" });
        }
      }
    }
  },
};
