/**
 * The CDKTF app over a repository of `.pipe` files: one stack per pipeline, service and
 * environment. Used by stacks/main.ts; users can call `addPipelineStacks` from their own app.
 *
 * Settings (cdktf.json `context.pipec`, all optional):
 *
 *   sources        files or directories searched for *.pipe            default ["examples"]
 *   services       pipeline name (or "*") → "datapipeline" | "stepfunctions" | both as a list
 *                                                                       default both, for every pipeline
 *   region         the AWS provider's region                            default: from the AWS environment
 *   backend        {"type": "local"} (state next to each stack)         default local
 *                  or {"type": "s3", "bucket", "keyPrefix"?, "region"?, "dynamodbTable"?}
 *   defaultTags    tags the provider adds to every resource
 *   datapipeline   DataPipelinePipeline settings, e.g. {"logBucket": true}
 *   stepfunctions  StepFunctionsPipeline settings, e.g. {"logRetentionDays": 90, "logLevel": "ALL"},
 *                  and `runtime`: the run-time settings per environment, {"*": {...}, "<env>": {...}}
 */
import { readFileSync } from "node:fs";
import type { App } from "cdktf";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { findFiles } from "../../cli/files.ts";
import { CDKTF_RUNTIME_PATH, readCdktfRuntime, readRuntimeSection, settingsFor, valueNode, type RuntimeSection } from "../../config/runtime.ts";
import { SourceFile } from "../../source/source.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { tfDiagnostic } from "../terraform/codes.ts";
import { escapeMap } from "../terraform/escape.ts";
import type { Environment } from "../terraform/environments.ts";
import type { BackendSettings } from "../terraform/json.ts";
import { AWS_PROVIDER } from "../terraform/json.ts";
import type { Service } from "../terraform/pipeline.ts";
import type { ServicesConfig } from "../terraform/stacks.ts";
import { planStacks } from "../terraform/stacks.ts";
import type { DataPipelinePipelineProps, StepFunctionsPipelineProps } from "./constructs.ts";
import { DataPipelinePipeline, StepFunctionsPipeline } from "./constructs.ts";
import { failOnErrors } from "./source.ts";

export interface PipecStacksConfig {
  readonly sources?: readonly string[];
  readonly services?: ServicesConfig;
  readonly region?: string;
  readonly backend?: { readonly type: "local" } | { readonly type: "s3"; readonly bucket: string; readonly keyPrefix?: string; readonly region?: string; readonly dynamodbTable?: string };
  readonly defaultTags?: Readonly<Record<string, string>>;
  readonly datapipeline?: Pick<DataPipelinePipelineProps, "logBucket">;
  /** `runtime` is given per environment here: `{"*": {...}, "<env>": {...}}`. */
  readonly stepfunctions?: Pick<
    StepFunctionsPipelineProps,
    "logRetentionDays" | "logLevel" | "includeExecutionData" | "tracing" | "alarmTopicArn" | "scheduleEnabled" | "runtime"
  >;
}

export interface AddPipelineStacksOptions {
  /**
   * The file the settings were read from (cdktf.json) and its text: problems with the run-time
   * settings are reported at their line and column in it.
   */
  readonly settingsFile?: { readonly path: string; readonly text: string };
}

export const DEFAULT_SOURCES: readonly string[] = ["examples"];

export interface PipelineStackProps {
  readonly service: Service;
  /** The `.pipe` file (and its text, when already read). */
  readonly file: string;
  readonly source?: string;
  readonly pipeline: string;
  readonly environment: Environment;
  readonly region?: string;
  readonly backend?: BackendSettings;
  readonly defaultTags?: Readonly<Record<string, string>>;
  readonly datapipeline?: PipecStacksConfig["datapipeline"];
  readonly stepfunctions?: PipecStacksConfig["stepfunctions"];
}

