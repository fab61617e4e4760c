import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3026",
  name: "emr-release",
  kind: "validation",
  severity: "warning",
  summary: "An EmrCluster mixes `amiVersion` with settings that need `releaseLabel` (EMR 4.x and later).",
  implements: ["emr-release"],
  explanation: [
    "`releaseLabel` selects EMR 4.x and later; `amiVersion` selects older releases. `configuration`,",
    "`applications` and the `*GroupConfiguration` fields apply only to 4.x and later.",
    "",
    "```",
    "EmrCluster Cluster { amiVersion = \"3.9.0\"  applications = [\"spark\"] }   // PIPE3026",
    "```",
  ].join("\n"),
};

const NEW_ONLY = ["configuration", "applications", "coreGroupConfiguration", "masterGroupConfiguration", "taskGroupConfiguration"];

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.type !== "EmrCluster") return;
        const ami = o.effective.get("amiVersion");
        const release = o.effective.get("releaseLabel");
        if (ami && release) {
          ctx.report({ span: (ami.from === o.id ? ami.field : release.field).keySpan, message: "set either `releaseLabel` (EMR 4.x+) or `amiVersion` (older), not both" });
          return;
        }
        if (!ami) return;
        for (const k of NEW_ONLY) {
          const f = o.effective.get(k);
          if (f && f.from === o.id) ctx.report({ span: f.field.keySpan, message: `\`${k}\` applies only to EMR 4.x and later (\`releaseLabel\`), but \`${o.id}\` uses \`amiVersion\`` });
        }
      },
    };
  },
};
