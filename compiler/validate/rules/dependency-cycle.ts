import type { EdgeIR, PipelineIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4001",
  name: "dependency-cycle",
  kind: "validation",
  severity: "error",
  summary: "Objects wait for each other in a circle (through `dependsOn` or input/output data flow).",
  explanation: [
    "An object waits for everything it `dependsOn`; an activity also waits for its `input` data",
    "nodes, and a data node for the activity that writes it (`output`). A circle of such waits",
    "never starts. The message lists the circle.",
    "",
    "```",
    "ShellCommandActivity A { dependsOn = B ... }",
    "ShellCommandActivity B { dependsOn = A ... }   // PIPE4001: A -> B -> A",
    "```",
  ].join("\n"),
};

interface Wait {
  readonly to: string;
  readonly edge: EdgeIR;
}

/** "waits for" edges: dependsOn and input as written, output reversed. */
export function waitGraph(p: PipelineIR): Map<string, Wait[]> {
  const g = new Map<string, Wait[]>();
  const add = (from: string, to: string, edge: EdgeIR): void => {
    if (!p.byId.has(from) || !p.byId.has(to)) return;
    const list = g.get(from) ?? [];
    list.push({ to, edge });
    g.set(from, list);
  };
  for (const e of p.edges) {
    if (e.kind === "dependsOn" || e.kind === "input") add(e.from, e.to, e);
    else if (e.kind === "output") add(e.to, e.from, e);
  }
  return g;
}

function describe(w: Wait): string {
  return w.edge.kind === "output" ? "(output of)" : w.edge.kind === "input" ? "(input)" : "";
}

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      const g = waitGraph(p);
      const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
      const stack: { id: string; via?: Wait }[] = [];
      const reported = new Set<string>();
      const reportedEdges = new Set<string>();
      const visit = (id: string): void => {
        state.set(id, 1);
        for (const w of g.get(id) ?? []) {
          const s = state.get(w.to);
          if (s === 1) {
            const start = stack.findIndex((x) => x.id === w.to);
            const ids = stack.slice(start).map((x) => x.id);
            const key = [...ids].sort().join("\u0000");
            if (reported.has(key)) continue;
            reported.add(key);
            const path = [w.to];
            for (const c of [...stack.slice(start + 1), { id: w.to, via: w }]) {
              const label = c.via ? describe(c.via) : "";
              path.push(label ? `${label} ${c.id}` : c.id);
            }
            // Any dependsOn in the circle may be the mistake: report at each (at every edge when
            // the circle is pure data flow), once per edge.
            const edges = [...stack.slice(start + 1).map((x) => (x.via as Wait).edge), w.edge];
            const explicit = edges.filter((e) => e.kind === "dependsOn");
            for (const e of explicit.length ? explicit : edges) {
              const at = `${e.span.start}:${e.span.end}`;
              if (reportedEdges.has(at)) continue;
              reportedEdges.add(at);
              ctx.report({
                span: e.span,
                message: ids.length === 1 ? `\`${id}\` waits for itself` : `dependency cycle: ${path.join(" -> ")}`,
                hint: "remove one of the dependencies in the circle",
                related: edges.filter((x) => x !== e).map((x) => ({ message: `\`${x.from}\` ${x.kind} \`${x.to}\``, file: p.file, span: x.span })),
              });
            }
          } else if (s === undefined) {
            stack.push({ id: w.to, via: w });
            visit(w.to);
            stack.pop();
          }
        }
        state.set(id, 2);
      };
      for (const id of [...g.keys()].sort()) {
        if (state.has(id)) continue;
        stack.push({ id });
        visit(id);
        stack.pop();
      }
    }
  },
};
