/**
 * Secrets of a Data Pipeline stack. `aws_datapipeline_pipeline_definition` keeps every
 * parameter value and field in the stack's files and Terraform state, so a secret written in
 * plain text (a secret parameter's default or environment value, a literal `*` field) is an
 * error (PIPE5307). A secret parameter without a value is read from a sensitive variable
 * (`TF_VAR_<name>` at deploy); a reference (`secretsmanager:<arn>`, `ssm:<name>`) is resolved at
 * deploy by a data source. Docs: docs/secrets.md.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import type { DefParameterValue } from "../datapipeline/definition.ts";
import { SECRET_REFERENCE_FORMS, secretSites, siteDescription, type SecretRef } from "../../validate/secrets.ts";
import { tfDiagnostic } from "./codes.ts";
import type { DpSecrets, DpSecretSource } from "./plan.ts";

function sourceOf(ref: SecretRef): DpSecretSource {
  return ref.kind === "secretsmanager" ? { kind: "secretsmanager", arn: ref.arn } : { kind: "ssm", name: ref.name };
}

/** The secrets of a Data Pipeline stack, or undefined (with PIPE5307 findings) when one is written in plain text. */
export function dataPipelineSecrets(p: PipelineIR, values: readonly DefParameterValue[] | undefined, diagnostics: Diagnostic[]): DpSecrets | undefined {
  const parameters = new Map<string, DpSecretSource>();
  const fields = new Map<string, DpSecretSource>();
  let ok = true;
  const sites = secretSites(p, values);
  const counts = new Map<string, number>();
  for (const s of sites) if (s.kind === "parameter") counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  for (const s of sites) {
    if (s.value.kind !== "reference") {
      ok = false;
      const where = siteDescription(s);
      const message =
        s.value.kind === "malformed"
          ? `${where} is not a secret reference: ${s.value.why}`
          : `${where} is a secret in plain text; the Data Pipeline stack would write it into its Terraform files and state`;
      const hint =
        s.kind === "field"
          ? `write "#<*myX>" with a secret parameter given at deploy, or name the secret: ${SECRET_REFERENCE_FORMS} (docs/secrets.md)`
          : `leave the value out (the stack reads "${s.name}" from a sensitive variable, TF_VAR_...) or name the secret: ${SECRET_REFERENCE_FORMS}`;
      diagnostics.push(tfDiagnostic("PIPE5307", s.file, s.span, message, hint));
      continue;
    }
    if (s.kind === "field") fields.set(`${s.objectId}\u0000${s.key}`, sourceOf(s.value.ref));
    else if ((counts.get(s.name) ?? 0) > 1) {
      ok = false;
      diagnostics.push(tfDiagnostic("PIPE5307", s.file, s.span, `the secret parameter \`${s.name}\` holds a list; a stack reads one secret per parameter`, "give the parameter one reference"));
    } else parameters.set(s.name, sourceOf(s.value.ref));
  }
  // A secret parameter with no value at all is given at deploy through a sensitive variable.
  for (const prm of p.parameters) {
    if (!prm.id.startsWith("*") || prm.optional || parameters.has(prm.id) || sites.some((s) => s.kind === "parameter" && s.name === prm.id)) continue;
    parameters.set(prm.id, { kind: "variable", description: `The secret parameter ${prm.id} of the pipeline ${p.name}${prm.description ? `: ${prm.description}` : ""}` });
  }
  return ok ? { parameters, fields } : undefined;
}
