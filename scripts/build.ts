/**
 * Bundles the CLI into dist/pipec.cjs (one file: fast to start; bin/pipec.js runs it with a code
 * cache). Prettier stays external and lazy.
 * The bundle targets Node 20 so that pre-commit hooks run with the Node they find.
 */
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { cliBundleOptions } from "./bundle-options.ts";

await build(cliBundleOptions("compiler/cli/main.ts", "dist/pipec.cjs"));
rmSync("dist/pipec.mjs", { force: true }); // the ESM bundle of earlier builds
// bin/code-cache.js runs the bundle without a loader for `import()`: none may be left in it.
const bundle = readFileSync("dist/pipec.cjs", "utf8");
const leftover = /\bimport\(\s*["'`]/.exec(bundle);
if (leftover) throw new Error(`dist/pipec.cjs: a dynamic import is left in the bundle at offset ${leftover.index}`);
// bin/code-cache.js reads it as Latin-1: esbuild's default ASCII output must stay ASCII.
const nonAscii = /[^\x00-\x7f]/.exec(bundle);
if (nonAscii) throw new Error(`dist/pipec.cjs: a non-ASCII character at offset ${nonAscii.index}`);

// The Prettier plugin on its own, for editors and `prettier --plugin`: dist/prettier-plugin-pipe.mjs.
await build({
  entryPoints: ["compiler/format/plugin.ts"],
  outfile: "dist/prettier-plugin-pipe.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "none",
  external: ["prettier", "prettier/*"],
  banner: {
    js: [
      "if (typeof Object.groupBy !== 'function') Object.groupBy = (items, key) => { const out = Object.create(null); let i = 0; for (const x of items) { const k = key(x, i++); (out[k] ??= []).push(x); } return out; };",
      "if (typeof Map.groupBy !== 'function') Map.groupBy = (items, key) => { const out = new Map(); let i = 0; for (const x of items) { const k = key(x, i++); const list = out.get(k); if (list) list.push(x); else out.set(k, [x]); } return out; };",
    ].join("\n"),
  },
  logLevel: "warning",
});
