/**
 * Secrets in the Step Functions back end. A state machine keeps its definition and each
 * execution's input in its history, and a stack keeps the definition in its Terraform state, so
 * a secret never enters either: a secret written in plain text (a secret parameter's default or
 * environment value, a literal `*` field) is an error (PIPE5215), and a task that needs a secret
 * gets a reference to it (`secretsmanager:<arn>`, `ssm:<name>`, docs/secrets.md), resolved by
 * the task at run time.
 */
import type { ObjectIR } from "../../ir/ir.ts";
import type { DefParameterValue } from "../datapipeline/definition.ts";
import { referenceOf, SECRET_REFERENCE_FORMS, secretResource, secretSites, siteDescription, type SecretRef } from "../../validate/secrets.ts";
import { aslDiagnostic } from "./codes.ts";
import type { AslContext } from "./context.ts";

/** PIPE5215 for every secret written in plain text in the source or the environment's values. */
export function checkPlainSecrets(ctx: AslContext, values: readonly DefParameterValue[] | undefined): void {
  for (const s of secretSites(ctx.p, values)) {
    if (s.value.kind === "reference") continue;
    const where = siteDescription(s);
    const message =
      s.value.kind === "malformed"
        ? `${where} is not a secret reference: ${s.value.why}`
        : `${where} is a secret in plain text; a state machine keeps its definition and execution input in its history, and a stack keeps it in its Terraform state`;
    const hint =
      s.kind === "field"
        ? `name the secret instead: ${s.key === "password" ? "*password = " : ""}"secretsmanager:arn:aws:secretsmanager:<region>:<account>:secret:<name>" or "ssm:/<path>" (docs/secrets.md)`
        : `give "${s.name}" a reference instead (${SECRET_REFERENCE_FORMS}), or leave it out and name the secret in the run-time settings (secrets)`;
    const d = aslDiagnostic("PIPE5215", s.file, s.span, message, hint);
    if (!ctx.diagnostics.some((x) => x.code === d.code && x.file === d.file && x.span.start === d.span.start && x.message === d.message)) ctx.diagnostics.push(d);
  }
}

/** The secret a database's password names (`*password = "ssm:/..."`, or through a secret parameter whose value is a reference). */
export function passwordReference(ctx: AslContext, db: ObjectIR): SecretRef | undefined {
  const f = ctx.field(db, "*password") ?? ctx.field(db, "password");
  return referenceOf(f?.values[0], (id) => ctx.paramValues.get(id));
}

/** Grants the ECS task role needs to read a secret (the state machine's role never reads it). */
export function allowTaskSecret(ctx: AslContext, ref: SecretRef): void {
  if (ref.kind === "secretsmanager") ctx.allowTask("ReadSecrets", ["secretsmanager:GetSecretValue"], [secretResource(ref)]);
  else ctx.allowTask("ReadParameters", ["ssm:GetParameter", "ssm:GetParameters"], [secretResource(ref)]);
}
