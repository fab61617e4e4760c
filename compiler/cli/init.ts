/**
 * `pipec init [dir]`: scaffolds a repository for the three ways pipec is used (pre-commit hooks,
 * CI checks, `cdktf deploy`) from the templates in templates/init/. Refuses to replace a file
 * that exists unless `--force`; writes every file or none (writeSet).
 */
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSet, type SetFile } from "./files.ts";

/** Template file (in templates/init/) → the path it is written to in the scaffolded repository. */
export const INIT_FILES: readonly { readonly template: string; readonly target: string }[] = [
  { template: "package.json", target: "package.json" },
  { template: "nvmrc", target: ".nvmrc" },
  { template: "gitignore", target: ".gitignore" },
  { template: "README.md", target: "README.md" },
  { template: "pipec.config.json", target: "pipec.config.json" },
  { template: "cdktf.json", target: "cdktf.json" },
  { template: "stacks/main.ts", target: "stacks/main.ts" },
  { template: "pipelines/daily-export.pipe", target: "pipelines/daily-export.pipe" },
  { template: "pipelines/daily-export.values.dev.json", target: "pipelines/daily-export.values.dev.json" },
  { template: "pipelines/daily-export.values.prod.json", target: "pipelines/daily-export.values.prod.json" },
  { template: "pre-commit-config.yaml", target: ".pre-commit-config.yaml" },
  { template: "github-workflow.yml", target: ".github/workflows/pipec.yml" },
];

/** The installed package's root: the nearest directory above this module whose package.json is pipec's. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "pipec") return dir;
      } catch {
        // not ours: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("pipec's package.json was not found above the running module");
    dir = up;
  }
}

/** An npm package name from a directory name: lower case, letters, digits, `-`, `.` and `_`. */
export function projectName(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|[._-]+$/g, "");
  return name === "" ? "pipelines" : name.slice(0, 200);
}

/** A path as printed: relative to the working directory when inside it, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? resolve(path) : rel;
}

/** The scaffolded files for `dir` (not written). */
export function initFiles(dir: string): { target: string; display: string; text: string }[] {
  const root = packageRoot();
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  const values = new Map([
    ["name", projectName(dir)],
    ["pipecVersion", pkg.version],
  ]);
  return INIT_FILES.map((f) => {
    const text = readFileSync(join(root, "templates", "init", f.template), "utf8").replace(/\{\{pipec:(\w+)\}\}/g, (all: string, key: string) => values.get(key) ?? all);
    const target = join(dir, f.target);
    return { target, display: shown(target), text };
  });
}

export function runInit(dir: string, options: { readonly force: boolean }): number {
  if (existsSync(dir) && !lstatSync(dir).isDirectory()) {
    process.stderr.write(`pipec: init: ${dir} exists and is not a directory\n`);
    return 2;
  }
  const files = initFiles(dir);
  const existing = files.filter((f) => existsSync(f.target));
  if (existing.length > 0 && !options.force) {
    for (const f of existing) process.stderr.write(`pipec: init: ${f.display} exists\n`);
    process.stderr.write(`pipec: init: nothing written; --force replaces ${existing.length === 1 ? "it" : "them"}\n`);
    return 1;
  }
  const set: SetFile[] = files.map((f) => ({ target: f.target, text: f.text, display: f.display }));
  writeSet(set);
  const replaced = new Set(existing.map((f) => f.target));
  for (const f of files) process.stdout.write(`${replaced.has(f.target) ? "replaced" : "wrote"} ${f.display}\n`);
  const cd = resolve(dir) === process.cwd() ? "" : `cd ${shown(dir)} && `;
  process.stdout.write(`\nnext: ${cd}npm install && npx pipec check pipelines && npx cdktf synth (see README.md)\n`);
  return 0;
}
