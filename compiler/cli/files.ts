/** Finding, reading and (atomically) writing input files. */
import { chmodSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";

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
