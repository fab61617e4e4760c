/**
 * Secrets in a Data Pipeline definition. The service encrypts `*` fields and parameters, so a
 * definition may carry a secret (PIPE3018 warns about one written in the source); a value in a
 * values file, which is committed beside the sources, is a warning (PIPE5108). A reference
 * (`secretsmanager:...`, `ssm:...`, docs/secrets.md) is an error (PIPE5109): the service does not
 * resolve it and would take the reference text as the secret.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import { secretSites, siteDescription } from "../../validate/secrets.ts";
import { targetDiagnostic } from "./codes.ts";
import type { DefParameterValue } from "./definition.ts";

export function dataPipelineSecretFindings(p: PipelineIR, values: readonly DefParameterValue[] | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of secretSites(p, values)) {
    const where = siteDescription(s);
    if (s.value.kind === "reference" || s.value.kind === "malformed") {
      out.push(
        targetDiagnostic("PIPE5109", s.file, s.span, `${where} is a secret reference ('${s.value.text}'), which Data Pipeline does not resolve: the definition would hold the reference as the secret`, {
          hint: "build the Data Pipeline stack (--target terraform or the CDKTF app), which resolves it at deploy, or give the value when the definition is put or the pipeline activated (--parameter-values)",
        }),
      );
    } else if (s.origin === "values file") {
      out.push(
        targetDiagnostic("PIPE5108", s.file, s.span, `${where} is a secret in plain text in a file committed beside the sources`, {
          hint: `remove it and give it when the pipeline is activated (activate-pipeline --parameter-values '${s.name}=...'), or build the Data Pipeline stack with a reference (docs/secrets.md)`,
        }),
      );
    }
  }
  return out;
}
