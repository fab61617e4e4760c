/**
 * Which stacks a set of `.pipe` files makes: one per pipeline, service and environment, named
 * `<pipeline>-<service>[-<environment>]`. Shared by the CDKTF app and the Terraform target, so
 * both name their output the same way.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { PipelineIR } from "../../ir/ir.ts";
import type { SourceFile } from "../../source/source.ts";
import { tfDiagnostic } from "./codes.ts";
import type { Environment } from "./environments.ts";
import { findEnvironments } from "./environments.ts";
import type { Service } from "./pipeline.ts";
import { compileFile, SERVICES } from "./pipeline.ts";

/** Services per pipeline name, `*` for the rest; default both. */
export type ServicesConfig = Readonly<Record<string, Service | readonly Service[]>>;

export interface StackSpec {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly pipeline: PipelineIR;
  readonly service: Service;
  readonly environment: Environment;
}

/** The stack name of a pipeline for one service and environment. */
export function stackName(pipeline: string, service: Service, environment: string | undefined): string {
  return [pipeline, service, environment]
    .filter((p) => p !== undefined)
    .join("-")
    .replace(/[^A-Za-z0-9_-]/g, "_");
}

/** The services configured for a pipeline: its own entry, else `*`, else both. */
export function servicesFor(services: ServicesConfig | undefined, pipeline: string): readonly Service[] {
  const own = (key: string) => (services !== undefined && Object.hasOwn(services, key) ? services[key] : undefined);
  const entry = own(pipeline) ?? own("*");
  if (entry === undefined) return SERVICES;
  return typeof entry === "string" ? [entry] : entry;
}

export interface StacksResult {
  readonly stacks: readonly StackSpec[];
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** Compiles the files and lists their stacks, sorted by name. Environments come from values files next to each file. */
export function planStacks(files: readonly { readonly file: string; readonly text: string }[], services?: ServicesConfig, only?: readonly Service[]): StacksResult {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  const stacks: StackSpec[] = [];
  const owner = new Map<string, string>();
  for (const { file, text } of files) {
    const compiled = compileFile(file, text);
    sources.set(file, compiled.source);
    diagnostics.push(...compiled.diagnostics);
    const envs = findEnvironments(file);
    diagnostics.push(...envs.diagnostics);
    for (const [f, src] of envs.sources) sources.set(f, src);
    for (const pipeline of compiled.pipelines) {
      for (const service of only ?? servicesFor(services, pipeline.name)) {
        if (!SERVICES.includes(service)) {
          diagnostics.push(tfDiagnostic("PIPE5306", file, pipeline.nameSpan, `unknown service '${String(service)}' for '${pipeline.name}' (use datapipeline or stepfunctions)`));
          continue;
        }
        for (const environment of envs.environments) {
          const name = stackName(pipeline.name, service, environment.name);
          const prior = owner.get(name);
          if (prior !== undefined) {
            diagnostics.push(tfDiagnostic("PIPE5304", file, pipeline.nameSpan, `stack '${name}' is already made from ${prior}; rename the pipeline`));
            continue;
          }
          owner.set(name, file);
          stacks.push({ name, file, text, pipeline, service, environment });
        }
      }
    }
  }
  stacks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { stacks, diagnostics, sources };
}
