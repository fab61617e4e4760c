import { referencedIds } from "../../lint/util.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE6005",
  name: "unused-object",
  kind: "lint",
  severity: "warning",
  summary: "An object that nothing refers to (a schedule, resource, data node, alarm, ...).",
  explanation: [
    "Activities are where work starts; every other object matters only when something refers to",
    "it. An unreferenced schedule, resource, data node, action, precondition, database or data",
    "format is usually left over from an edit, or a reference was misspelt.",
    "",
    "```",
    "Ec2Resource OldWorker { instanceType = \"m5.large\" }   // PIPE6005: no runsOn points here",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const referenced = referencedIds(p);
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        if (o.category === "activity" || o.category === "default" || o.id === "Default" || referenced.has(o.id)) return;
        ctx.report({
          span: o.idSpan,
          message: `\`${o.id}\`${o.type ? ` (${o.type})` : ""} is not referred to by any object`,
          hint: "refer to it from the object that needs it, or remove it",
        });
      },
    };
  },
};
