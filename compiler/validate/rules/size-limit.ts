import { LIMITS } from "../../model/index.ts";
import type { ObjectIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { utf8Bytes, valueText } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE4004",
  name: "size-limit",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html",
  summary: "An id or field name over 256 bytes, a value over 10,240 bytes, or an object over 15,360 bytes (UTF-8).",
  implements: ["size-limits"],
  explanation: [
    "Service limits: identifiers and field names up to 256 UTF-8 bytes, a field value up to",
    "10,240 bytes, a whole object (names and values) up to 15,360 bytes. Keep long scripts in S3",
    "(`scriptUri`) rather than inline.",
    "",
    "```",
    "SqlActivity Load { script = \"\"\"...12 KB of SQL...\"\"\" }   // PIPE4004",
    "```",
  ].join("\n"),
};

/**
 * A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4): a string of
 * `max / 3` units or fewer is within `max` bytes, and only longer ones are measured.
 */
function within(s: string, max: number): boolean {
  return 3 * s.length <= max;
}

/** The bytes an object counts against the per-object limit: id, name, type, and each value with its key. */
function objectBytes(o: ObjectIR): number {
  let total = utf8Bytes(o.id) + utf8Bytes(o.name ?? o.id) + (o.type ? utf8Bytes("type") + utf8Bytes(o.type) : 0);
  for (const f of o.fields) {
    const keyBytes = utf8Bytes(f.key);
    for (const v of f.values) total += keyBytes + utf8Bytes(valueText(v));
  }
  return total;
}

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const idMax = LIMITS.utf8BytesPerFieldNameOrIdentifier.value;
    const valueMax = LIMITS.utf8BytesPerFieldValue.value;
    const objectMax = LIMITS.utf8BytesPerObject.value;
    for (const prm of p.parameters) {
      if (utf8Bytes(prm.id) > idMax) ctx.report({ span: prm.idSpan, message: `the parameter id is ${utf8Bytes(prm.id)} bytes long; the limit is ${idMax}` });
    }
    return {
      object(o) {
        if (!within(o.id, idMax)) {
          const idBytes = utf8Bytes(o.id);
          if (idBytes > idMax) ctx.report({ span: o.idSpan, message: `the id is ${idBytes} bytes long; the limit is ${idMax}` });
        }
        let bound = 3 * (o.id.length + (o.name ?? o.id).length + (o.type ? "type".length + o.type.length : 0));
        for (const f of o.fields) {
          if (!within(f.key, idMax)) {
            const keyBytes = utf8Bytes(f.key);
            if (keyBytes > idMax) ctx.report({ span: f.keySpan, message: `the field name is ${keyBytes} bytes long; the limit is ${idMax}` });
          }
          for (const v of f.values) {
            const text = valueText(v);
            bound += 3 * (f.key.length + text.length);
            if (within(text, valueMax)) continue;
            const bytes = utf8Bytes(text);
            if (bytes > valueMax) ctx.report({ span: v.span, message: `this value is ${bytes} bytes long; Data Pipeline accepts ${valueMax}`, hint: "keep long scripts in S3 and reference them with scriptUri" });
          }
        }
        if (bound <= objectMax) return;
        const total = objectBytes(o);
        if (total > objectMax) ctx.report({ span: o.idSpan, message: `\`${o.id}\` is ${total} bytes long; an object may have ${objectMax}` });
      },
    };
  },
};
