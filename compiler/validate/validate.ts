/** Runs the rules over the IR. Never throws: a failing rule becomes one PIPE9003 diagnostic. */
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { ExprIR, FieldIR, ObjectIR, PipelineIR, ProgramIR, TemplateIR } from "../ir/ir.ts";
import { pipelineIndex } from "./index-cache.ts";
import { ALL_RULES } from "./registry.ts";
import { now, type ExprSite } from "./util.ts";
import { ruleDiagnostic, type Rule, type RuleContext, type Visitor } from "./rule.ts";

/** Severity per code (`PIPE4013`) or name (`missing-terminate-after`); `off` disables a rule. */
export type SeverityOverrides = Readonly<Record<string, Severity | "off">>;

export interface ValidateOptions {
  readonly rules?: readonly Rule[];
  readonly severities?: SeverityOverrides;
}

/**
 * Every rule reads the program one pipeline at a time (`for (const p of ctx.program.pipelines)`),
 * carrying nothing from one pipeline to the next. So the rules run pipeline by pipeline, each
 * given a program of that one pipeline: all rules read a pipeline's objects while they are still
 * in the processor's cache, instead of each rule walking the whole program. Findings are kept
 * per rule and joined in rule order: the same diagnostics, in the same order, as one run of each
 * rule over every pipeline. A rule that throws is reported once (PIPE9003) and not run again.
 *
 * Within a pipeline, the rules that read it their own way (`check`) run one after the other;
 * those that visit (`visit`, see rule.ts) share one walk over its objects, fields and
 * expressions (`walkPipelines`), so that the IR is read once for all of them and no rule builds
 * lists of what it wants to see.
 */
/** Findings of one rule kept per file; the rest are counted in one PIPE1010. */
export const MAX_RULE_FINDINGS = 100;

export function validate(program: ProgramIR, options: ValidateOptions = {}): Diagnostic[] {
  const runs: Run[] = [];
  for (const rule of options.rules ?? ALL_RULES) {
    const override = options.severities?.[rule.meta.code] ?? options.severities?.[rule.meta.name];
    if (override === "off") continue;
    const found: Diagnostic[] = [];
    let dropped = 0;
    // Capped as they are made: one string can hold a hundred thousand findings of one rule.
    const report = (f: Parameters<typeof ruleDiagnostic>[2]): void => {
      if (found.length >= MAX_RULE_FINDINGS) {
        dropped++;
        return;
      }
      const d = ruleDiagnostic(rule.meta, program.file, f);
      found.push(override ? { ...d, severity: override } : d);
    };
    runs.push({ rule, found, report, failed: false, dropped: () => dropped });
  }
  const clock = now();
  const parts: readonly ProgramIR[] = program.pipelines.length <= 1 ? [program] : program.pipelines.map((p) => ({ ...program, pipelines: [p] }));
  const fail = (run: Run, e: unknown): void => {
    run.failed = true;
    run.found.push(diagnostic("PIPE9003", program.file, { start: 0, end: 0 }, `internal error in rule ${run.rule.meta.name}: ${(e as Error)?.message ?? String(e)}`));
  };
  for (const part of parts) {
    const visiting: Visiting[] = [];
    for (const run of runs) {
      if (run.failed) continue;
      const ctx: RuleContext = { program: part, report: run.report, now: clock };
      try {
        run.rule.check?.(ctx);
        if (run.rule.visit) {
          for (const p of part.pipelines) {
            const visitor = run.rule.visit(p, ctx);
            if (visitor) visiting.push({ run, visitor, p });
          }
        }
      } catch (e) {
        fail(run, e);
      }
    }
    if (visiting.length > 0) walkPipelines(visiting, fail);
  }
  const out: Diagnostic[] = [];
  for (const run of runs) {
    for (const d of run.found) out.push(d);
    const dropped = run.dropped();
    if (dropped > 0) out.push(diagnostic("PIPE1010", program.file, { start: 0, end: 0 }, `${dropped} more ${run.rule.meta.code} (${run.rule.meta.name}) finding${dropped === 1 ? "" : "s"} in this file not shown`));
  }
  return out;
}

interface Run {
  readonly rule: Rule;
  readonly found: Diagnostic[];
  readonly report: RuleContext["report"];
  failed: boolean;
  readonly dropped: () => number;
}

/** One rule's hooks for one pipeline. */
interface Visiting {
  readonly run: Run;
  readonly visitor: Visitor;
  readonly p: PipelineIR;
}

/** The hooks of one kind, with their runs (a run that fails is skipped from then on). */
interface Hooks<F> {
  readonly fns: F[];
  readonly runs: Run[];
}

function hooks<K extends keyof Visitor>(list: readonly Visiting[], kind: K): Hooks<NonNullable<Visitor[K]>> {
  const out: Hooks<NonNullable<Visitor[K]>> = { fns: [], runs: [] };
  for (const x of list) {
    const fn = x.visitor[kind];
    if (fn === undefined) continue;
    out.fns.push(fn as NonNullable<Visitor[K]>); // hooks are closures: called without `this`
    out.runs.push(x.run);
  }
  return out;
}

