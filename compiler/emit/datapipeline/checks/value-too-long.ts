import { targetDiagnostic } from "../codes.ts";
import { utf8Length, type TargetCheck } from "./check.ts";

/** PIPE5110: Data Pipeline takes at most 10,240 UTF-8 bytes per field value (after `#{...}` is written out). */
export const MAX_VALUE_BYTES = 10240;

export const valueTooLong: TargetCheck = (ctx) => {
  for (const { ir, def } of ctx.pairs) {
    for (const f of def.fields) {
      for (const v of f.values) {
        const bytes = utf8Length(v.kind === "ref" ? v.id : v.value);
        if (bytes <= MAX_VALUE_BYTES) continue;
        const span = ir.fields.find((x) => x.key === f.key)?.span ?? ir.idSpan;
        ctx.report(targetDiagnostic("PIPE5110", ctx.pipeline.file, span, `the value of "${f.key}" on "${def.id}" is ${bytes} UTF-8 bytes; Data Pipeline takes at most ${MAX_VALUE_BYTES}`, {
          hint: "move long scripts to S3 and point `scriptUri` at them",
        }));
      }
    }
  }
};
