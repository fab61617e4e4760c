/** Hover text from the object model, the resolved pipeline and the expression evaluator. */
import type * as A from "../ast/nodes.ts";
import { evaluate, toText, type EvalEnv } from "../expr-eval/evaluate.ts";
import type { ExprIR, ExprPartIR, ObjectIR, ParameterIR, PipelineIR } from "../ir/ir.ts";
import { expressionFunction, objectType, runtimeField, type FieldSpec } from "../model/index.ts";
import { specFor, specTypeOf } from "../resolve/fields.ts";
import type { Span } from "../source/source.ts";
import { parameterById, type Analysis } from "./analysis.ts";
import { environmentsOf, firstRun } from "./environments.ts";
import { locate, type Owner } from "./locate.ts";

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

export function hover(a: Analysis, offset: number): HoverResult | undefined {
  const at = locate(a.ast, offset);
  if (!at) return undefined;
  const p = a.ir.pipelines.find((x) => x.span.start === at.pipeline.span.start);
  switch (at.kind) {
    case "objectType":
      return typeHover(at.object.type.value, at.object.type.span);
    case "objectId": {
      const o = p?.objects.find((x) => x.idSpan.start === at.object.id!.span.start);
      if (!o || !p) return undefined;
      return { markdown: objectSummary(p, o), span: at.object.id!.span };
    }
    case "paramName":
    case "paramType": {
      const id = at.param.name ? (at.param.encrypted ? `*${at.param.name.value}` : at.param.name.value) : undefined;
      const param = p && id !== undefined ? parameterById(p, id) : undefined;
      if (!param) return undefined;
      return { markdown: parameterText(a.path, param), span: at.kind === "paramName" ? at.param.name!.span : at.param.type!.span };
    }
    case "fieldKey": {
      const typeName = ownerType(p, at.owner);
      if (typeName === null) return undefined;
      const spec = specFor(typeName, at.field.key.value);
      if (!spec) return undefined;
      return { markdown: fieldText(at.field.key.value, typeName ?? "Default", spec), span: at.field.key.span };
    }
    case "value": {
      const v = at.value;
      if (v.kind === "Identifier" && p) {
        const target = p.byId.get(v.name);
        const typeName = ownerType(p, at.owner);
        const spec = typeName === null ? undefined : specFor(typeName, at.field.key.value);
        if (spec?.kind === "ref" || (spec === undefined && target)) {
          if (!target) return undefined;
          return { markdown: objectSummary(p, target), span: v.span };
        }
        if (spec?.enum) return { markdown: `\`${v.name}\`: one of ${spec.enum.map((e) => `\`${e}\``).join(", ")}${spec.enumNote ? `\n\n${spec.enumNote}` : ""}`, span: v.span };
      }
      return undefined;
    }
    case "expr": {
      const innermost = at.path[0];
      const parts: string[] = [];
      let span: Span = at.interpolation.span;
      if (innermost) {
        span = innermost.span;
        const info = exprInfo(a.path, p, innermost, offset);
        if (info) {
          parts.push(info.text);
          span = info.span;
        }
      }
      const value = p && at.interpolation.expr ? evaluatedValue(a.path, p, at.owner, at.interpolation) : undefined;
      if (value) parts.push(value);
      return parts.length > 0 ? { markdown: parts.join("\n\n---\n\n"), span } : undefined;
    }
  }
}

/** The spec type of an owner: the object's type, `Default`, undefined for a template; null for a parameter or the pipeline. */
function ownerType(p: PipelineIR | undefined, owner: Owner): string | undefined | null {
  if (owner.kind === "Default") return "Default";
  if (owner.kind !== "Object") return null;
  const o = p?.objects.find((x) => x.span.start === owner.span.start);
  if (o) return specTypeOf(o);
  return objectType(owner.type.value) ? owner.type.value : undefined;
}

export function typeHover(name: string, span: Span): HoverResult | undefined {
  const t = objectType(name);
  if (!t) return undefined;
  const required = Object.entries(t.fields).filter(([, f]) => f.required && !f.runtime).map(([k]) => `\`${k}\``);
  let md = `**${t.name}** (${t.category})\n\n${t.summary}`;
  if (required.length > 0) md += `\n\nRequired: ${required.join(", ")}`;
  if (t.requiredOneOf?.length) md += `\n\nOne of: ${t.requiredOneOf.map((g) => g.map((x) => `\`${x}\``).join(" / ")).join("; ")}`;
  if (t.docPage) md += `\n\n[Reference](${t.docPage})`;
  return { markdown: md, span };
}

export function fieldText(name: string, typeName: string, spec: FieldSpec): string {
  const lines: string[] = [`**${name}**: ${spec.kind}${spec.list ? " (list)" : ""} — field of ${typeName}`];
  if (spec.required) lines.push("Required.");
  else if (spec.requiredWhen) lines.push(`Required ${spec.requiredWhen}.`);
  if (spec.requiredOneOf) lines.push(`One of ${spec.requiredOneOf.map((x) => `\`${x}\``).join(", ")} is required.`);
  if (spec.refTo) lines.push(`Refers to: ${spec.refTo.map((x) => (x === "*" ? "any object" : `\`${x}\``)).join(", ")}`);
  if (spec.enum) lines.push(`Allowed values: ${spec.enum.map((x) => `\`${x}\``).join(", ")}`);
  if (spec.default !== undefined) lines.push(`Default: ${spec.default}`);
  if (spec.min !== undefined || spec.max !== undefined) lines.push(`Range: ${spec.min ?? "…"} to ${spec.max ?? "…"}`);
  if (spec.runtime) lines.push("Run-time slot: set by the service, not in a definition.");
  if (spec.doc) lines.push("", spec.doc);
  return lines.join("\n\n").replace(/\n\n\n\n/g, "\n\n");
}

function objectSummary(p: PipelineIR, o: ObjectIR): string {
  const lines = [`**${o.id}**${o.type ? `: ${o.type}` : ""}${o.category ? ` (${o.category})` : ""}`];
  const t = o.type ? objectType(o.type) : undefined;
  if (t) lines.push(t.summary);
  const inherited = [...o.effective].filter(([, e]) => e.from !== o.id).map(([k, e]) => `\`${k}\` from ${e.from}`);
  if (inherited.length > 0) lines.push(`Inherits ${inherited.slice(0, 8).join(", ")}${inherited.length > 8 ? `, and ${inherited.length - 8} more` : ""}`);
  const uses = p.edges.filter((e) => e.to === o.id).length;
  lines.push(`Referred to ${uses} time${uses === 1 ? "" : "s"}.`);
  return lines.join("\n\n");
}

