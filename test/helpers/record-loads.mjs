// Preloaded with --import: records every module the process resolves and, on exit, writes the
// list (one URL per line) to the file named by PIPEC_RECORD_LOADS.
import { registerHooks } from "node:module";
import { writeFileSync } from "node:fs";

const seen = new Set();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const r = nextResolve(specifier, context);
    seen.add(r.url);
    return r;
  },
});
process.on("exit", () => {
  writeFileSync(process.env.PIPEC_RECORD_LOADS, [...seen].sort().join("\n"));
});
