/** The run-time settings tests build Step Functions stacks with: cdktf.json's, per environment. */
import { readFileSync } from "node:fs";

/** `context.pipec.stepfunctions.runtime` of cdktf.json: `{"*": {...}, "<env>": {...}}`. */
export const EXAMPLE_RUNTIME = (
  JSON.parse(readFileSync(new URL("../../cdktf.json", import.meta.url), "utf8")) as { context: { pipec: { stepfunctions: { runtime: Record<string, Record<string, unknown>> } } } }
).context.pipec.stepfunctions.runtime;
