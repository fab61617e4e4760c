#!/usr/bin/env node
// The pipec command: runs the bundled CLI (dist/, built by `npm run build` on install), or the
// TypeScript sources directly in a checkout where it has not been built yet.
import { existsSync } from "node:fs";
import module from "node:module";

module.enableCompileCache?.();

const bundled = new URL("../dist/pipec.mjs", import.meta.url);
const { main } = existsSync(bundled) ? await import(bundled.href) : await import(new URL("../compiler/cli/main.ts", import.meta.url).href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
