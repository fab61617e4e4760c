/**
 * Bundles pipec's CDKTF surface into one ES module per engine: dist/cdktf.mjs (`pipec/cdktf`,
 * for CDKTF: cdktf and @cdktf/provider-aws) and dist/cdktn.mjs (`pipec/cdktn`, for CDK Terrain:
 * the same code with cdktn and @cdktn/provider-aws). The compiler and the constructs are inside;
 * the engine, constructs and the provider stay external (optional peer dependencies, the
 * provider imported by deep path only). Without an outfile argument it also writes the
 * declarations that package.json's `exports` names (dist/types/ with tsconfig.cdktf.json, and
 * dist/types-cdktn/, the same declarations over cdktn).
 *
 *   node scripts/build-cdktf.ts [outfile]     (an outfile: the cdktf bundle only)
 */
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";

/** cdktf's modules → CDK Terrain's (same API, same provider module layout). */
const toCdktn: Plugin = {
  name: "cdktf-to-cdktn",
  setup(b) {
    b.onResolve({ filter: /^(cdktf|@cdktf\/provider-aws\/.*)$/ }, (a) => ({
      path: a.path === "cdktf" ? "cdktn" : a.path.replace(/^@cdktf\/provider-aws\//, "@cdktn/provider-aws/"),
      external: true,
    }));
  },
};

async function bundle(outfile: string, engine: "cdktf" | "cdktn"): Promise<void> {
  await build({
    entryPoints: ["compiler/emit/cdktf/index.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: false,
    legalComments: "none",
    external: ["prettier", "prettier/*", "cdktf", "cdktn", "constructs", "@cdktf/*", "@cdktn/*"],
    plugins: engine === "cdktn" ? [toCdktn] : [],
    banner: {
      js: "import { createRequire as __pipecCreateRequire } from 'node:module'; const require = __pipecCreateRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
}

/** Every file under `dir`, recursively. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

if (process.argv[2] !== undefined) {
  await bundle(process.argv[2], "cdktf");
} else {
  await bundle("dist/cdktf.mjs", "cdktf");
  await bundle("dist/cdktn.mjs", "cdktn");
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.cdktf.json"], { stdio: "inherit" });
  rmSync("dist/types-cdktn", { recursive: true, force: true });
  cpSync("dist/types", "dist/types-cdktn", { recursive: true });
  for (const f of walk("dist/types-cdktn")) {
    if (!f.endsWith(".d.ts")) continue;
    const text = readFileSync(f, "utf8");
    const cdktn = text.replace(/(from |import\()"cdktf"/g, '$1"cdktn"').replace(/"@cdktf\/provider-aws\//g, '"@cdktn/provider-aws/');
    if (cdktn !== text) writeFileSync(f, cdktn);
  }
}
