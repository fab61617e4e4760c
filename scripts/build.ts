/**
 * Bundles the CLI into dist/pipec.mjs (one file: fast to start). Prettier stays external and lazy.
 * The bundle targets Node 20 so that pre-commit hooks run with the Node they find.
 */
import { build, type Plugin } from "esbuild";
import { isBuiltin } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/**
 * Node's built-in modules are loaded with `require`, not `import`. esbuild hoists a bundle's
 * `import`s of built-ins to its top, so every command loaded every built-in any command uses
 * (`node:crypto` for Terraform names included), and an `import` of a built-in builds its ESM
 * facade, which reads every export: `node:fs` then loads fs/promises, streams and readline.
 * With `require`, a built-in is loaded when the first module that uses it is initialised, and
 * only the module itself: about 10 ms less at every start.
 */
const builtinsByRequire: Plugin = {
  name: "builtins-by-require",
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (a) => {
      if (!isBuiltin(a.path)) return undefined;
      // The stub's own `require` stays a call of the bundle's `require` (see the banner).
      if (a.namespace === "builtin") return { path: a.path, external: true };
      return { path: a.path, namespace: "builtin" };
    });
    b.onLoad({ filter: /.*/, namespace: "builtin" }, (a) => ({ contents: `module.exports = require(${JSON.stringify(a.path)});`, loader: "js" }));
  },
};

await build({
  entryPoints: ["compiler/cli/main.ts"],
  outfile: "dist/pipec.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: false,
  legalComments: "none",
  external: ["prettier", "prettier/*", "cdktf", "constructs", "@cdktf/*"],
  define: { PIPEC_VERSION: JSON.stringify(pkg.version) },
  banner: {
    js: [
      "import { createRequire as __pipecCreateRequire } from 'node:module'; const require = __pipecCreateRequire(import.meta.url);",
      // Node 20 (what pre-commit hooks often run on) lacks Object.groupBy / Map.groupBy, which Chevrotain uses.
      "if (typeof Object.groupBy !== 'function') Object.groupBy = (items, key) => { const out = Object.create(null); let i = 0; for (const x of items) { const k = key(x, i++); (out[k] ??= []).push(x); } return out; };",
      "if (typeof Map.groupBy !== 'function') Map.groupBy = (items, key) => { const out = new Map(); let i = 0; for (const x of items) { const k = key(x, i++); const list = out.get(k); if (list) list.push(x); else out.set(k, [x]); } return out; };",
    ].join("\n"),
  },
  logLevel: "warning",
  plugins: [
    builtinsByRequire,
    {
      // prettier/doc (the printer's builders) goes into the bundle: as an external ESM import it
      // would be hoisted to the top and loaded by every command, `pipec check` included.
      name: "bundle-prettier-doc",
      setup(b) {
        b.onResolve({ filter: /^prettier\/doc$/ }, () => ({ path: fileURLToPath(import.meta.resolve("prettier/doc")) }));
      },
    },
  ],
});

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
