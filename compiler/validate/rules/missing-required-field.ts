import { objectType } from "../../model/index.ts";
import type { ObjectIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { andList } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE3004",
  name: "missing-required-field",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "An object lacks a field its type requires (set on it, its parent or the default block).",
  implements: ["required-fields"],
  explanation: [
    "Some fields are required by the type: `period` on `Schedule`, `role` and `resourceRole` on",
    "`Ec2Resource`, `topicArn`, `subject`, `message` and `role` on `SnsAlarm`, ... They may be",
    "inherited from a `parent` object or from `default { ... }`. Requirements the reference marks",
    "as unconfirmed (HiveActivity `input` and `output`, which staging-free scripts do without) are",
    "warnings.",
    "",
    "```",
    "Schedule Daily { startAt = FIRST_ACTIVATION_DATE_TIME }   // PIPE3004: needs period",
    "```",
  ].join("\n"),
};

type TypeSpec = NonNullable<ReturnType<typeof objectType>>;

/** The required settable fields of each type, in table order (computed once per type). */
const REQUIRED = new WeakMap<TypeSpec, [string, TypeSpec["fields"][string]][]>();

function requiredFields(spec: TypeSpec): [string, TypeSpec["fields"][string]][] {
  let list = REQUIRED.get(spec);
  if (list === undefined) {
    list = Object.entries(spec.fields).filter(([, f]) => f.required && !f.runtime);
    REQUIRED.set(spec, list);
  }
  return list;
}

export function hasField(o: ObjectIR, key: string): boolean {
  const [bare, encrypted] = spellings(key);
  return o.effective.has(bare) || o.effective.has(encrypted);
}

/** A model key's plain and `*` spellings, worked out once per key. */
const SPELLINGS = new Map<string, readonly [string, string]>();

function spellings(key: string): readonly [string, string] {
  let both = SPELLINGS.get(key);
  if (both === undefined) {
    const bare = key.replace(/^\*/, "");
    both = [bare, `*${bare}`];
    SPELLINGS.set(key, both);
  }
  return both;
}

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        const spec = o.type ? objectType(o.type) : undefined;
        if (!spec || o.type === "Default") return;
        const required = requiredFields(spec);
        let complete = true;
        for (let i = 0; i < required.length && complete; i++) complete = hasField(o, required[i][0]);
        if (complete) return;
        const missing = required.filter(([k]) => !hasField(o, k));
        // Requirements the reference marks unconfirmed (HiveActivity input/output) only warn.
        const firm = missing.filter(([, f]) => !/unconfirmed/i.test(f.requiredNote ?? ""));
        const names = (list: typeof missing): string => andList(list.map(([k]) => `\`${k}\``));
        ctx.report({
          span: o.idSpan,
          severity: firm.length === 0 ? "warning" : undefined,
          message: `\`${o.id}\` (${o.type}) needs ${names(firm.length ? firm : missing)}`,
          hint: "set it on the object, on its parent, or in the default block",
        });
      },
    };
  },
};
