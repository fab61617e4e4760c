/** The Data Pipeline target's own checks, run on every emitted definition (one check per file in checks/). */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import type { Definition } from "./definition.ts";
import type { TargetCheck } from "./checks/check.ts";
import { valueTooLong } from "./checks/value-too-long.ts";
import { tooManyFields } from "./checks/too-many-fields.ts";
import { objectTooLarge } from "./checks/object-too-large.ts";
import { identifierTooLong } from "./checks/identifier-too-long.ts";
import { invalidCharacter } from "./checks/invalid-character.ts";

export const TARGET_CHECKS: readonly TargetCheck[] = [valueTooLong, tooManyFields, objectTooLarge, identifierTooLong, invalidCharacter];

export function checkLimits(p: PipelineIR, definition: Definition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const irObjects = [p.defaults, ...p.objects];
  const pairs = definition.objects.map((def, i) => ({ ir: irObjects[i], def }));
  for (const check of TARGET_CHECKS) check({ pipeline: p, definition, pairs, report: (d) => diagnostics.push(d) });
  return diagnostics;
}
