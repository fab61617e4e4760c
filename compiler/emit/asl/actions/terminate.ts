/** Terminate: the run stops as failed (`PipelineTerminated`); nothing after it starts. */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { AslContext } from "../context.ts";
import type { States } from "../states.ts";

export function emitTerminate(ctx: AslContext, action: ObjectIR, node: ObjectIR, base: string, states: States): string {
  const name = ctx.names.take(`${base}_${action.id}`);
  states[name] = { Type: "Fail", Error: "PipelineTerminated", Cause: `Terminate action ${action.id} on ${node.id}` };
  return name;
}
