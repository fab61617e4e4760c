/** Runs the rules over the IR. Never throws: a failing rule becomes one PIPE9003 diagnostic. */
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { ProgramIR } from "../ir/ir.ts";
import { ALL_RULES } from "./registry.ts";
import { ruleDiagnostic, type Rule } from "./rule.ts";

/** Severity per code (`PIPE4013`) or name (`missing-terminate-after`); `off` disables a rule. */
export type SeverityOverrides = Readonly<Record<string, Severity | "off">>;

export interface ValidateOptions {
  readonly rules?: readonly Rule[];
  readonly severities?: SeverityOverrides;
}

export function validate(program: ProgramIR, options: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of options.rules ?? ALL_RULES) {
    const override = options.severities?.[rule.meta.code] ?? options.severities?.[rule.meta.name];
    if (override === "off") continue;
    const ctx = {
      program,
      report(f: Parameters<typeof ruleDiagnostic>[2]): void {
        const d = ruleDiagnostic(rule.meta, program.file, f);
        out.push(override ? { ...d, severity: override } : d);
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      out.push(diagnostic("PIPE9003", program.file, { start: 0, end: 0 }, `internal error in rule ${rule.meta.name}: ${(e as Error)?.message ?? String(e)}`));
    }
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
