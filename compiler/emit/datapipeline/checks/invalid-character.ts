import { targetDiagnostic } from "../codes.ts";
import type { TargetCheck } from "./check.ts";

/**
 * PIPE5114: API strings must match `[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*`:
 * no control characters other than TAB, CR and LF, no U+FFFE/U+FFFF, no lone surrogates.
 */
const BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Every character BAD can match, surrogates paired or not: one character class, quick to rule a string out. */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export const invalidCharacter: TargetCheck = (ctx) => {
  for (const { ir, def } of ctx.pairs) {
    // Each string is tested where it is; the message is built only for a finding.
    const check = (text: string, what: "id" | "name" | "key" | "value", key?: string): void => {
      const m = SUSPECT.test(text) ? BAD.exec(text) : null;
      if (!m) return;
      const cp = m[0].charCodeAt(0);
      const span = (key !== undefined ? ir.fields.find((x) => x.key === key)?.span : undefined) ?? ir.idSpan;
      const described = what === "id" ? "the id" : what === "name" ? "the name" : what === "key" ? `the field name "${key}"` : `the value of "${key}"`;
      ctx.report(targetDiagnostic("PIPE5114", ctx.pipeline.file, span, `${described} on "${def.id}" contains U+${cp.toString(16).toUpperCase().padStart(4, "0")}, which the Data Pipeline API does not accept`));
    };
    check(def.id, "id");
    if (def.name !== undefined) check(def.name, "name");
    for (const f of def.fields) {
      check(f.key, "key", f.key);
      for (const v of f.values) check(v.kind === "ref" ? v.id : v.value, "value", f.key);
    }
  }
};
