import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE6010",
  name: "overwritten-output",
  kind: "lint",
  severity: "warning",
  summary: "A scheduled activity writes to a fixed S3 path: every run overwrites the last one.",
  explanation: [
    "In a scheduled pipeline each run of an activity writes its output data node. When the node's",
    "`directoryPath` or `filePath` has no expression, all runs write to the same place, so a late or",
    "re-run instance overwrites newer data. Put the run's time in the path.",
    "",
    "```",
    "S3DataNode Out { directoryPath = \"s3://acme/out/\" }                                     // PIPE6010",
    "S3DataNode Out { directoryPath = \"s3://acme/out/#<format(@scheduledStartTime, 'YYYY-MM-dd')>/\" }",
    "```",
  ].join("\n"),
};

const PATH_FIELDS = ["directoryPath", "filePath"];

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    if (p.scheduleType === "ondemand") return undefined;
    const outputs = new Set(p.edges.filter((e) => e.kind === "output").map((e) => e.to));
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.type !== "S3DataNode" || !outputs.has(o.id)) return;
        for (const key of PATH_FIELDS) {
          const eff = o.effective.get(key);
          const v = eff?.field.values[0];
          if (v?.kind !== "literal") continue;
          ctx.report({
            span: eff?.from === o.id ? v.span : o.idSpan,
            message: `every run writes \`${o.id}\` to the same path ${v.text}`,
            hint: "add the run's time to the path, e.g. #<format(@scheduledStartTime, 'YYYY-MM-dd-HH')>",
          });
        }
      },
    };
  },
};
