import type { Rule, RuleMeta } from "../rule.ts";
import { allObjects } from "../util.ts";
import { defaultObjectFields, fieldNames, fieldSpec, objectType } from "../../model/index.ts";

function direct(type: string | undefined, key: string): boolean {
  return (type === undefined ? defaultObjectFields().get(key) : fieldSpec(type, key)) !== undefined;
}

/** Per type (`undefined`: Default and templates), the names `k` whose encrypted form `*k` is a field: `direct(type, `*${k}`)`. */
const ENCRYPTED_TWINS = new Map<string | undefined, ReadonlySet<string>>();

function encryptedTwins(type: string | undefined): ReadonlySet<string> {
  let twins = ENCRYPTED_TWINS.get(type);
  if (twins === undefined) {
    const names = type === undefined ? [...defaultObjectFields().keys()] : fieldNames(type);
    twins = new Set(names.filter((n) => n.startsWith("*")).map((n) => n.slice(1)));
    if (type === undefined || objectType(type) !== undefined) ENCRYPTED_TWINS.set(type, twins);
  }
  return twins;
}

export const meta: RuleMeta = {
  code: "PIPE3018",
  name: "plain-text-secret",
  kind: "validation",
  severity: "warning",
  summary: "A secret written in the source: a literal in a `*` field, a `password` without `*`, or a default on an encrypted parameter.",
  explanation: [
    "Fields whose name starts with `*` (`*password`) are encrypted in transit, but a literal value",
    "still sits in the source and in version control. Read it from an encrypted parameter instead,",
    "whose value is supplied at activation.",
    "",
    "```",
    "param *myDbPassword: String",
    "RdsDatabase Db {",
    "  *password = \"hunter2\"                 // PIPE3018",
    "  *password = \"#<*myDbPassword>\"        // fine",
    "}",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  check(ctx) {
    for (const p of ctx.program.pipelines) {
      for (const o of allObjects(p)) {
        for (const f of o.fields) {
          if (f.key.startsWith("*")) {
            for (const v of f.values) {
              if (v.kind === "literal" && v.text !== "") ctx.report({ span: v.span, message: `\`${f.key}\` holds a secret in plain text`, hint: "declare `param *myX: String` and write \"#<*myX>\"" });
            }
          } else if (encryptedTwins(o.type).has(f.key) && !direct(o.type, f.key) && o.fields.every((g) => g.key !== `*${f.key}`)) {
            ctx.report({
              span: f.keySpan,
              message: `\`${f.key}\` should be written \`*${f.key}\` so that Data Pipeline encrypts it`,
              fix: { description: `rename to *${f.key}`, edits: [{ span: f.keySpan, text: `*${f.key}` }] },
            });
          }
        }
      }
      for (const prm of p.parameters) {
        if (!prm.id.startsWith("*")) continue;
        const d = prm.attributes.find((a) => a.key === "default");
        if (d && d.values.some((v) => v !== "")) ctx.report({ span: d.span, message: `the encrypted parameter \`${prm.id}\` has a default value in plain text`, hint: "supply the value at activation instead" });
      }
    }
  },
};
