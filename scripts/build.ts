/**
 * Bundles the CLI into dist/pipec.mjs (one file: fast to start). Prettier stays external and lazy.
 * The bundle targets Node 20 so that pre-commit hooks run with the Node they find.
 */
import { build } from "esbuild";
import { cliBundleOptions } from "./bundle-options.ts";

await build(cliBundleOptions("compiler/cli/main.ts", "dist/pipec.mjs"));

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
