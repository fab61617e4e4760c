/**
 * The CDKTF command line of the engine chosen in cdktf.json (`context.pipec.engine`), on a Node
 * it runs on:
 *
 *   npm run cdk -- synth | diff | deploy [stacks...] [options]
 *
 * - "cdktf" (the default): cdktf-cli 0.21, run by Node 22 (tools/cdktf-node): its native
 *   terminal module has builds for Node 22 and older only, not for the Node 24 this
 *   repository pins;
 * - "cdktn" (CDK Terrain): cdktn-cli 0.24 with this Node (it needs Node >= 22.19 and has no
 *   native module).
 *
 * The app command of cdktf.json runs stacks/main.ts with the repository's Node either way.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");

function engineOf(file: string): string {
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as { context?: { pipec?: { engine?: unknown } } };
    const engine = json.context?.pipec?.engine;
    return typeof engine === "string" ? engine : "cdktf";
  } catch {
    return "cdktf";
  }
}

const engine = engineOf("cdktf.json");
let command: string[];
if (engine === "cdktf") {
  const node = join(root, "tools", "cdktf-node", "node_modules", "node", "bin", "node");
  if (!existsSync(node)) {
    process.stderr.write(`cdk: ${node} is missing: run npm ci (it installs Node 22 for cdktf-cli)\n`);
    process.exit(2);
  }
  command = [node, join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf")];
} else if (engine === "cdktn") {
  command = [process.execPath, join(root, "node_modules", "cdktn-cli", "bin", "cdktn")];
} else {
  process.stderr.write(`cdk: cdktf.json: context.pipec.engine is ${JSON.stringify(engine)}; expected "cdktf" or "cdktn"\n`);
  process.exit(2);
}

const r = spawnSync(command[0], [...command.slice(1), ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { CHECKPOINT_DISABLE: "1", ...process.env },
});
if (r.error) {
  process.stderr.write(`cdk: ${r.error.message}\n`);
  process.exit(2);
}
process.exit(r.status ?? 1);
