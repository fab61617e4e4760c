/**
 * The CDKTF app: one stack per pipeline, service and environment of the `.pipe` files in
 * pipelines/, named <pipeline>-<service>-<env> (e.g. daily_export-stepfunctions-prod).
 * Settings: `context.pipec` in cdktf.json. `"engine"` there picks the library: "cdktf" (CDKTF)
 * or "cdktn" (CDK Terrain, with cdktn, cdktn-cli and @cdktn/provider-aws installed instead);
 * the stacks are the same.
 */
import { readFileSync } from "node:fs";

const settingsFile = { path: "cdktf.json", text: readFileSync("cdktf.json", "utf8") };
const settings = JSON.parse(settingsFile.text).context?.pipec ?? {};
const engine: string = settings.engine ?? "cdktf";
if (engine !== "cdktf" && engine !== "cdktn") throw new Error(`cdktf.json: unknown engine ${JSON.stringify(engine)} (cdktf or cdktn)`);

const { App } = await import(engine);
const { addPipelineStacks, PipecCompileError } = await import(`pipec/${engine}`);

const app = new App();
try {
  addPipelineStacks(app, settings, { settingsFile });
} catch (e) {
  if (e instanceof PipecCompileError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
app.synth();
