/**
 * The CDKTF app: one stack per pipeline, service and environment (see docs/cdktf.md).
 *
 *   npm run synth            (node stacks/main.ts, writes cdktf.out/)
 *   npm run cdk -- synth     (the engine's CLI runs the same file through cdktf.json)
 *
 * Settings come from `context.pipec` in cdktf.json, including the run-time settings of the
 * Step Functions stacks per environment (`stepfunctions.runtime`) and the engine: `"cdktf"`
 * (CDKTF, the default) or `"cdktn"` (CDK Terrain), which build the same stacks.
 */
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import type { App as CdktfApp } from "cdktf";
import type { PipecStacksConfig } from "../compiler/emit/cdktf/index.ts";

/** ./cdktf.json, when there is one: the settings when run with plain node, and where problems with them are shown. */
function settingsFile(): { path: string; text: string } | undefined {
  try {
    return { path: "cdktf.json", text: readFileSync("cdktf.json", "utf8") };
  } catch {
    return undefined;
  }
}

/** `context.pipec` as the CLI passes it (CDKTF_CONTEXT_JSON), or read from ./cdktf.json when run with plain node. */
function settings(file: { text: string } | undefined): PipecStacksConfig & { engine?: unknown } {
  for (const text of [process.env.CDKTF_CONTEXT_JSON, file?.text]) {
    if (text === undefined) continue;
    try {
      const json = JSON.parse(text) as { pipec?: unknown; context?: { pipec?: unknown } };
      const pipec = process.env.CDKTF_CONTEXT_JSON === text ? json.pipec : json.context?.pipec;
      if (pipec !== null && typeof pipec === "object") return pipec as PipecStacksConfig;
    } catch {
      // not JSON: the next source
    }
  }
  return {};
}

const file = settingsFile();
const config = settings(file);
const engine = config.engine ?? "cdktf";
if (engine !== "cdktf" && engine !== "cdktn") {
  process.stderr.write(`cdktf.json: context.pipec.engine is ${JSON.stringify(engine)}; expected "cdktf" (CDKTF) or "cdktn" (CDK Terrain)\n`);
  process.exit(1);
}
if (engine === "cdktn") {
  // The constructs are written against cdktf's API, which CDK Terrain keeps: the same modules,
  // loaded from cdktn and @cdktn/provider-aws (the package's `pipec/cdktn` is built this way).
  registerHooks({
    resolve(specifier, context, next) {
      if (specifier === "cdktf") return next("cdktn", context);
      if (specifier.startsWith("@cdktf/provider-aws/")) return next(`@cdktn/provider-aws/${specifier.slice("@cdktf/provider-aws/".length)}`, context);
      return next(specifier, context);
    },
  });
}
const { App } = (await import(engine)) as { App: typeof CdktfApp };
const { addPipelineStacks, PipecCompileError } = await import("../compiler/emit/cdktf/index.ts");

const app = new App();
try {
  addPipelineStacks(app, config, { settingsFile: file });
} catch (e) {
  if (e instanceof PipecCompileError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
app.synth();
