/**
 * `pipec build <files|dirs> --target terraform --out DIR [--service S] [--env NAME]
 *  [--runtime key=value ...] [--runtime-file F]`
 *
 * Plain Terraform JSON for Terraform and OpenTofu, without cdktf: one root module per
 * pipeline, service and environment, `DIR/<pipeline>-<service>[-<env>]/main.tf.json`.
 * Step Functions stacks compile each environment's run-time settings (cli/runtime.ts) into the
 * state machine; a setting the machine needs and lacks is an error.
 * Diagnostics go to stderr; when any file has errors nothing is written, otherwise every stack
 * lands or none. Exit 0 (warnings allowed), 1 errors, 2 usage or internal failure.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../diagnostics/diagnostic.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Format } from "../diagnostics/render.ts";
import { buildTerraform } from "../emit/terraform/build.ts";
import type { Service } from "../emit/terraform/pipeline.ts";
import { SERVICES } from "../emit/terraform/pipeline.ts";
import { ENVIRONMENT_NAME } from "../emit/terraform/environments.ts";
import { writeBuildOutputs } from "./build.ts";
import { errorExitCode, findFiles, readText } from "./files.ts";
import { renderDiagnostics, UsageError } from "./output.ts";
import { runtimeSources, type RuntimeFlags } from "./runtime.ts";
import type { SourceFile } from "../source/source.ts";

export interface TerraformBuildCliOptions extends RuntimeFlags {
  readonly out?: string;
  readonly service?: string;
  readonly env?: string;
  readonly region?: string;
  readonly format: Format;
}

export async function runTerraformBuild(paths: readonly string[], options: TerraformBuildCliOptions): Promise<number> {
  if (paths.length === 0) throw new UsageError("pipec build needs at least one file or directory");
  if (options.out === undefined) throw new UsageError("--target terraform writes one directory per stack: use --out DIR");
  if (options.service !== undefined && !(SERVICES as readonly string[]).includes(options.service)) {
    throw new UsageError(`unknown service '${options.service}' (expected one of: ${SERVICES.join(", ")})`);
  }
  if (options.env !== undefined && !ENVIRONMENT_NAME.test(options.env)) {
    throw new UsageError(`'${options.env}' is not an environment name (letters, digits, '_' and '-', as in <source>.values.<env>.json)`);
  }
  const diagnostics: Diagnostic[] = [];
  const settingsSources = new Map<string, SourceFile>();
  const runtime = runtimeSources(options, diagnostics, settingsSources);
  const { files, missing } = findFiles(paths, [".pipe"]);
  for (const m of missing) diagnostics.push(diagnostic("PIPE9001", m, { start: 0, end: 0 }, `cannot read '${m}': no such file or directory`));
  const inputs: { file: string; text: string }[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, text: readText(file).text });
    } catch (e) {
      diagnostics.push(diagnostic("PIPE9001", file, { start: 0, end: 0 }, `cannot read '${file}': ${(e as Error).message}`));
    }
  }
  const built = buildTerraform(inputs, {
    only: options.service ? [options.service as Service] : undefined,
    environment: options.env,
    region: options.region,
    runtime: (stack) => runtime.for(stack.file, stack.environment.name),
  });
  runtime.finish();
  diagnostics.push(...built.diagnostics);
  diagnostics.sort(compareDiagnostics);
  const lookup = (f: string) => built.sources.get(f) ?? settingsSources.get(f);
  if (diagnostics.length > 0) process.stderr.write(renderDiagnostics(diagnostics, options.format, lookup, files.length));
  if (diagnostics.some((d) => d.severity === "error")) return errorExitCode(diagnostics);
  if (built.files.length === 0) throw new UsageError(options.env ? `no pipeline has an environment '${options.env}'` : "no pipeline to build");
  return writeBuildOutputs(options.out, built.files, () => "");
}
