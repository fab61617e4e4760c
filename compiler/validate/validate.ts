/** Runs the rules over the IR. Never throws: a failing rule becomes one PIPE9003 diagnostic. */
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { ProgramIR } from "../ir/ir.ts";
import { ALL_RULES } from "./registry.ts";
import { now } from "./util.ts";
import { ruleDiagnostic, type Rule, type RuleContext } from "./rule.ts";

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
 */
/** Findings of one rule kept per file; the rest are counted in one PIPE1010. */
export const MAX_RULE_FINDINGS = 100;

export function validate(program: ProgramIR, options: ValidateOptions = {}): Diagnostic[] {
  const runs: { rule: Rule; found: Diagnostic[]; report: RuleContext["report"]; failed: boolean; dropped: () => number }[] = [];
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
  for (const part of parts) {
    for (const run of runs) {
      if (run.failed) continue;
      try {
        run.rule.check({ program: part, report: run.report, now: clock });
      } catch (e) {
        run.failed = true;
        run.found.push(diagnostic("PIPE9003", program.file, { start: 0, end: 0 }, `internal error in rule ${run.rule.meta.name}: ${(e as Error)?.message ?? String(e)}`));
      }
    }
  }
  const out: Diagnostic[] = [];
  for (const run of runs) {
    for (const d of run.found) out.push(d);
    const dropped = run.dropped();
    if (dropped > 0) out.push(diagnostic("PIPE1010", program.file, { start: 0, end: 0 }, `${dropped} more ${run.rule.meta.code} (${run.rule.meta.name}) finding${dropped === 1 ? "" : "s"} in this file not shown`));
  }
  return out;
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