export function parameterText(path: string, param: ParameterIR): string {
  const lines = [`**${param.id}**: parameter, ${param.type}${param.isArray ? " (list)" : ""}${param.optional ? ", optional" : ""}`];
  if (param.description) lines.push(param.description);
  if (param.allowedValues) lines.push(`Allowed values: ${param.allowedValues.map((v) => `\`${v}\``).join(", ")}`);
  const shown = (v: string | readonly string[]): string => (param.id.startsWith("*") ? "(secret)" : typeof v === "string" ? `\`${v}\`` : v.map((x) => `\`${x}\``).join(", "));
  const rows = [`| environment | value |`, `| --- | --- |`, `| (default) | ${param.default !== undefined ? shown(param.default) : "—"} |`];
  for (const env of environmentsOf(path)) {
    const v = env.values.get(param.id);
    rows.push(`| ${env.env} | ${v !== undefined ? shown(v) : "(default)"} |`);
  }
  lines.push(rows.join("\n"));
  return lines.join("\n\n");
}

function exprInfo(path: string, p: PipelineIR | undefined, e: A.Expr, offset: number): { text: string; span: Span } | undefined {
  switch (e.kind) {
    case "CallExpr": {
      if (!(e.calleeSpan.start <= offset && offset <= e.calleeSpan.end)) return undefined;
      const f = expressionFunction(e.callee);
      if (!f) return undefined;
      return { text: `\`${e.callee}(${f.args.join(", ")}): ${f.returns}\`${f.status ? ` (${f.status})` : ""}\n\n${f.doc}`, span: e.calleeSpan };
    }
    case "RuntimeExpr":
      return runtimeInfo(e.name.startsWith("@") ? e.name : `@${e.name}`, e.span);
    case "MemberExpr":
      if (e.runtime || e.name.startsWith("@")) return runtimeInfo(e.runtime && !e.name.startsWith("@") ? `@${e.name}` : e.name, e.nameSpan);
      return undefined;
    case "NameExpr": {
      const id = e.encrypted ? `*${e.name}` : e.name;
      const param = p ? parameterById(p, id) : undefined;
      if (param) return { text: parameterText(path, param), span: e.span };
      return undefined;
    }
    default:
      return undefined;
  }
}

