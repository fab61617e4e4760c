/** onSuccess / onFail actions: SnsAlarm (sns:publish) and Terminate (the run fails). */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { AslContext } from "../context.ts";
import type { States } from "../states.ts";
import { emitSnsAlarm } from "./sns-alarm.ts";
import { emitTerminate } from "./terminate.ts";

/** Emits one action before `next`; returns its first state. */
export function emitAction(ctx: AslContext, action: ObjectIR, node: ObjectIR, base: string, failure: boolean, states: States, next: string | undefined): string {
  if (action.type === "Terminate") return emitTerminate(ctx, action, node, base, states);
  if (action.type !== "SnsAlarm") {
    ctx.error("PIPE5204", action.idSpan, `action '${action.id}' (${action.type ?? "no type"}) has no Step Functions mapping; use SnsAlarm or Terminate`);
    return ctx.endTarget(states, next, base);
  }
  const name = ctx.names.take(`${base}_${action.id}`);
  const after = ctx.endTarget(states, next, name);
  emitSnsAlarm(ctx, action, node, name, failure, states, after);
  return name;
}