/** One pipeline for one service and environment: the AWS provider, a backend and the construct. */
export class PipelineStack extends TerraformStack {
  readonly pipeline: DataPipelinePipeline | StepFunctionsPipeline;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id);
    const provider: Record<string, unknown> = {};
    if (props.region !== undefined) provider.region = props.region;
    if (props.defaultTags && Object.keys(props.defaultTags).length > 0) provider.defaultTags = [{ tags: escapeMap(props.defaultTags) }];
    new AwsProvider(this, "aws", provider);
    // `hashicorp/aws` rather than cdktf's short `aws`: OpenTofu resolves it to its own registry.
    this.addOverride("terraform.required_providers.aws", { ...AWS_PROVIDER });
    const backend = props.backend ?? { type: "local", path: `terraform.${id}.tfstate` };
    if (backend.type === "local") new LocalBackend(this, { path: backend.path });
    else new S3Backend(this, { bucket: backend.bucket, key: backend.key, region: backend.region, dynamodbTable: backend.dynamodbTable, encrypt: true });
    const common = {
      file: props.file,
      source: props.source,
      pipeline: props.pipeline,
      environment: props.environment.name,
      valuesFile: props.environment.file,
      outputs: true,
    };
    this.pipeline =
      props.service === "datapipeline"
        ? new DataPipelinePipeline(this, constructId(props.pipeline), { ...common, ...props.datapipeline })
        : new StepFunctionsPipeline(this, constructId(props.pipeline), { ...common, ...props.stepfunctions });
  }
}

/**
 * The construct id of a pipeline in its stack. The constructs library keeps children in a plain
 * object, so a name of a member of Object.prototype (`constructor`, `toString`), and `aws`, the
 * provider's id, get a prefix.
 */
function constructId(name: string): string {
  return name === "aws" || name in Object.prototype ? `pipeline_${name}` : name;
}

function backendFor(config: PipecStacksConfig, stack: string): BackendSettings {
  const b = config.backend;
  if (!b || b.type === "local") return { type: "local", path: `terraform.${stack}.tfstate` };
  const prefix = b.keyPrefix ?? "pipec/";
  return { type: "s3", bucket: b.bucket, key: `${prefix}${stack}.tfstate`, region: b.region, dynamodbTable: b.dynamodbTable };
}

/** The run-time settings section of the app's settings, checked (at its place in the settings file when given). */
function runtimeSection(config: PipecStacksConfig, options: AddPipelineStacksOptions, diagnostics: Diagnostic[], sources: Map<string, SourceFile>): RuntimeSection {
  const given = config.stepfunctions?.runtime;
  if (given === undefined) return new Map();
  const file = options.settingsFile;
  if (file) {
    sources.set(file.path, new SourceFile(file.path, file.text));
    const found: Diagnostic[] = [];
    const section = readCdktfRuntime(file.path, file.text, found);
    // The file places the findings when it holds the section; its JSON was read by whoever gave the settings.
    if (section !== undefined) {
      diagnostics.push(...found.filter((d) => d.code === "PIPE9005"));
      return section;
    }
  }
  return readRuntimeSection(valueNode(given), file?.path ?? "cdktf.json", CDKTF_RUNTIME_PATH.join("."), diagnostics);
}

/**
 * Compiles every `.pipe` file of `config.sources` and adds its stacks to `app`. Every compile
 * error of every file is reported at once, as a PipecCompileError (file:line:col per error), and
 * so is every problem with the run-time settings; a Step Functions stack whose state machine
 * needs a setting its environment lacks is such an error. Returns the stack names, sorted.
 */
export function addPipelineStacks(app: App, config: PipecStacksConfig = {}, options: AddPipelineStacksOptions = {}): string[] {
  const { files, missing } = findFiles(config.sources ?? DEFAULT_SOURCES, [".pipe"]);
  const planned = planStacks(
    files.map((file) => ({ file, text: readFileSync(file, "utf8") })),
    config.services,
  );
  const diagnostics: Diagnostic[] = [...planned.diagnostics];
  const sources = new Map(planned.sources);
  for (const m of missing) diagnostics.push(tfDiagnostic("PIPE5306", "cdktf.json", { start: 0, end: 0 }, `source '${m}' does not exist`));
  const runtime = runtimeSection(config, options, diagnostics, sources);
  failOnErrors("pipec", diagnostics, sources);
  for (const s of planned.stacks) {
    new PipelineStack(app, s.name, {
      service: s.service,
      file: s.file,
      source: s.text,
      pipeline: s.pipeline.name,
      environment: s.environment,
      region: config.region,
      backend: backendFor(config, s.name),
      defaultTags: config.defaultTags,
      datapipeline: config.datapipeline,
      stepfunctions: s.service === "stepfunctions" ? { ...config.stepfunctions, runtime: settingsFor(runtime, s.environment.name) } : config.stepfunctions,
    });
  }
  return planned.stacks.map((s) => s.name);
}
