/**
 * `pipec build --target terraform`: plain Terraform JSON, one directory per stack
 * (`<pipeline>-<service>[-<environment>]/main.tf.json`), without cdktf. Each directory is a
 * root module: `terraform -chdir=DIR/<stack> init && terraform -chdir=DIR/<stack> apply`.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { SourceFile } from "../../source/source.ts";
import type { BackendSettings } from "./json.ts";
import { stableJson, terraformDocument } from "./json.ts";
import type { Service, ServiceOptions } from "./pipeline.ts";
import { planPipeline, RUNTIME_ORIGIN } from "./pipeline.ts";
import type { ServicesConfig, StackSpec } from "./stacks.ts";
import { planStacks } from "./stacks.ts";

export interface TerraformBuildOptions {
  /** Services per pipeline (default both). */
  readonly services?: ServicesConfig;
  /** Only these services, whatever `services` says. */
  readonly only?: readonly Service[];
  /** Only this environment (the `<env>` of `<name>.values.<env>.json`). */
  readonly environment?: string;
  readonly region?: string;
  /** A backend per stack; default none (Terraform keeps `terraform.tfstate` in the stack directory). */
  readonly backend?: (stack: string) => BackendSettings | undefined;
  readonly defaultTags?: Readonly<Record<string, string>>;
  readonly options?: ServiceOptions;
  /**
   * The run-time settings of a stack (the settings, or per environment as in
   * `ServiceOptions.runtime`); default `options.runtime`.
   */
  readonly runtime?: (stack: StackSpec) => Readonly<Record<string, unknown>> | undefined;
}

export interface OutputFile {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export interface TerraformBuildResult {
  readonly files: readonly OutputFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** Builds every stack of the files. Writes nothing for a file with errors. */
export function buildTerraform(inputs: readonly { readonly file: string; readonly text: string }[], options: TerraformBuildOptions = {}): TerraformBuildResult {
  const planned = planStacks(inputs, options.services, options.only);
  const diagnostics: Diagnostic[] = [...planned.diagnostics];
  const files: OutputFile[] = [];
  const failed = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
  for (const stack of planned.stacks) {
    if (failed.has(stack.file)) continue;
    if (options.environment !== undefined && stack.environment.name !== options.environment) continue;
    const serviceOptions = options.runtime ? { ...options.options, runtime: options.runtime(stack) } : options.options;
    const result = planPipeline({ pipeline: stack.pipeline, service: stack.service, id: stack.pipeline.name, environment: stack.environment, options: serviceOptions });
    // A finding about the settings given as data, shared by every stack, is reported once.
    for (const d of result.diagnostics) if (d.file !== RUNTIME_ORIGIN || !diagnostics.some((x) => sameDiagnostic(x, d))) diagnostics.push(d);
    if (!result.plan || result.diagnostics.some((d) => d.severity === "error")) continue;
    const doc = terraformDocument(result.plan, { region: options.region, backend: options.backend?.(stack.name), defaultTags: options.defaultTags });
    files.push({ path: `${stack.name}/main.tf.json`, text: stableJson(doc) });
  }
  return { files, diagnostics, sources: planned.sources };
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.file === b.file && a.span.start === b.span.start && a.span.end === b.span.end && a.severity === b.severity && a.message === b.message;
}
