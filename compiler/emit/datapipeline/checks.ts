/** The Data Pipeline target's own checks, run on every emitted definition (one check per file in checks/). */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import type { Definition } from "./definition.ts";
import type { TargetCheck } from "./checks/check.ts";
import { invalidCharacter } from "./checks/invalid-character.ts";

/**
 * Size limits (bytes per value, object and name; fields per object) are validation rules on the
 * IR (PIPE4003, PIPE4004): the emitted strings are the IR's text. What remains for the target is
 * what only the decoded strings show.
 */
export const TARGET_CHECKS: readonly TargetCheck[] = [invalidCharacter];

export function checkLimits(p: PipelineIR, definition: Definition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const irObjects = [p.defaults, ...p.objects];
  const pairs = definition.objects.map((def, i) => ({ ir: irObjects[i], def }));
  for (const check of TARGET_CHECKS) check({ pipeline: p, definition, pairs, report: (d) => diagnostics.push(d) });
  return diagnostics;
}
