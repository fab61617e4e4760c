/** Finding, reading and (atomically) writing input files. */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
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
  writeSet([{ target: path, text }]);
}

export interface OutputFile {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

/** A set of outputs that cannot be written; nothing of the set was written. */
export class OutputError extends Error {}

const TEMPORARY = /^\.(.+)\.pipec-(\d+)-[a-z0-9]+\.(?:tmp|old)$/;

function temporaryName(path: string, kind: "tmp" | "old" = "tmp"): string {
  return join(dirname(path), `.${basename(path)}.pipec-${process.pid}-${Math.random().toString(36).slice(2, 8)}.${kind}`);
}

function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary files an interrupted pipec left beside each of `paths` (`.<name>.pipec-<pid>-<id>.tmp`
 * or `.old`, of a process that is no longer running). A left-over `.old` is the previous content
 * of a file whose replacement did not finish: it is put back when the file itself is missing.
 */
export function removeStaleTemporaries(paths: readonly string[]): void {
  const byDir = new Map<string, Set<string>>();
  for (const p of paths) {
    const names = byDir.get(dirname(p)) ?? new Set<string>();
    names.add(basename(p));
    byDir.set(dirname(p), names);
  }
  for (const [dir, names] of byDir) removeStaleIn(dir, names);
}

function removeStaleIn(dir: string, names: ReadonlySet<string>): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const m = TEMPORARY.exec(e);
    if (!m || !names.has(m[1]) || running(Number(m[2]))) continue;
    const stale = join(dir, e);
    const path = join(dir, m[1]);
    try {
      if (e.endsWith(".old") && !existsSync(path)) renameSync(stale, path);
      else unlinkSync(stale);
    } catch {
      // another run got there first
    }
  }
}

const HINTS: Readonly<Record<string, string>> = {
  EEXIST: "a file is in the way; remove or rename it",
  ENOTDIR: "a part of the path is a file, not a directory; remove or rename it, or choose another location",
  EISDIR: "a directory is where the file must go; remove or rename it, or choose another location",
  EACCES: "permission denied; check the permissions or choose another location",
  EPERM: "operation not permitted; check the permissions or choose another location",
  EROFS: "the file system is read-only; choose another location",
  ENOSPC: "no space left on the device; free some space and run again",
  EDQUOT: "the disk quota is exceeded; free some space and run again",
  ENOENT: "no such file or directory",
  EMFILE: "too many open files; close some programs and run again",
  ENAMETOOLONG: "the name is too long; choose a shorter one",
  ELOOP: "too many symbolic links; check the path",
};

/**
 * The exit code of a command whose findings include errors: 2 when one is not about the
 * source's content but a file that could not be read (PIPE9001) or an internal failure
 * (PIPE9003), else 1.
 */
export function errorExitCode(diagnostics: readonly { readonly code: string }[]): 1 | 2 {
  return diagnostics.some((d) => d.code === "PIPE9001" || d.code === "PIPE9003") ? 2 : 1;
}

/** A file-system error (it has an errno code) rather than a bug. */
export function isFileSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string" && typeof (e as NodeJS.ErrnoException).syscall === "string";
}

/** `<path>: <what went wrong> (<CODE>)`, naming `path` (not the temporary file the call used). */
export function describeFileSystemError(e: unknown, path?: string): string {
  if (!isFileSystemError(e)) return (e as Error)?.message ?? String(e);
  const code = e.code ?? "";
  const where = path ?? e.path;
  const cause = HINTS[code] ?? e.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*$/, "");
  return `${where ? `${where}: ` : ""}${cause} (${code})`;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

/**
 * Writes a set of files under `dir`, whole or not at all: every path must stay inside `dir`
 * (no `..`, no absolute path, no directory that links elsewhere). See writeSet.
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
  let realRoot: string;
  try {
    mkdirSync(root, { recursive: true });
    realRoot = realpathSync(root);
  } catch (e) {
    throw new OutputError(`cannot create the output directory ${describeFileSystemError(e, dir)}; nothing was written`);
  }
  writeSet(
    files.map((f, i) => ({ target: targets[i], text: f.text, display: join(dir, f.path) })),
    (target) => {
      const realDir = realpathSync(dirname(target));
      if (realDir !== realRoot && !inside(realRoot, realDir)) throw new OutputError(`refusing to write '${relative(root, target)}': ${relative(root, dirname(target)) || "."} leads outside ${dir}; nothing was written`);
    },
  );
}

export interface SetFile {
  /** Where the file goes. */
  readonly target: string;
  readonly text: string;
  /** The name shown in errors (default: target). */
  readonly display?: string;
}

/**
 * Writes a set of files whole or not at all: each is first written beside its target as a
 * temporary file (`.<name>.pipec-<pid>-<id>.tmp`; an existing file's mode is kept); only when all
 * are written are they moved into place, the files they replace kept aside (`.old`) until every
 * move succeeded and put back otherwise. On failure the set is left as it was and OutputError
 * names the file and the cause. `check` runs on each target once its directory exists.
 */
export function writeSet(files: readonly SetFile[], check?: (target: string) => void): void {
  const written: string[] = [];
  const removeAll = (paths: readonly string[]): void => {
    for (const p of paths) {
      try {
        unlinkSync(p);
      } catch {
        // already gone
      }
    }
  };
  let current = 0;
  try {
    for (; current < files.length; current++) {
      const target = files[current].target;
      mkdirSync(dirname(target), { recursive: true });
      check?.(target);
    }
    current = 0;
    removeStaleTemporaries(files.map((f) => f.target));
    for (; current < files.length; current++) {
      const target = files[current].target;
      let mode: number | undefined;
      try {
        const st = statSync(target);
        if (st.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR", syscall: "open", path: target });
        mode = st.mode & 0o7777;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
      const tmp = temporaryName(target);
      writeFileSync(tmp, files[current].text, { encoding: "utf8", flag: "wx", mode: mode ?? 0o666 });
      written.push(tmp);
      if (mode !== undefined) chmodSync(tmp, mode);
    }
  } catch (e) {
    removeAll(written);
    if (e instanceof OutputError) throw e;
    const f = files[Math.min(current, files.length - 1)];
    throw new OutputError(`cannot write ${describeFileSystemError(e, f.display ?? f.target)}; nothing was written`);
  }
  // Every file is written: move them into place, keeping what they replace until all are moved.
  const moved: { target: string; old: string | undefined }[] = [];
  for (let i = 0; i < written.length; i++) {
    const target = files[i].target;
    let old: string | undefined;
    try {
      if (existsSync(target)) {
        old = temporaryName(target, "old");
        renameSync(target, old);
      }
      renameSync(written[i], target);
      moved.push({ target, old });
    } catch (e) {
      if (old !== undefined && !existsSync(target)) {
        try {
          renameSync(old, target);
        } catch {
          // left as .old; put back by the next run
        }
      }
      for (const m of moved.reverse()) {
        try {
          if (m.old !== undefined) renameSync(m.old, m.target);
          else unlinkSync(m.target);
        } catch {
          // left as .old; put back by the next run
        }
      }
      removeAll(written.slice(i));
      throw new OutputError(`cannot write ${describeFileSystemError(e, files[i].display ?? target)}; nothing was written`);
    }
  }
  for (const m of moved) if (m.old !== undefined) removeAll([m.old]);
}
