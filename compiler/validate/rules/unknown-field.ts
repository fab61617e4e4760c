import { defaultObjectFields, fieldNames, fieldSpec, isUserField, objectType, objectTypeNames, runtimeField, suggest } from "../../model/index.ts";
import type { ObjectIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE2005",
  name: "unknown-field",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "A field that the object's type does not have (a warning when another type has it).",
  implements: ["unknown-field"],
  explanation: [
    "Every object type has a fixed set of fields (see the Data Pipeline object reference). A field",
    "the type does not know is almost always a typo, and Data Pipeline either rejects it or ignores",
    "it. Your own fields must start with `my` followed by a capital letter or `_` (`myComment`).",
    "The default block accepts any field some object type can inherit. A field that belongs to",
    "another type (`maxActiveInstances` on a `Schedule`) is only a warning: AWS accepts such",
    "definitions, but the field has no effect.",
    "",
    "```",
    "ShellCommandActivity Copy {",
    "  comand = \"echo hi\"   // PIPE2005: did you mean `command`?",
    "}",
    "```",
  ].join("\n"),
};

function candidates(o: ObjectIR): readonly string[] {
  if (o.type === undefined) return [...defaultObjectFields().keys()];
  return fieldNames(o.type).filter((n) => !n.startsWith("@") && !runtimeField(n));
}

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      field(f, o, spec) {
        if (spec) return; // known (runtime and forbidden fields have their own rules)
        if (o.type !== undefined && !objectType(o.type)) return; // unknown type: PIPE2004
        const key = f.key;
        const bare = key.replace(/^\*/, "");
        if (isUserField(bare) || /^my/.test(bare) || bare.startsWith("@")) return;
        if (runtimeField(bare) || runtimeField(`@${bare}`)) return;
        const s = suggest(bare, candidates(o));
        const where = o.type ? `\`${o.type}\`` : o.id === "Default" ? "the default object" : "any object type";
        const elsewhere = defaultObjectFields().has(key) || defaultObjectFields().has(bare);
        const owners = elsewhere ? objectTypeNames().filter((t) => t !== "Default" && fieldSpec(t, key) && !fieldSpec(t, key)?.runtime) : [];
        const ownersText = owners.length > 3 ? `${owners.slice(0, 3).join(", ")} and ${owners.length - 3} more` : owners.join(", ");
        ctx.report({
          severity: elsewhere ? "warning" : undefined,
          span: f.keySpan,
          message: elsewhere ? `${where} has no field \`${key}\` (it is a field of ${ownersText}); it has no effect here` : `${where} has no field \`${key}\``,
          hint: s ? `did you mean \`${s}\`?` : elsewhere ? "remove it, or move it to an object of the right type" : "custom fields start with `my` and a capital letter, e.g. `myNote`",
          fix: s ? { description: `rename to ${s}`, edits: [{ span: f.keySpan, text: key.startsWith("*") && !s.startsWith("*") ? `*${s}` : s }] } : undefined,
        });
      },
    };
  },
};