/** The walk described in rule.ts (`Visitor`), once per pipeline for every visiting rule. */
function walkPipelines(visiting: readonly Visiting[], fail: (run: Run, e: unknown) => void): void {
  const byPipeline = new Map<PipelineIR, Visiting[]>();
  for (const v of visiting) {
    const list = byPipeline.get(v.p);
    if (list === undefined) byPipeline.set(v.p, [v]);
    else list.push(v);
  }
  for (const [p, list] of byPipeline) {
    const objectHooks = hooks(list, "object");
    const fieldHooks = hooks(list, "field");
    const exprHooks = hooks(list, "expr");
    const textHooks = hooks(list, "text");
    // The specs of the fields, from the pipeline's index (index-cache.ts: built once, in this
    // walk's order, and shared with the queries that read it).
    const sites = fieldHooks.fns.length > 0 ? pipelineIndex(p).fields : undefined;
    let site = 0;
    const endHooks = hooks(list, "end");
    const walkObject = (o: ObjectIR, fields: readonly FieldIR[], asObject: boolean): void => {
      if (asObject) {
        for (let i = 0; i < objectHooks.fns.length; i++) {
          if (objectHooks.runs[i].failed) continue;
          try {
            objectHooks.fns[i](o);
          } catch (e) {
            fail(objectHooks.runs[i], e);
          }
        }
      }
      for (let f = 0; f < fields.length; f++) {
        const field = fields[f];
        if (asObject && sites !== undefined) {
          const spec = sites[site++].spec;
          for (let i = 0; i < fieldHooks.fns.length; i++) {
            if (fieldHooks.runs[i].failed) continue;
            try {
              fieldHooks.fns[i](field, o, spec);
            } catch (e) {
              fail(fieldHooks.runs[i], e);
            }
          }
        }
        if (exprHooks.fns.length === 0 && textHooks.fns.length === 0) continue;
        const values = field.values;
        for (let v = 0; v < values.length; v++) {
          const value = values[v];
          if (value.kind === "ref") continue;
          if (textHooks.fns.length > 0) {
            const text = value.kind === "literal" ? value.text : templateText(value);
            for (let i = 0; i < textHooks.fns.length; i++) {
              if (textHooks.runs[i].failed) continue;
              try {
                textHooks.fns[i](text, value, field, o);
              } catch (e) {
                fail(textHooks.runs[i], e);
              }
            }
          }
          if (value.kind !== "template" || exprHooks.fns.length === 0) continue;
          for (let k = 0; k < value.parts.length; k++) {
            const part = value.parts[k];
            if (part.kind !== "expr") continue;
            const site: ExprSite = { pipeline: p, object: o, field, root: part.expr };
            walkExpr(part.expr, undefined, site, exprHooks, fail);
          }
        }
      }
    };
    walkObject(p.defaults, p.defaults.fields, true);
    for (let i = 0; i < p.objects.length; i++) walkObject(p.objects[i], p.objects[i].fields, true);
    if (p.otherAttributes?.length) walkObject(p.defaults, p.otherAttributes, false);
    for (let i = 0; i < endHooks.fns.length; i++) {
      if (endHooks.runs[i].failed) continue;
      try {
        endHooks.fns[i]();
      } catch (e) {
        fail(endHooks.runs[i], e);
      }
    }
  }
}

/** A template's text parts joined, each expression replaced by U+0000. */
function templateText(t: TemplateIR): string {
  let text = "";
  for (let i = 0; i < t.parts.length; i++) {
    const part = t.parts[i];
    text += part.kind === "text" ? part.text : "\u0000";
  }
  return text;
}

/** Every node of an expression, parents first (the order of ir/walk.ts's `walkExpr`). */
function walkExpr(e: ExprIR, parent: ExprIR | undefined, site: ExprSite, exprHooks: Hooks<NonNullable<Visitor["expr"]>>, fail: (run: Run, e: unknown) => void): void {
  for (let i = 0; i < exprHooks.fns.length; i++) {
    if (exprHooks.runs[i].failed) continue;
    try {
      exprHooks.fns[i](e, site, parent);
    } catch (err) {
      fail(exprHooks.runs[i], err);
    }
  }
  switch (e.kind) {
    case "member":
      walkExpr(e.target, e, site, exprHooks, fail);
      break;
    case "call":
      for (let i = 0; i < e.args.length; i++) walkExpr(e.args[i], e, site, exprHooks, fail);
      break;
    case "binary":
      walkExpr(e.left, e, site, exprHooks, fail);
      walkExpr(e.right, e, site, exprHooks, fail);
      break;
    case "negate":
      walkExpr(e.operand, e, site, exprHooks, fail);
      break;
    default:
      break;
  }
}

/** Applies overrides to diagnostics from any stage (front end and resolution included). */
export function applySeverities(diagnostics: readonly Diagnostic[], severities: SeverityOverrides | undefined, nameOf: (code: string) => string): Diagnostic[] {
  if (!severities) return [...diagnostics];
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const o = severities[d.code] ?? severities[nameOf(d.code)];
    if (o === "off") continue;
    out.push(o ? { ...d, severity: o } : d);
  }
  return out;
}
