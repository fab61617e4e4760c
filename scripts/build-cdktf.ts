/**
 * Bundles pipec's CDKTF surface (`pipec/cdktf`) into dist/cdktf.mjs: the compiler and the
 * constructs in one file; cdktf, constructs and @cdktf/provider-aws stay external (optional peer
 * dependencies, imported by deep path only). Without an outfile argument it also writes the
 * declarations (dist/types/, tsconfig.cdktf.json) that package.json's `exports` names.
 *
 *   node scripts/build-cdktf.ts [outfile]
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { build } from "esbuild";

const outfile = process.argv[2] ?? "dist/cdktf.mjs";

await build({
  entryPoints: ["compiler/emit/cdktf/index.ts"],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: false,
  legalComments: "none",
  external: ["prettier", "prettier/*", "cdktf", "constructs", "@cdktf/*"],
  banner: {
    js: "import { createRequire as __pipecCreateRequire } from 'node:module'; const require = __pipecCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});

if (process.argv[2] === undefined) {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.cdktf.json"], { stdio: "inherit" });
}
