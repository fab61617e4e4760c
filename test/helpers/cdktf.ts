/** CDKTF test setup: the `Testing` matchers under vitest, and helpers over synthesized JSON. */
import { Testing } from "cdktf";
import { expect } from "vitest";
import { unescapeTemplate } from "../../compiler/emit/terraform/escape.ts";

// Testing.setupJest() only needs a global `expect` with `.extend`.
(globalThis as { expect?: unknown }).expect ??= expect;
Testing.setupJest();

interface ResourceClass {
  readonly tfResourceType: string;
}

declare module "vitest" {
  interface Assertion<T> {
    toHaveResource(resource: ResourceClass): T;
    toHaveResourceWithProperties(resource: ResourceClass, properties: Record<string, unknown>): T;
    toHaveProviderWithProperties(provider: ResourceClass, properties: Record<string, unknown>): T;
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Removes cdktf's `"//"` metadata at every level. */
export function stripMetadata(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripMetadata);
  if (v !== null && typeof v === "object") {
    const out: Record<string, Json> = {};
    for (const [k, e] of Object.entries(v)) if (k !== "//") out[k] = stripMetadata(e);
    return out;
  }
  return v;
}

/** Every string in a JSON value, with its path. */
export function strings(v: Json, path = "$"): { path: string; value: string }[] {
  if (typeof v === "string") return [{ path, value: v }];
  if (Array.isArray(v)) return v.flatMap((e, i) => strings(e, `${path}[${i}]`));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, e]) => strings(e, `${path}.${k}`));
  return [];
}

/** Every object key in a JSON value, with the path of its object (map keys are templates too). */
export function keys(v: Json, path = "$"): { path: string; value: string }[] {
  if (Array.isArray(v)) return v.flatMap((e, i) => keys(e, `${path}[${i}]`));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, e]) => [{ path: `${path} key`, value: k }, ...keys(e, `${path}.${k}`)]);
  return [];
}

const REFERENCE = /\$\{(?:(?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+|var\.[A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * The strings of a document in which Terraform would evaluate something other than a plain
 * reference to one of our resources or data sources (`${aws_x.y.attr}`, `${data.aws_x.y.attr}`):
 * every other `${` or `%{` must be escaped, in values and in object keys alike.
 */
export function unescapedTemplates(doc: Json): { path: string; value: string }[] {
  return [...strings(doc), ...keys(doc)].filter((s) => unescapeTemplate(s.value.replace(REFERENCE, "")) === undefined);
}

/** A string as Terraform evaluates it, with each of our references shown as `<type.name.attr>`. */
export function evaluated(template: string): string | undefined {
  return unescapeTemplate(template.replace(REFERENCE, (m) => `<${m.slice(2, -1)}>`));
}
