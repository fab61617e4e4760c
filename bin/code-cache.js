// Runs the CLI bundle (CommonJS) with a V8 code cache taken after the run.
//
// Node's own module compile cache is written when a module is compiled, so it holds only the
// code that runs while the module loads; every function the command then calls is compiled
// again in every process. A cache taken with `script.createCachedData()` after the command has
// run holds the compiled code of every function it used, so the next start of the same command
// runs them without compiling (V8 still checks the cache against its version and flags, and
// rejects it otherwise). One cache per command (`check`, `fmt`, ...), in `$PIPEC_CODE_CACHE` or
// `<tmpdir>/pipec-code-cache-<uid>` (created private, and read only when it is the user's own
// and no one else can write to it); `PIPEC_CODE_CACHE=off` turns it off.
// A cache is written once per bundle and command (atomically: write, then rename); caches of
// earlier builds of the same bundle file are removed then. Any failure to read or write a cache
// is ignored.
const builtin = process.getBuiltinModule ?? (await import("node:module")).createRequire(import.meta.url);
const fs = builtin("node:fs");
const path = builtin("node:path");
const vm = builtin("node:vm");
const { createRequire } = builtin("node:module");
const { pathToFileURL } = builtin("node:url");

/** FNV-1a of a string, in hexadecimal (a name for a path, not a checksum). */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** A directory owned by this user and not writable by others (always true where there are no uids). */
function trusted(dir, uid) {
  if (uid === undefined) return true;
  try {
    const st = fs.lstatSync(dir);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * Loads the CommonJS bundle `file` and returns its exports, with `save()` to call once the
 * command is done: it writes the cache for `command` if there was none or V8 rejected it.
 */
export function loadBundle(file, command) {
  // esbuild writes ASCII only (it escapes the rest), so the bundle needs no UTF-8 decoding.
  const source = fs.readFileSync(file, "latin1");
  const setting = process.env.PIPEC_CODE_CACHE;
  const uid = process.getuid?.();
  const dir = setting === "off" ? undefined : setting || path.join(builtin("node:os").tmpdir(), uid === undefined ? "pipec-code-cache" : `pipec-code-cache-${uid}`);
  let cacheFile;
  let cached;
  let prefix;
  let stamp;
  if (dir) {
    const st = fs.statSync(file);
    // One set of caches per installed copy of the bundle (its path), Node version and platform;
    // the stamp tells one build of the bundle from the next.
    prefix = `pipec-${hash(file)}-${process.version}-${process.arch}-`;
    stamp = `${st.size}-${Math.trunc(st.mtimeMs)}`;
    cacheFile = path.join(dir, `${prefix}${stamp}-${/^[a-z][a-z-]*$/.test(command) ? command : "other"}.bin`);
    // A code cache is code: read it only from a directory that no one else can write to.
    if (trusted(dir, uid)) {
      try {
        cached = fs.readFileSync(cacheFile);
      } catch {
        cached = undefined;
      }
    }
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  // (The bundle holds no `import()`: scripts/build.ts checks it.)
  const script = new vm.Script(wrapper, { filename: pathToFileURL(file).href, cachedData: cached });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  const save = () => {
    if (!cacheFile || (cached && !script.cachedDataRejected)) return;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (!trusted(dir, uid)) return;
      // Caches of earlier builds of this bundle file go.
      for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && !f.startsWith(`${prefix}${stamp}-`)) fs.rmSync(path.join(dir, f), { force: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      // A cache is an optimisation: a read-only or full disk only costs the next start its time.
    }
  };
  return { exports: module.exports, save };
}
