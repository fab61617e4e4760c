import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4011",
  name: "copy-activity-formats",
  kind: "validation",
  severity: "warning",
  summary: "A CopyActivity reads S3 data in a format other than CSV or TSV.",
  implements: ["copyactivity-formats"],
  explanation: "CopyActivity with an S3 input supports only CSV and TSV data formats (unquoted, comma separated, backslash escapes, LF line ends).",
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.type !== "CopyActivity") return;
        for (const v of o.effective.get("input")?.field.values ?? []) {
          const t = v.kind === "ref" ? p.byId.get(v.id) : undefined;
          if (t?.type !== "S3DataNode") continue;
          const fmt = t.effective.get("dataFormat")?.field.values[0];
          const ft = fmt?.kind === "ref" ? p.byId.get(fmt.id)?.type : undefined;
          if (ft && ft !== "CSV" && ft !== "TSV") ctx.report({ span: v.span, message: `CopyActivity reads S3 data as CSV or TSV only, but \`${t.id}\` is ${ft}` });
        }
      },
    };
  },
};
