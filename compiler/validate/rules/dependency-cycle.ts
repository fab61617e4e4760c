import type { EdgeIR, PipelineIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE4001",
  name: "dependency-cycle",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "Objects wait for each other in a circle (through `dependsOn` or input/output data flow).",
  explanation: [
    "An object waits for everything it `dependsOn`; an activity also waits for its `input` data",
    "nodes, and a data node for the activity that writes it (`output`). A circle of such waits",
    "never starts. Each circle is reported once, at its first `dependsOn` in the source; the message",
    "lists the circle, and the other edges of the circle are given as related locations.",
    "",
    "```",
    "ShellCommandActivity A { dependsOn = B ... }   // PIPE4001: A -> B -> A",
    "ShellCommandActivity B { dependsOn = A ... }   // (related: `B` dependsOn `A`)",
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
    const list = g.get(from);
    if (list === undefined) g.set(from, [{ to, edge }]);
    else list.push({ to, edge });
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
      // Iterative depth-first search (chains of thousands of objects must not exhaust the stack).
      const onCycle = (id: string, w: Wait): void => {
        const start = stack.findIndex((x) => x.id === w.to);
        const ids = stack.slice(start).map((x) => x.id);
        const key = [...ids].sort().join("\u0000");
        if (reported.has(key)) return;
        reported.add(key);
        const path = [w.to];
        for (const c of [...stack.slice(start + 1), { id: w.to, via: w }]) {
          const label = c.via ? describe(c.via) : "";
          path.push(label ? `${label} ${c.id}` : c.id);
        }
        if (path.length > 12) path.splice(5, path.length - 10, `... (${path.length - 10} more)`);
        // One finding per circle, at its first dependsOn in the source (at its first edge when
        // the circle is pure data flow); the other edges of the circle are related locations.
        const edges = [...stack.slice(start + 1).map((x) => (x.via as Wait).edge), w.edge];
        const explicit = edges.filter((e) => e.kind === "dependsOn");
        const byPosition = (a: EdgeIR, b: EdgeIR): number => a.span.start - b.span.start || a.span.end - b.span.end;
        const at = [...(explicit.length ? explicit : edges)].sort(byPosition)[0];
        const others = edges.filter((x) => x !== at).sort(byPosition);
        ctx.report({
          span: at.span,
          message: ids.length === 1 ? `\`${id}\` waits for itself` : `dependency cycle: ${path.join(" -> ")}`,
          hint: others.length > 0 ? "remove one of the dependencies in the circle (the others are listed below)" : "remove the dependency",
          related: others.slice(0, 10).map((x) => ({ message: `\`${x.from}\` ${x.kind} \`${x.to}\` (in the same circle)`, file: p.file, span: x.span })),
        });
      };
      for (const root of [...g.keys()].sort()) {
        if (state.has(root)) continue;
        const next: number[] = [0];
        stack.push({ id: root });
        state.set(root, 1);
        while (stack.length > 0) {
          const top = stack[stack.length - 1];
          const out = g.get(top.id) ?? [];
          const i = next[next.length - 1]++;
          if (i >= out.length) {
            state.set(top.id, 2);
            stack.pop();
            next.pop();
            continue;
          }
          const w = out[i];
          const st = state.get(w.to);
          if (st === 1) onCycle(top.id, w);
          else if (st === undefined) {
            state.set(w.to, 1);
            stack.push({ id: w.to, via: w });
            next.push(0);
          }
        }
      }
    }
  },
};
