#!/usr/bin/env node
// The pipec command: runs the bundled CLI (dist/pipec.cjs, built by `npm run build` on install)
// with a code cache (code-cache.js), or the TypeScript sources directly in a checkout where it
// has not been built yet. Built-ins come from process.getBuiltinModule: an `import` of node:fs
// would build its ESM facade, which reads every export and so loads fs streams at every start.
const builtin = process.getBuiltinModule ?? (await import("node:module")).createRequire(import.meta.url);
const { existsSync } = builtin("node:fs");
const { fileURLToPath } = builtin("node:url");

const args = process.argv.slice(2);
const bundle = fileURLToPath(new URL("../dist/pipec.cjs", import.meta.url));
if (existsSync(bundle)) {
  const { loadBundle } = await import("./code-cache.js");
  const { exports, save } = loadBundle(bundle, args[0] ?? "");
  process.exitCode = await exports.main(args);
  save();
} else {
  builtin("node:module").enableCompileCache?.();
  const { main } = await import(new URL("../compiler/cli/main.ts", import.meta.url).href);
  process.exitCode = await main(args);
}
