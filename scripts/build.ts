/** Bundles the CLI into dist/pipec.mjs (one file: fast to start). Prettier stays external and lazy. */
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

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
    js: "import { createRequire as __pipecCreateRequire } from 'node:module'; const require = __pipecCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});
