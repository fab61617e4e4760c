/**
 * pipec's CDKTF surface (`import { StepFunctionsPipeline } from "pipec/cdktf"`). Needs the
 * optional peer dependencies cdktf, constructs and @cdktf/provider-aws.
 */
export { DataPipelinePipeline, StepFunctionsPipeline } from "./constructs.ts";
export type { DataPipelinePipelineProps, PipelineConstructProps, StepFunctionsPipelineProps } from "./constructs.ts";
export { addPipelineStacks, PipelineStack, DEFAULT_SOURCES } from "./app.ts";
export { servicesFor, stackName } from "../terraform/stacks.ts";
export type { AddPipelineStacksOptions, PipecStacksConfig, PipelineStackProps } from "./app.ts";
export { RUNTIME_SETTINGS } from "../../config/runtime.ts";
export type { RuntimeSettingSpec } from "../../config/runtime.ts";
export { PipecCompileError } from "./source.ts";
export type { SourceProps } from "./source.ts";
export { renderPlan } from "./render.ts";
export { escapeTemplate, unescapeTemplate } from "../terraform/escape.ts";
export type { Service } from "../terraform/pipeline.ts";
export type { SfnLogLevel } from "../terraform/plan.ts";
