/**
 * The CDKTF app: one stack per pipeline, service and environment (see docs/cdktf.md).
 *
 *   npm run synth            (node stacks/main.ts, writes cdktf.out/)
 *   npx cdktf-cli synth      (the cdktf CLI runs the same file through cdktf.json)
 *
 * Settings come from `context.pipec` in cdktf.json, including the run-time settings of the
 * Step Functions stacks per environment (`stepfunctions.runtime`).
 */
import { readFileSync } from "node:fs";
import { App } from "cdktf";
import type { PipecStacksConfig } from "../compiler/emit/cdktf/index.ts";
import { addPipelineStacks, PipecCompileError } from "../compiler/emit/cdktf/index.ts";

/** ./cdktf.json, when there is one: the settings when run with plain node, and where problems with them are shown. */
function settingsFile(): { path: string; text: string } | undefined {
  try {
    return { path: "cdktf.json", text: readFileSync("cdktf.json", "utf8") };
  } catch {
    return undefined;
  }
}

/** `context.pipec` as the cdktf CLI passes it, or read from ./cdktf.json when run with plain node. */
function settings(app: App, file: { text: string } | undefined): PipecStacksConfig {
  const fromCli = app.node.tryGetContext("pipec") as PipecStacksConfig | undefined;
  if (fromCli !== undefined) return fromCli;
  try {
    const json = JSON.parse(file?.text ?? "{}") as { context?: { pipec?: PipecStacksConfig } };
    return json.context?.pipec ?? {};
  } catch {
    return {};
  }
}

const app = new App();
try {
  const file = settingsFile();
  addPipelineStacks(app, settings(app, file), { settingsFile: file });
} catch (e) {
  if (e instanceof PipecCompileError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
app.synth();
