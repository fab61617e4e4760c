/**
 * esbuild options of the CLI bundle: one CommonJS file (run by bin/code-cache.js with a code
 * cache), built-ins by `require`, the error-recovering parser loaded on first use, Prettier and
 * cdktf external.
 */
import type { BuildOptions, Plugin } from "esbuild";
import { isBuiltin } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname } from "node:path";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/**
 * Node's built-in modules are loaded with `require`, not `import`. esbuild hoists a bundle's
 * `import`s of built-ins to its top, so every command loaded every built-in any command uses
 * (`node:crypto` for Terraform names included), and an `import` of a built-in builds its ESM
 * facade, which reads every export: `node:fs` then loads fs/promises, streams and readline.
 * With `require`, a built-in is loaded when the first module that uses it is initialised, and
 * only the module itself: about 10 ms less at every start.
 */
const LAZY_BUILTINS = new Set(["child_process"]);

const builtinsByRequire: Plugin = {
  name: "builtins-by-require",
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (a) => {
      if (!isBuiltin(a.path)) return undefined;
      // The stub's own `require` stays a call of the bundle's `require`.
      if (a.namespace === "builtin") return { path: a.path, external: true };
      return { path: a.path, namespace: "builtin" };
    });
    b.onLoad({ filter: /.*/, namespace: "builtin" }, (a) => {
      const id = JSON.stringify(a.path);
      // commander requires child_process at load, for subcommands run as programs, which pipec
      // has none of: it is loaded on first use, if ever (about 3 ms and a dozen modules).
      if (LAZY_BUILTINS.has(a.path.replace(/^node:/, ""))) return { contents: `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require(${id}))[k] });`, loader: "js" };
      return { contents: `module.exports = require(${id});`, loader: "js" };
    });
  },
};

/**
 * `import("prettier")` (what `pipec fmt` runs) becomes a `require` of Prettier's CommonJS entry:
 * a CommonJS bundle run by `vm.Script` has no module loader for `import()` without an
 * experimental option that prints a warning.
 */
const prettierByRequire: Plugin = {
  name: "prettier-by-require",
  setup(b) {
    b.onResolve({ filter: /^prettier$/ }, (a) => (a.kind === "dynamic-import" ? { path: "prettier", namespace: "prettier-cjs" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "prettier-cjs" }, () => ({ contents: 'module.exports = require("prettier");', loader: "js" }));
  },
};

/**
 * The model data (compiler/model/model.data.ts, a readable object literal of some 380 KB) goes
 * into the bundle as one `JSON.parse` of a string: V8 parses JSON faster than it runs an object
 * literal, and the code cache then holds one string instead of the literal's boilerplate.
 */
const modelAsJson: Plugin = {
  name: "model-as-json",
  setup(b) {
    b.onLoad({ filter: /[\\/]compiler[\\/]model[\\/]model\.data\.ts$/ }, async (a) => {
      const { MODEL_DATA } = (await import(pathToFileURL(a.path).href)) as { MODEL_DATA: unknown };
      return { contents: `export const MODEL_DATA = JSON.parse(${JSON.stringify(JSON.stringify(MODEL_DATA))});`, loader: "js" };
    });
  },
};

/**
 * The error-recovering parser (compiler/ast/recover.ts, with Chevrotain) is loaded on first use:
 * in the bundle, parse.ts's import of it becomes a `require` that esbuild turns into a lazy
 * initialisation of the module. Checking well-formed files then never evaluates Chevrotain nor
 * builds its lexer and parser. (Sources run unbundled, in tests, keep the plain import.)
 */
const lazyRecovery: Plugin = {
  name: "lazy-recovery-parser",
  setup(b) {
    b.onLoad({ filter: /[\\/]compiler[\\/]ast[\\/]parse\.ts$/ }, (a) => {
      const source = readFileSync(a.path, "utf8");
      const plain = 'import { parseWithRecovery } from "./recover.ts";';
      if (!source.includes(plain)) throw new Error(`${a.path}: the import of recover.ts to make lazy is not there`);
      const lazy = 'const parseWithRecovery = (source: SourceFile): ParseResult => (require("./recover.ts") as typeof import("./recover.ts")).parseWithRecovery(source);';
      return { contents: source.replace(plain, lazy), loader: "ts", resolveDir: dirname(a.path) };
    });
  },
};

/** How the CLI is bundled (also used by bench/run.ts for the start-up benchmark). */
export function cliBundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    minify: false,
    legalComments: "none",
    external: ["prettier", "prettier/*", "cdktf", "constructs", "@cdktf/*"],
    define: { PIPEC_VERSION: JSON.stringify(pkg.version), "import.meta.url": "__pipecImportMetaUrl" },
    banner: {
      js: [
        // The bundle is CommonJS (bin/code-cache.js runs it with a code cache); the sources are ESM.
        "var __pipecImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
        // Node 20 (what pre-commit hooks often run on) lacks Object.groupBy / Map.groupBy, which Chevrotain uses.
        "if (typeof Object.groupBy !== 'function') Object.groupBy = (items, key) => { const out = Object.create(null); let i = 0; for (const x of items) { const k = key(x, i++); (out[k] ??= []).push(x); } return out; };",
        "if (typeof Map.groupBy !== 'function') Map.groupBy = (items, key) => { const out = new Map(); let i = 0; for (const x of items) { const k = key(x, i++); const list = out.get(k); if (list) list.push(x); else out.set(k, [x]); } return out; };",
      ].join("\n"),
    },
    logLevel: "warning",
    plugins: [
      builtinsByRequire,
      prettierByRequire,
      lazyRecovery,
      modelAsJson,
      {
        // prettier/doc (the printer's builders) goes into the bundle: as an external ESM import it
        // would be hoisted to the top and loaded by every command, `pipec check` included.
        name: "bundle-prettier-doc",
        setup(b) {
          b.onResolve({ filter: /^prettier\/doc$/ }, () => ({ path: fileURLToPath(import.meta.resolve("prettier/doc")) }));
        },
      },
    ],
  };
}
