/**
 * Builds the extension: regenerates the TextMate grammar from the compiler's token patterns and
 * bundles the client (src/extension.ts with vscode-languageclient) into dist/extension.js.
 * With `--package`, then packages editors/vscode into a .vsix with @vscode/vsce
 * (`npm run package:vscode`).
 */
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { grammarText } from "./grammar.mts";

const dir = join(import.meta.dirname, "..");
const repo = join(dir, "..", "..");
writeFileSync(join(dir, "syntaxes", "pipe.tmLanguage.json"), grammarText());
await build({
  entryPoints: [join(dir, "src", "extension.ts")],
  outfile: join(dir, "dist", "extension.js"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
  legalComments: "none",
  minify: true,
  logLevel: "warning",
});

if (process.argv.includes("--package")) {
  const pkg = JSON.parse((await import("node:fs")).readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string };
  const outIndex = process.argv.indexOf("--out");
  const out = outIndex >= 0 ? process.argv[outIndex + 1] : join(repo, "dist", `${pkg.name}-${pkg.version}.vsix`);
  mkdirSync(join(out, ".."), { recursive: true });
  const vsce = join(repo, "node_modules", ".bin", process.platform === "win32" ? "vsce.cmd" : "vsce");
  if (!existsSync(vsce)) throw new Error("@vscode/vsce is not installed (npm ci)");
  const r = spawnSync(vsce, ["package", "--no-dependencies", "--skip-license", "--allow-missing-repository", "--out", out], { cwd: dir, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
