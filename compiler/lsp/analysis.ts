/**
 * One open document, checked by the compiler's own stages (`check`, the configuration's
 * severities and `// pipec-ignore` suppressions, as `pipec check` runs them), and an index of the
 * names in it (object ids and parameters: declarations and references), built on first use.
 */
import type * as A from "../ast/nodes.ts";
import { codeName } from "../catalog.ts";
import { check, isDefinitionPath } from "../compile.ts";
import type { ConfigLoader } from "../config/config.ts";
import { applySuppressions, findSuppressions } from "../config/suppress.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import type { ExprIR, ObjectIR, ParameterIR, PipelineIR, ProgramIR, ValueIR } from "../ir/ir.ts";
import { walkExpr } from "../ir/walk.ts";
import type { SourceFile, Span } from "../source/source.ts";
import { applySeverities } from "../validate/validate.ts";
import { checkIncrementally, type CheckCache } from "./incremental.ts";

export type SymbolKind = "object" | "param";

/** A declaration or a use of an object id or a parameter. */
export interface Occurrence {
  readonly kind: SymbolKind;
  /** The object id, or the parameter id (`*` included for an encrypted one). */
  readonly name: string;
  readonly span: Span;
  readonly decl: boolean;
  readonly pipeline: PipelineIR;
}

export interface Analysis {
  readonly path: string;
  readonly text: string;
  readonly source: SourceFile;
  readonly ast: A.PipeFile;
  readonly ir: ProgramIR;
  readonly diagnostics: readonly Diagnostic[];
  readonly definition: boolean;
  /** Every occurrence in source order (built on first use). */
  occurrences(): readonly Occurrence[];
  /** The innermost occurrence at an offset (the end of a name counts as inside it). */
  occurrenceAt(offset: number): Occurrence | undefined;
}

/** Checks a text as `pipec check` does; with a cache, pipelines unchanged since the last call are not checked again. */
export function analyse(path: string, text: string, configs: ConfigLoader | undefined, cache?: CheckCache): Analysis {
  const severities = configs?.severities(path);
  const r = cache ? checkIncrementally(path, text, severities, cache) : check(path, text, { severities });
  const definition = isDefinitionPath(path);
  let diagnostics: readonly Diagnostic[] = r.diagnostics;
  if (!definition) {
    const { kept, unused } = applySuppressions(r.diagnostics, findSuppressions(r.ast.comments, r.source), r.source, codeName);
    diagnostics = [...kept, ...applySeverities(unused, severities, codeName)].sort(compareDiagnostics);
  }
  let occ: Occurrence[] | undefined;
  const occurrences = (): readonly Occurrence[] => (occ ??= collectOccurrences(r.ir));
  return {
    path,
    text,
    source: r.source,
    ast: r.ast,
    ir: r.ir,
    diagnostics,
    definition,
    occurrences,
    occurrenceAt(offset) {
      let best: Occurrence | undefined;
      for (const o of occurrences()) {
        if (o.span.start <= offset && offset <= o.span.end && (!best || o.span.end - o.span.start < best.span.end - best.span.start)) best = o;
      }
      return best;
    },
  };
}

function collectOccurrences(ir: ProgramIR): Occurrence[] {
  const out: Occurrence[] = [];
  for (const p of ir.pipelines) {
    for (const param of p.parameters) out.push({ kind: "param", name: param.id, span: param.idSpan, decl: true, pipeline: p });
    const objects: ObjectIR[] = p.defaultsWritten ? [p.defaults, ...p.objects] : [...p.objects];
    for (const o of objects) {
      if (o !== p.defaults) out.push({ kind: "object", name: o.id, span: o.idSpan, decl: true, pipeline: p });
      for (const f of o.fields) for (const v of f.values) collectValue(v, p, out);
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

function collectValue(v: ValueIR, p: PipelineIR, out: Occurrence[]): void {
  if (v.kind === "ref") out.push({ kind: "object", name: v.id, span: v.span, decl: false, pipeline: p });
  else if (v.kind === "template") for (const part of v.parts) if (part.kind === "expr") collectExpr(part.expr, p, out);
}

function collectExpr(e: ExprIR, p: PipelineIR, out: Occurrence[]): void {
  walkExpr(e, (x) => {
    if (x.kind === "param" && p.parameters.some((prm) => prm.id === x.id)) out.push({ kind: "param", name: x.id, span: x.span, decl: false, pipeline: p });
  });
}

/** The pipeline whose block holds an offset. */
export function pipelineAt(ir: ProgramIR, offset: number): PipelineIR | undefined {
  return ir.pipelines.find((p) => p.span.start <= offset && offset <= p.span.end);
}

export function parameterById(p: PipelineIR, id: string): ParameterIR | undefined {
  return p.parameters.find((x) => x.id === id);
}

/** The AST member (object, default block or parameter) whose span holds an offset. */
export function memberAt(ast: A.PipeFile, offset: number): { pipeline: A.Pipeline; member: A.Member | undefined } | undefined {
  for (const p of ast.pipelines) {
    if (!(p.span.start <= offset && offset <= p.span.end)) continue;
    for (const m of p.members) if (m.kind !== "Field" && m.span.start <= offset && offset <= m.span.end) return { pipeline: p, member: m };
    return { pipeline: p, member: undefined };
  }
  return undefined;
}
