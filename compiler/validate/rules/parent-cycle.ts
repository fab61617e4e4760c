import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4002",
  name: "parent-cycle",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "A `parent` chain loops back on itself.",
  implements: ["parent-acyclic"],
  explanation: [
    "`parent` copies the fields of another object; chains may be long but must end (at the",
    "default object, which is the implicit root).",
    "",
    "```",
    "Template A { parent = B }",
    "Template B { parent = A }   // PIPE4002: A -> B -> A",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      const reported = new Set<string>();
      for (const o of p.objects) {
        const path: string[] = [o.id];
        let cur = o.parent !== undefined ? p.byId.get(o.parent) : undefined;
        while (cur && cur.id !== "Default") {
          const at = path.indexOf(cur.id);
          if (at >= 0) {
            const cycle = path.slice(at);
            const key = [...cycle].sort().join("\u0000");
            if (at === 0 && !reported.has(key)) {
              reported.add(key);
              const span = o.fields.find((f) => f.key === "parent")?.values[0]?.span ?? o.idSpan;
              ctx.report({ span, message: cycle.length === 1 ? `\`${o.id}\` is its own parent` : `parent cycle: ${[...cycle, cycle[0]].join(" -> ")}` });
            }
            break;
          }
          path.push(cur.id);
          cur = cur.parent !== undefined ? p.byId.get(cur.parent) : undefined;
        }
      }
    }
  },
};
