import { targetDiagnostic } from "../codes.ts";
import type { TargetCheck } from "./check.ts";

/**
 * PIPE5114: API strings must match `[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*`:
 * no control characters other than TAB, CR and LF, no U+FFFE/U+FFFF, no lone surrogates.
 */
const BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const invalidCharacter: TargetCheck = (ctx) => {
  for (const { ir, def } of ctx.pairs) {
    const strings: { text: string; what: string; key?: string }[] = [{ text: def.id, what: "the id" }];
    if (def.name !== undefined) strings.push({ text: def.name, what: "the name" });
    for (const f of def.fields) {
      strings.push({ text: f.key, what: `the field name "${f.key}"`, key: f.key });
      for (const v of f.values) strings.push({ text: v.kind === "ref" ? v.id : v.value, what: `the value of "${f.key}"`, key: f.key });
    }
    for (const s of strings) {
      const m = BAD.exec(s.text);
      if (!m) continue;
      const cp = m[0].charCodeAt(0);
      const span = (s.key !== undefined ? ir.fields.find((x) => x.key === s.key)?.span : undefined) ?? ir.idSpan;
      ctx.report(targetDiagnostic("PIPE5114", ctx.pipeline.file, span, `${s.what} on "${def.id}" contains U+${cp.toString(16).toUpperCase().padStart(4, "0")}, which the Data Pipeline API does not accept`));
    }
  }
};
