import { targetDiagnostic } from "../codes.ts";
import { utf8Length, type TargetCheck } from "./check.ts";

/** PIPE5113: ids and field names are at most 256 UTF-8 bytes. */
export const MAX_IDENTIFIER_BYTES = 256;

export const identifierTooLong: TargetCheck = (ctx) => {
  const file = ctx.pipeline.file;
  for (const { ir, def } of ctx.pairs) {
    if (utf8Length(def.id) > MAX_IDENTIFIER_BYTES) {
      ctx.report(targetDiagnostic("PIPE5113", file, ir.idSpan, `the id "${def.id.slice(0, 40)}..." is longer than ${MAX_IDENTIFIER_BYTES} UTF-8 bytes`));
    }
    for (const f of ir.fields) {
      if (utf8Length(f.key) > MAX_IDENTIFIER_BYTES) {
        ctx.report(targetDiagnostic("PIPE5113", file, f.keySpan, `the field name "${f.key.slice(0, 40)}..." is longer than ${MAX_IDENTIFIER_BYTES} UTF-8 bytes`));
      }
    }
  }
  for (const p of ctx.pipeline.parameters) {
    if (utf8Length(p.id) > MAX_IDENTIFIER_BYTES) {
      ctx.report(targetDiagnostic("PIPE5113", file, p.idSpan, `the parameter id "${p.id.slice(0, 40)}..." is longer than ${MAX_IDENTIFIER_BYTES} UTF-8 bytes`));
    }
  }
};
