import { targetDiagnostic } from "../codes.ts";
import type { TargetCheck } from "./check.ts";

/** PIPE5111: at most 50 fields per object; every value of a list field counts, `type` included. */
export const MAX_FIELDS = 50;

export const tooManyFields: TargetCheck = (ctx) => {
  for (const { ir, def } of ctx.pairs) {
    const count = def.fields.reduce((n, f) => n + f.values.length, 0);
    if (count <= MAX_FIELDS) continue;
    ctx.report(targetDiagnostic("PIPE5111", ctx.pipeline.file, ir.idSpan, `"${def.id}" has ${count} field values; Data Pipeline allows at most ${MAX_FIELDS} per object`, {
      hint: "move shared fields to a parent object or to Default",
    }));
  }
};
