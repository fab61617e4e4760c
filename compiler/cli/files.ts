/** Finding, reading and (atomically) writing input files. */
import { chmodSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

const SKIP_DIRS = new Set(["node_modules", "dist", "out", "cdktf.out", "coverage"]);

export interface FoundFiles {
  readonly files: string[];
  readonly missing: string[];
}

/** Expands files and directories (searched recursively for files with one of the extensions), sorted. */
export function findFiles(paths: readonly string[], extensions: readonly string[]): FoundFiles {
  const files = new Set<string>();
  const missing: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      missing.push(dir);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && extensions.some((x) => e.name.endsWith(x))) files.add(p);
    }
  };
  for (const p of paths) {
    if (p === "-") {
      files.add(p); // standard input
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p);
    else files.add(p);
  }
  return { files: [...files].map((f) => (f === "-" ? f : display(f))), missing };
}

function display(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith(`..${sep}`) && rel !== ".." ? rel.split(sep).join("/") : p;
}

export interface ReadText {
  readonly text: string;
  /** False when the bytes were not valid UTF-8 (bad sequences became U+FFFD). */
  readonly validUtf8: boolean;
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

export function decode(bytes: Uint8Array): ReadText {
  try {
    return { text: strict.decode(bytes), validUtf8: true };
  } catch {
    return { text: lenient.decode(bytes), validUtf8: false };
  }
}

export function readText(path: string): ReadText {
  return decode(path === "-" ? readFileSync(0) : readFileSync(path));
}

/** Writes a file atomically: a temporary file in the same directory, then a rename; keeps the mode. */
export function writeAtomic(path: string, text: string): void {
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const tmp = join(dirname(path), `.${basename(path)}.pipec-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    writeFileSync(tmp, text, { encoding: "utf8", flag: "wx", mode: mode ?? 0o666 });
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

export interface OutputFile {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

/** A set of outputs that cannot be written; nothing of the set was written. */
export class OutputError extends Error {}

function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.pipec-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`);
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

/**
 * Writes a set of files under `dir`, whole or not at all: every path must stay inside `dir`
 * (no `..`, no absolute path, no directory that links elsewhere); each file is first written
 * beside its target as a temporary file, and only when all of them are written are they renamed
 * into place. On any failure the temporary files are removed and OutputError is thrown.
 */
export function writeOutputs(dir: string, files: readonly OutputFile[]): void {
  const root = resolve(dir);
  const targets: string[] = [];
  for (const f of files) {
    const parts = f.path.split("/");
    if (f.path === "" || f.path.includes("\\") || isAbsolute(f.path) || parts.some((p) => p === "" || p === "." || p === "..")) {
      throw new OutputError(`refusing to write '${f.path}': not a relative path inside ${dir}`);
    }
    const target = resolve(root, ...parts);
    if (!inside(root, target)) throw new OutputError(`refusing to write '${f.path}': outside ${dir}`);
    targets.push(target);
  }
  const written: string[] = [];
  try {
    mkdirSync(root, { recursive: true });
    const realRoot = realpathSync(root);
    for (let i = 0; i < files.length; i++) {
      const target = targets[i];
      mkdirSync(dirname(target), { recursive: true });
      if (isDirectory(target)) throw new Error(`${relative(root, target)} is a directory`);
      const realDir = realpathSync(dirname(target));
      if (realDir !== realRoot && !inside(realRoot, realDir)) throw new Error(`${relative(root, dirname(target))} leads outside ${dir}`);
      const tmp = temporaryName(target);
      writeFileSync(tmp, files[i].text, { encoding: "utf8", flag: "wx", mode: 0o666 });
      written.push(tmp);
    }
  } catch (e) {
    for (const tmp of written) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
    throw new OutputError(`cannot write into ${dir}: ${(e as Error).message}; nothing was written`);
  }
  for (let i = 0; i < written.length; i++) {
    try {
      renameSync(written[i], targets[i]);
    } catch (e) {
      for (const tmp of written.slice(i)) {
        try {
          unlinkSync(tmp);
        } catch {
          // already gone
        }
      }
      throw new OutputError(`cannot write ${targets[i]}: ${(e as Error).message}`);
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