function runtimeInfo(name: string, span: Span): { text: string; span: Span } | undefined {
  const r = runtimeField(name);
  if (!r) return undefined;
  return { text: `**${r.name}**: ${r.kind}, run-time slot${r.system ? " (system)" : ""}\n\n${r.doc}`, span };
}

/** The value of an interpolation on the object's first scheduled run, with each environment's parameter values. */
function evaluatedValue(path: string, p: PipelineIR, owner: Owner, interp: A.Interpolation): string | undefined {
  if (owner.kind !== "Object" && owner.kind !== "Default") return undefined;
  const o = owner.kind === "Default" ? p.defaults : p.objects.find((x) => x.span.start === owner.span.start);
  if (!o) return undefined;
  const part = findPart(o, interp.span);
  if (!part) return undefined;
  const run = firstRun(p, o);
  const defaults = new Map<string, string | readonly string[]>();
  for (const x of p.parameters) if (x.default !== undefined) defaults.set(x.id, x.default);
  const paramTypes = new Map(p.parameters.map((x) => [x.id, x.type] as [string, string]));
  const envs = [{ env: "defaults", values: defaults as ReadonlyMap<string, string | readonly string[]> }, ...environmentsOf(path).map((e) => ({ env: e.env, values: new Map([...defaults, ...e.values]) as ReadonlyMap<string, string | readonly string[]> }))];
  const start = run?.start ?? Date.UTC(2000, 0, 1);
  const rows: string[] = [];
  for (const env of envs) {
    const evalEnv: EvalEnv = { scheduledStartTime: start, params: env.values, paramTypes };
    const r = evaluate(part.expr, evalEnv, { pipeline: p, object: o, node: undefined });
    rows.push(`| ${env.env} | ${r.ok ? `\`${toText(r.value).replace(/\|/g, "\\|")}\`` : `_${r.message.replace(/\|/g, "\\|")}_`} |`);
  }
  const when = run ? `first scheduled run (\`@scheduledStartTime\` = ${new Date(run.start).toISOString().slice(0, 19)}, schedule ${run.schedule})` : "a run (no schedule start: `@scheduledStartTime` taken as 2000-01-01T00:00:00)";
  if (!run && usesRuntime(part.expr)) return `Value depends on the run; ${when}:\n\n| values | result |\n| --- | --- |\n${rows.join("\n")}`;
  return `Value on the ${when}:\n\n| values | result |\n| --- | --- |\n${rows.join("\n")}`;
}

function usesRuntime(e: ExprIR): boolean {
  switch (e.kind) {
    case "runtime":
      return true;
    case "member":
      return e.runtime || usesRuntime(e.target);
    case "call":
      return e.args.some(usesRuntime);
    case "binary":
      return usesRuntime(e.left) || usesRuntime(e.right);
    case "negate":
      return usesRuntime(e.operand);
    default:
      return false;
  }
}

function findPart(o: ObjectIR, span: Span): ExprPartIR | undefined {
  for (const f of o.fields) {
    for (const v of f.values) {
      if (v.kind !== "template") continue;
      for (const part of v.parts) if (part.kind === "expr" && part.span.start <= span.end && span.start <= part.span.end && overlapsInner(part.span, span)) return part;
    }
  }
  return undefined;
}

function overlapsInner(a: Span, b: Span): boolean {
  return Math.max(a.start, b.start) < Math.min(a.end, b.end) || (a.start === b.start && a.end === b.end);
}
