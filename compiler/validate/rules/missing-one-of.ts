import { objectType } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { orList } from "../util.ts";
import { hasField } from "./missing-required-field.ts";

export const meta: RuleMeta = {
  code: "PIPE3005",
  name: "missing-one-of",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "None of a group of alternative fields is set (e.g. `filePath` or `directoryPath`).",
  implements: ["required-one-of", "s3-path"],
  explanation: [
    "Some types need one field out of a group: an activity runs somewhere (`runsOn` or",
    "`workerGroup`), an `S3DataNode` has a `filePath` or a `directoryPath`, a `Schedule` starts",
    "at `startDateTime` or `startAt`, a `ShellCommandActivity` has a `command` or a `scriptUri`.",
    "",
    "```",
    "ShellCommandActivity Copy { command = \"echo hi\" }   // PIPE3005: needs runsOn or workerGroup",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        const spec = o.type ? objectType(o.type) : undefined;
        if (!spec || o.type === "Default") return;
        const groups = spec.requiredOneOf;
        if (groups === undefined) return;
        for (const group of groups) {
          let found = false;
          for (let i = 0; i < group.length && !found; i++) found = hasField(o, group[i]);
          if (found) continue;
          ctx.report({ span: o.idSpan, message: `\`${o.id}\` (${o.type}) needs ${orList(group.map((k) => `\`${k}\``))}` });
        }
      },
    };
  },
};
