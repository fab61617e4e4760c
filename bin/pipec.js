#!/usr/bin/env node
// The pipec command: runs the bundled CLI (dist/, built by `npm run build` on install), or the
// TypeScript sources directly in a checkout where it has not been built yet.
// Built-ins come from process.getBuiltinModule: an `import` of node:fs would build its ESM
// facade, which reads every export and so loads fs streams at every start.
const builtin = process.getBuiltinModule ?? (await import("node:module")).createRequire(import.meta.url);
const { existsSync } = builtin("node:fs");

builtin("node:module").enableCompileCache?.();

const bundled = new URL("../dist/pipec.mjs", import.meta.url);
const { main } = existsSync(bundled) ? await import(bundled.href) : await import(new URL("../compiler/cli/main.ts", import.meta.url).href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
