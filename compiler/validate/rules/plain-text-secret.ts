import type { Rule, RuleMeta } from "../rule.ts";
import { allObjects } from "../util.ts";
import { defaultObjectFields, fieldNames, fieldSpec, objectType } from "../../model/index.ts";
import { SECRET_REFERENCE_FORMS, secretValue } from "../secrets.ts";

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
  summary: "A secret written in the source: a literal in a `*` field, a `password` without `*`, or a default on an encrypted parameter (a reference `secretsmanager:...` / `ssm:...` is not a secret).",
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
    "  *password = \"ssm:/etl/db-password\"    // fine: a reference (docs/secrets.md)",
    "}",
    "```",
    "",
    "A reference names the secret instead of holding it: `secretsmanager:arn:aws:secretsmanager:<region>:<account>:secret:<name>`",
    "or `ssm:/<path>`. The Step Functions target and the Terraform and CDKTF stacks refuse a plain secret (PIPE5215, PIPE5307).",
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
              const value = v.kind === "literal" ? secretValue(v.text) : undefined;
              if (value?.kind === "plain") ctx.report({ span: v.span, message: `\`${f.key}\` holds a secret in plain text`, hint: `declare \`param *myX: String\` and write "#<*myX>", or name the secret: ${SECRET_REFERENCE_FORMS}` });
              else if (value?.kind === "malformed") ctx.report({ span: v.span, message: `\`${f.key}\` is not a secret reference: ${value.why}` });
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
        const values = (d?.values ?? []).map(secretValue);
        if (d && values.some((v) => v?.kind === "plain")) ctx.report({ span: d.span, message: `the encrypted parameter \`${prm.id}\` has a default value in plain text`, hint: `supply the value at activation or deploy instead, or make the default a reference: ${SECRET_REFERENCE_FORMS}` });
        else if (d) for (const v of values) if (v?.kind === "malformed") ctx.report({ span: d.span, message: `the default of \`${prm.id}\` is not a secret reference: ${v.why}` });
      }
    }
  },
};
