/**
 * Plain Terraform JSON (`*.tf.json`), written without cdktf. Accepted by Terraform ≥ 1.2 and
 * OpenTofu. Keys are sorted at every level so the same plan gives the same bytes.
 */
import { escapeMap, escapeTemplate } from "./escape.ts";
import type { ResourcePlan, TfValue } from "./model.ts";
import { MAP_ATTRIBUTES, TfConcat, TfRef } from "./model.ts";

/** The AWS provider the output is written for (the version `@cdktf/provider-aws` 21 wraps). */
export const AWS_PROVIDER = { source: "hashicorp/aws", version: "~> 6.25" } as const;

export type BackendSettings =
  | { readonly type: "local"; readonly path: string }
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly key: string;
      readonly region?: string;
      readonly dynamodbTable?: string;
    };

export interface StackSettings {
  /** The provider's region; omitted means the usual AWS environment (AWS_REGION, profile). */
  readonly region?: string;
  readonly backend?: BackendSettings;
  /** Tags the provider adds to every taggable resource. */
  readonly defaultTags?: Readonly<Record<string, string>>;
}

/** A string in an expression position: literal text escaped, references interpolated. */
export function terraformString(v: string | TfRef | TfConcat): string {
  if (typeof v === "string") return escapeTemplate(v);
  if (v instanceof TfRef) return v.attribute === "" ? `\${${v.type}.${v.name}}` : `\${${v.type}.${v.name}.${v.attribute}}`;
  return v.parts.map((p) => terraformString(p)).join("");
}

/**
 * A plan value as Terraform JSON. `userKeys`: the value is a map with user keys (`tags`), whose
 * property names Terraform reads as templates, so they are escaped like literal text; argument
 * and block names are written as they are.
 */
export function terraformValue(v: TfValue, userKeys = false): unknown {
  if (typeof v === "string" || v instanceof TfRef || v instanceof TfConcat) return terraformString(v);
  if (typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map((e) => terraformValue(e));
  const out: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(v as { readonly [key: string]: TfValue })) {
    // A map's keys are user text (`__proto__` is a valid tag key): defined, never assigned.
    Object.defineProperty(out, userKeys ? escapeTemplate(k) : k, { value: terraformValue(e, !userKeys && MAP_ATTRIBUTES.has(k)), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function backendBlock(backend: BackendSettings): Record<string, unknown> {
  if (backend.type === "local") return { local: { path: backend.path } };
  const s3: Record<string, unknown> = { bucket: backend.bucket, key: backend.key, encrypt: true };
  if (backend.region !== undefined) s3.region = backend.region;
  if (backend.dynamodbTable !== undefined) s3.dynamodb_table = backend.dynamodbTable;
  return { s3 };
}

/** The whole `*.tf.json` document for one plan (one pipeline, one target, one environment). */
export function terraformDocument(plan: ResourcePlan, settings: StackSettings = {}): Record<string, unknown> {
  const terraform: Record<string, unknown> = { required_providers: { aws: { ...AWS_PROVIDER } } };
  if (settings.backend) terraform.backend = backendBlock(settings.backend);
  const provider: Record<string, unknown> = {};
  if (settings.region !== undefined) provider.region = settings.region;
  if (settings.defaultTags && Object.keys(settings.defaultTags).length > 0) provider.default_tags = [{ tags: escapeMap(settings.defaultTags) }];
  const resource: Record<string, Record<string, unknown>> = {};
  const data: Record<string, Record<string, unknown>> = {};
  for (const r of plan.resources) {
    const body = terraformValue(r.config) as Record<string, unknown>;
    if (r.dependsOn && r.dependsOn.length > 0) body.depends_on = r.dependsOn.map((d) => `${d.type}.${d.name}`);
    ((r.mode === "data" ? data : resource)[r.type] ??= {})[r.name] = body;
  }
  const doc: Record<string, unknown> = { terraform, provider: { aws: [provider] }, resource };
  if (Object.keys(data).length > 0) doc.data = data;
  if (plan.variables && plan.variables.length > 0) {
    const variable: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const v of plan.variables) variable[v.name] = { type: "string", description: v.description, sensitive: v.sensitive, nullable: false };
    doc.variable = variable;
  }
  if (plan.outputs.length > 0) {
    const output: Record<string, unknown> = {};
    for (const o of plan.outputs) output[o.name] = { value: terraformValue(o.value), description: o.description };
    doc.output = output;
  }
  return doc;
}

/** JSON with keys sorted at every level, two-space indented, ending in a newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    // Keys come from user names (`__proto__` is a valid id): defined as own properties, never assigned.
    for (const k of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      Object.defineProperty(out, k, { value: sortKeys((value as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
