/**
 * EmrActivity: each `step` value (`jar,arg1,arg2`, a comma inside an argument escaped `\,`) is one
 * EMR step, all run in order in one attempt. A step written with expressions is split when the
 * machine runs; its arguments are always a list, also when there is one.
 */
import type { ActivityKind } from "./kind.ts";
import { clusterOf, emrStepsBody } from "./emr-steps.ts";

/** Splits `jar,arg,...` at commas not escaped with a backslash, and unescapes `\,`. */
export function splitStep(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && text[i + 1] === ",") {
      cur += ",";
      i++;
    } else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((x) => x.trim());
}

export const emrActivity: ActivityKind = {
  fields: ["step"],
  body(ctx, a, name, scope) {
    const cluster = clusterOf(ctx, a);
    if (!cluster) return undefined;
    const f = ctx.field(a, "step");
    if (!f) {
      ctx.error("PIPE5201", a.idSpan, `EmrActivity '${a.id}' has no step`);
      return undefined;
    }
    const s = ctx.scope(a);
    const steps: Record<string, unknown>[] = [];
    for (const v of f.values) {
      if (v.kind === "literal") {
        const [jar, ...args] = splitStep(v.text);
        steps.push({ Jar: jar, Args: args });
        continue;
      }
      const j = ctx.jsonata(v, s, `'${a.id}.step'`, f.span);
      if (!j) return undefined;
      // Escaped commas survive the split as U+0000, then become commas again.
      const parts = `($split($replace(${j}, '\\\\,', '\\u0000'), ',') ~> $map(function($x) { $trim($replace($x, '\\u0000', ',')) }))`;
      steps.push({ Jar: `{% ${parts}[0] %}`, Args: `{% [$filter(${parts}, function($v, $i) { $i > 0 })] %}` });
    }
    return emrStepsBody(ctx, a, name, cluster, steps, scope, `EmrActivity ${a.id} on ${cluster.id}`);
  },
};

export const hadoopActivity: ActivityKind = {
  fields: ["jarUri", "mainClass", "argument"],
  body(ctx, a, name, scope) {
    const cluster = clusterOf(ctx, a);
    if (!cluster) return undefined;
    const s = ctx.scope(a);
    const jar = ctx.fieldValue(a, "jarUri", s);
    if (!jar) {
      if (!ctx.field(a, "jarUri")) ctx.error("PIPE5201", a.idSpan, `HadoopActivity '${a.id}' has no jarUri`);
      return undefined;
    }
    const step: Record<string, unknown> = { Jar: jar };
    const main = ctx.fieldValue(a, "mainClass", s);
    if (main) step.MainClass = main;
    const f = ctx.field(a, "argument");
    const args: string[] = [];
    for (const v of f?.values ?? []) {
      const x = ctx.value(v, s, `'${a.id}.argument'`, f!.span);
      if (x === undefined) return undefined;
      args.push(x);
    }
    step.Args = args;
    return emrStepsBody(ctx, a, name, cluster, [step], scope, `HadoopActivity ${a.id} on ${cluster.id}`);
  },
};
