/** The shape of a Data Pipeline target check: it reads the IR and the definition built from it. */
import type { Diagnostic } from "../../../diagnostics/diagnostic.ts";
import type { ObjectIR, PipelineIR } from "../../../ir/ir.ts";
import type { DefObject, Definition } from "../definition.ts";

export interface TargetCheckContext {
  readonly pipeline: PipelineIR;
  readonly definition: Definition;
  /** Each emitted object with the IR object it came from (same order: Default first). */
  readonly pairs: readonly { readonly ir: ObjectIR; readonly def: DefObject }[];
  report(d: Diagnostic): void;
}

export type TargetCheck = (ctx: TargetCheckContext) => void;

/** UTF-8 byte length (a lone surrogate counts 3 bytes, as it is encoded as U+FFFD). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
