/** Renders a target-neutral resource plan as provider constructs in a CDKTF scope. */
import type { TerraformDataSource, TerraformResource } from "cdktf";
import { TerraformStack, TerraformVariable } from "cdktf";
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
  // Sensitive input variables (secrets given at deploy, `TF_VAR_<name>`).
  const variables = new Map<string, TerraformVariable>();
  for (const v of plan.variables ?? []) {
    const variable = new TerraformVariable(scope, `var_${v.name}`, { type: "string", description: v.description, sensitive: v.sensitive, nullable: false });
    variable.overrideLogicalId(v.name);
    variables.set(v.name, variable);
  }
  const lookup = (r: TfRef): TerraformResource | TerraformDataSource => {
    const target = created.get(`${r.type}.${r.name}`);
    if (!target) throw new Error(`internal: reference to ${r.type}.${r.name} before it is created`);
    return target;
  };
  const str = (v: string | TfRef | TfConcat): string => {
    if (typeof v === "string") return escapeTemplate(v);
    if (v instanceof TfRef && v.type === "var") {
      const variable = variables.get(v.name);
      if (!variable) throw new Error(`internal: reference to the undeclared variable ${v.name}`);
      return variable.stringValue;
    }
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
      // User keys (`__proto__` is a valid tag key) are defined as own properties, never assigned.
      Object.defineProperty(out, keepKeys ? escapeTemplate(k) : camel(k), { value: value(e, !keepKeys && MAP_ATTRIBUTES.has(k)), enumerable: true, writable: true, configurable: true });
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
    keepProtoKeys(scope, r);
  }
  return created;
}

/** A user key that cdktf's own plain-object copies drop, and where it goes in the stack's JSON. */
interface LostKey {
  readonly path: readonly string[];
  readonly value: unknown;
}

const LOST = new WeakMap<TerraformStack, LostKey[]>();

/**
 * `__proto__` is a valid tag key, but cdktf copies maps by assignment (its attribute mappers and
 * `deepMerge`), which sets a prototype instead of a key, so the tag would vanish from the stack.
 * Such keys are recorded here and defined on the stack's JSON after cdktf built it.
 */
function keepProtoKeys(scope: Construct, r: ResourcePlan["resources"][number]): void {
  const config = r.config as Readonly<Record<string, TfValue>>;
  for (const attribute of MAP_ATTRIBUTES) {
    const map = Object.prototype.hasOwnProperty.call(config, attribute) ? config[attribute] : undefined;
    if (map === undefined || typeof map !== "object" || Array.isArray(map) || map instanceof TfRef || map instanceof TfConcat) continue;
    if (!Object.prototype.hasOwnProperty.call(map, "__proto__")) continue;
    const v = (map as Readonly<Record<string, TfValue>>)["__proto__"];
    if (typeof v !== "string") continue;
    const stack = TerraformStack.of(scope);
    let lost = LOST.get(stack);
    if (!lost) {
      LOST.set(stack, (lost = []));
      const list = lost;
      const toTerraform = stack.toTerraform.bind(stack);
      stack.toTerraform = () => restoreKeys(toTerraform(), list);
    }
    lost.push({ path: [r.mode === "data" ? "data" : "resource", r.type, r.name, attribute, "__proto__"], value: escapeTemplate(v) });
  }
}

function restoreKeys<T>(json: T, lost: readonly LostKey[]): T {
  for (const { path, value } of lost) {
    let at: unknown = json;
    for (const part of path.slice(0, -1)) at = at !== null && typeof at === "object" && Object.prototype.hasOwnProperty.call(at, part) ? (at as Record<string, unknown>)[part] : undefined;
    if (at !== null && typeof at === "object") Object.defineProperty(at, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  }
  return json;
}
