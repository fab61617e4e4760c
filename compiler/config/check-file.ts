/**
 * Checking one file with its configuration: severities from the nearest config file, inline
 * suppressions, and (with `--fix`) the fixes applied and written back atomically.
 */
import { codeName } from "../catalog.ts";
import { check, isDefinitionPath } from "../compile.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import { writeAtomic } from "../cli/files.ts";
import { fixText } from "../lint/fix.ts";
import type { SourceFile } from "../source/source.ts";
import { applySeverities } from "../validate/validate.ts";
import type { ConfigLoader } from "./config.ts";
import { applySuppressions, findSuppressions } from "./suppress.ts";

export interface FileCheck {
  readonly source: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
  /** Fixes applied (with `fix`); the file was rewritten when this is above 0. */
  readonly fixed: number;
}

export function checkFile(file: string, text: string, loader: ConfigLoader, options: { fix?: boolean } = {}): FileCheck {
  const severities = loader.severities(file);
  const pipe = !isDefinitionPath(file);
  const run = (t: string): { source: SourceFile; diagnostics: Diagnostic[] } => {
    const r = check(file, t, { severities });
    if (!pipe) return { source: r.source, diagnostics: [...r.diagnostics] };
    const { kept, unused } = applySuppressions(r.diagnostics, findSuppressions(r.ast.comments, r.source), r.source, codeName);
    return { source: r.source, diagnostics: [...kept, ...applySeverities(unused, severities, codeName)].sort(compareDiagnostics) };
  };
  if (!options.fix || !pipe || file === "-") {
    const r = run(text);
    return { ...r, fixed: 0 };
  }
  const fixed = fixText(file, text, (t) => run(t).diagnostics);
  if (fixed.applied > 0 && fixed.text !== text) writeAtomic(file, fixed.text);
  const r = run(fixed.text);
  return { ...r, fixed: fixed.text !== text ? fixed.applied : 0 };
}
