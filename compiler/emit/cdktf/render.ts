/** Renders a target-neutral resource plan as provider constructs in a CDKTF scope. */
import type { TerraformDataSource, TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { escapeTemplate } from "../terraform/escape.ts";
import type { ResourcePlan, TfValue } from "../terraform/model.ts";
import { addressOf, MAP_ATTRIBUTES, TfConcat, TfRef } from "../terraform/model.ts";
import { DATA_SOURCE_CLASSES, RESOURCE_CLASSES } from "./resources.ts";

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Creates every resource of `plan` under `scope`, each with its plan name as the Terraform
 * logical id (so renaming the construct tree never renames addresses). Returns them keyed by
 * `type.name`.
 */
export function renderPlan(scope: Construct, plan: ResourcePlan): Map<string, TerraformResource | TerraformDataSource> {
  const created = new Map<string, TerraformResource | TerraformDataSource>();
  const lookup = (r: TfRef): TerraformResource | TerraformDataSource => {
    const target = created.get(`${r.type}.${r.name}`);
    if (!target) throw new Error(`internal: reference to ${r.type}.${r.name} before it is created`);
    return target;
  };
  const str = (v: string | TfRef | TfConcat): string => {
    if (typeof v === "string") return escapeTemplate(v);
    if (v instanceof TfRef) return lookup(v).getStringAttribute(v.attribute);
    return v.parts.map((p) => str(p)).join("");
  };
  const value = (v: TfValue, keepKeys: boolean): unknown => {
    if (typeof v === "string" || v instanceof TfRef || v instanceof TfConcat) return str(v);
    if (typeof v === "number" || typeof v === "boolean") return v;
    if (Array.isArray(v)) return v.map((e) => value(e, false));
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v as { readonly [key: string]: TfValue })) {
      // A map's user keys are templates to Terraform, like its values.
      out[keepKeys ? escapeTemplate(k) : camel(k)] = value(e, !keepKeys && MAP_ATTRIBUTES.has(k));
    }
    return out;
  };
  for (const r of plan.resources) {
    const cls = r.mode === "data" ? DATA_SOURCE_CLASSES[r.type] : RESOURCE_CLASSES[r.type];
    if (!cls) throw new Error(`internal: no provider class for ${r.type}`);
    const config = value(r.config, false) as Record<string, unknown>;
    if (r.dependsOn && r.dependsOn.length > 0) config.dependsOn = r.dependsOn.map(lookup);
    const key = addressOf(r);
    const res = new cls(scope, key, config as never);
    res.overrideLogicalId(r.name);
    created.set(key, res);
  }
  return created;
}
