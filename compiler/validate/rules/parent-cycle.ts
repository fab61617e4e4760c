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

const hasParent = (o: { readonly parent?: string }): boolean => o.parent !== undefined;

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      if (!p.objects.some(hasParent)) continue; // no parent, no cycle
      // Each object has at most one parent: one walk per object, never revisiting a finished one
      // (linear in the number of objects, however long the chains).
      const ON_WALK = 1;
      const DONE = 2;
      const state = new Map<string, number>();
      const cycles: string[][] = [];
      for (const o of p.objects) {
        if (state.has(o.id)) continue;
        const path: string[] = [];
        const at = new Map<string, number>();
        let id: string | undefined = o.id;
        while (id !== undefined && id !== "Default" && !state.has(id)) {
          state.set(id, ON_WALK);
          at.set(id, path.length);
          path.push(id);
          const next: string | undefined = (id === o.id ? o : p.byId.get(id))?.parent;
          id = next !== undefined && p.byId.has(next) ? next : undefined;
        }
        if (id !== undefined && state.get(id) === ON_WALK) cycles.push(path.slice(at.get(id)));
        for (const x of path) state.set(x, DONE);
      }
      // Reported once, at the cycle's first object in source order, followed from there.
      const reports: { index: number; o: (typeof p.objects)[number]; cycle: string[] }[] = [];
      const first = new Map<string, number>();
      if (cycles.length > 0) p.objects.forEach((x, i) => first.has(x.id) || first.set(x.id, i));
      for (const cycle of cycles) {
        let start = 0;
        for (let k = 1; k < cycle.length; k++) if (first.get(cycle[k]!)! < first.get(cycle[start]!)!) start = k;
        const index = first.get(cycle[start]!)!;
        const o = p.objects[index]!;
        reports.push({ index, o, cycle: [...cycle.slice(start), ...cycle.slice(0, start)] });
      }
      reports.sort((a, b) => a.index - b.index);
      for (const { o, cycle } of reports) {
        const span = o.fields.find((f) => f.key === "parent")?.values[0]?.span ?? o.idSpan;
        ctx.report({ span, message: cycle.length === 1 ? `\`${o.id}\` is its own parent` : `parent cycle: ${[...cycle, cycle[0]].join(" -> ")}` });
      }
    }
  },
};
