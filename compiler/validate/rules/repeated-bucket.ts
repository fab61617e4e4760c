import type { TextSite } from "../../lint/util.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE6003",
  name: "repeated-bucket",
  kind: "lint",
  severity: "info",
  summary: "The same S3 bucket written literally in several fields; it belongs in a parameter.",
  explanation: [
    "A bucket name repeated across objects has to be changed in every place when the pipeline moves",
    "to another account or stage. Declare it once as a parameter and refer to it.",
    "",
    "```",
    "directoryPath = \"s3://acme-data/raw/\"        // PIPE6003",
    "output = \"s3://acme-data/curated/\"",
    "",
    "param myDataBucket: String = \"s3://acme-data\"",
    "directoryPath = \"#<myDataBucket>/raw/\"",
    "```",
  ].join("\n"),
};

const BUCKET = /s3n?:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?=\/|$|\u0000)/g;

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const byBucket = new Map<string, TextSite[]>();
    return {
      text(text, value, field, object) {
        if (!text.includes("s3")) return; // every match starts with it
        let site: TextSite | undefined;
        const seen = new Set<string>();
        for (const m of text.matchAll(BUCKET)) {
          if (seen.has(m[1])) continue;
          seen.add(m[1]);
          site ??= { object, field, value, text, span: value.span };
          const list = byBucket.get(m[1]) ?? [];
          list.push(site);
          byBucket.set(m[1], list);
        }
      },
      end() {
        for (const [bucket, sites] of [...byBucket].sort((a, b) => a[1][0].span.start - b[1][0].span.start)) {
          if (sites.length < 2) continue;
          ctx.report({
            span: sites[0].span,
            message: `the bucket \`${bucket}\` is written in ${sites.length} fields`,
            hint: "declare it once as a parameter and write #<myBucket> in each field",
            related: sites.slice(1).map((s) => ({ message: `also in \`${s.field.key}\` of \`${s.object.id}\``, file: p.file, span: s.span })),
          });
        }
      },
    };
  },
};
