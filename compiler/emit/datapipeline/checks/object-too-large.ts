import { targetDiagnostic } from "../codes.ts";
import { utf8Length, type TargetCheck } from "./check.ts";

/** PIPE5112: at most 15,360 UTF-8 bytes per object, field names and values included. */
export const MAX_OBJECT_BYTES = 15360;

export const objectTooLarge: TargetCheck = (ctx) => {
  for (const { ir, def } of ctx.pairs) {
    let bytes = utf8Length(def.id) + utf8Length(def.name ?? def.id);
    for (const f of def.fields) for (const v of f.values) bytes += utf8Length(f.key) + utf8Length(v.kind === "ref" ? v.id : v.value);
    if (bytes <= MAX_OBJECT_BYTES) continue;
    ctx.report(targetDiagnostic("PIPE5112", ctx.pipeline.file, ir.idSpan, `"${def.id}" is ${bytes} UTF-8 bytes; Data Pipeline allows at most ${MAX_OBJECT_BYTES} per object`));
  }
};
