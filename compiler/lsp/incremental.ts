/**
 * `check` (compiler/compile.ts) for a document edited over and over: the same stages, with the
 * work of pipelines an edit did not touch kept from the previous version. Resolution and the
 * rules see one pipeline at a time (resolve.ts resolves each block on its own, and validate.ts
 * runs the rules pipeline by pipeline), so a pipeline block whose text is unchanged has the same
 * IR and the same findings: when it also starts where it did, both are kept; when an edit before
 * it moved it, it is resolved again and its findings are kept, moved by the same distance.
 *
 * The result equals `check`'s: where the per-file cap of a rule's findings (PIPE1010) or a
 * failing rule (PIPE9003) could make the two differ, the whole program is validated as `check`
 * does it.
 */
import { parse } from "../ast/parse.ts";
import type * as A from "../ast/nodes.ts";
import { codeName } from "../catalog.ts";
import { check, isDefinitionPath, type CheckResult } from "../compile.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../ir/ir.ts";
import { resolve } from "../resolve/resolve.ts";
import { SourceFile, type Span } from "../source/source.ts";
import { applySeverities, MAX_RULE_FINDINGS, validate, type SeverityOverrides } from "../validate/validate.ts";

interface Kept {
  readonly start: number;
  readonly pipeline: PipelineIR;
  readonly resolveDiagnostics: readonly Diagnostic[];
  /** Rule findings, or undefined when one points outside the block (not movable). */
  readonly findings: readonly Diagnostic[] | undefined;
}

/** What one document keeps between versions: per pipeline block text. */
export class CheckCache {
  blocks = new Map<string, Kept>();
  /** The severities the kept findings were made with (as JSON). */
  severities: string | undefined;
  /** Pipelines reused (IR and findings, or findings only) by the last check; for tests and tracing. */
  reused = 0;
}

export function checkIncrementally(path: string, text: string, severities: SeverityOverrides | undefined, cache: CheckCache): CheckResult {
  const key = JSON.stringify(severities ?? null);
  if (isDefinitionPath(path) || cache.severities !== key) {
    cache.blocks.clear();
    cache.severities = key;
    if (isDefinitionPath(path)) return check(path, text, { severities });
  }
  const source = new SourceFile(path, text);
  const parsed = parse(source);
  const ast = parsed.ast;
  if (ast.pipelines.length <= 1) {
    cache.blocks.clear();
    return check(path, text, { severities });
  }
  const next = new Map<string, Kept>();
  const pipelines: PipelineIR[] = [];
  const resolveDiagnostics: Diagnostic[] = [];
  const findings: Diagnostic[] = [];
  let reused = 0;
  for (const p of ast.pipelines) {
    const block = text.slice(p.span.start, p.span.end);
    const old = cache.blocks.get(block);
    let kept: Kept;
    let own: readonly Diagnostic[];
    if (old?.findings && old.start === p.span.start) {
      kept = old;
      own = old.findings;
      reused++;
    } else {
      const r = resolve(single(ast, p), path, text);
      const pipeline = r.program.pipelines[0];
      const moved = old?.findings ? old.findings.map((d) => shift(d, p.span.start - old.start)) : undefined;
      if (moved) reused++;
      own = moved ?? validate({ file: path, pipelines: [pipeline] });
      kept = { start: p.span.start, pipeline, resolveDiagnostics: r.diagnostics, findings: own.every((d) => within(d, p.span, path) && d.code !== "PIPE1010" && d.code !== "PIPE9003") ? own : undefined };
    }
    pipelines.push(kept.pipeline);
    resolveDiagnostics.push(...kept.resolveDiagnostics);
    findings.push(...own);
    next.set(block, kept);
  }
  const ir = { file: path, pipelines };
  let ruleFindings: Diagnostic[] = findings;
  if (!sameAsWhole(findings)) ruleFindings = validate(ir);
  cache.blocks = next;
  cache.reused = reused;
  const all = applySeverities([...parsed.diagnostics, ...resolveDiagnostics, ...ruleFindings], severities, codeName);
  return { source, ast, ir, diagnostics: all.sort(compareDiagnostics) };
}

function single(ast: A.PipeFile, p: A.Pipeline): A.PipeFile {
  return { ...ast, pipelines: [p] };
}

/** Whether findings gathered pipeline by pipeline are those of one run over the whole file. */
function sameAsWhole(findings: readonly Diagnostic[]): boolean {
  const perCode = new Map<string, number>();
  for (const d of findings) {
    if (d.code === "PIPE1010" || d.code === "PIPE9003") return false;
    const n = (perCode.get(d.code) ?? 0) + 1;
    if (n >= MAX_RULE_FINDINGS) return false;
    perCode.set(d.code, n);
  }
  return true;
}

function inside(s: Span, block: Span): boolean {
  return s.start >= block.start && s.end <= block.end;
}

function within(d: Diagnostic, block: Span, path: string): boolean {
  if (d.file !== path || !inside(d.span, block)) return false;
  if (d.related?.some((r) => r.file !== path || !inside(r.span, block))) return false;
  return !d.fix || d.fix.edits.every((e) => inside(e.span, block));
}

function shift(d: Diagnostic, by: number): Diagnostic {
  if (by === 0) return d;
  const s = (x: Span): Span => ({ start: x.start + by, end: x.end + by });
  return {
    ...d,
    span: s(d.span),
    ...(d.related ? { related: d.related.map((r) => ({ ...r, span: s(r.span) })) } : {}),
    ...(d.fix ? { fix: { ...d.fix, edits: d.fix.edits.map((e) => ({ ...e, span: s(e.span) })) } } : {}),
  };
}
