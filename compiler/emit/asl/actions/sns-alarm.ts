/**
 * SnsAlarm: `sns:publish`. On a failure path the state input is the error output, so
 * `@errorMessage` and friends read its Cause and Error. A failing alarm never hides the
 * activity's own outcome: after two retries it is skipped.
 */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { AslContext } from "../context.ts";
import { jstr, type JExpr } from "../jsonata.ts";
import { SNS_ARN, type States } from "../states.ts";

/** Run-time slots of the activity an action reports on. */
export function actionSlots(status: string, failure: boolean): ReadonlyMap<string, JExpr> {
  const text = (code: string): JExpr => ({ code, type: "string" });
  return new Map([
    ["status", text(jstr(status))],
    ["errorMessage", text(failure ? "$string($states.input.Cause)" : "''")],
    ["errorStackTrace", text(failure ? "$string($states.input.Cause)" : "''")],
    ["errorId", text(failure ? "$string($states.input.Error)" : "''")],
  ]);
}

/** The topic ARN an alarm publishes to, when known at build time (for the grant). */
export function topicArn(ctx: AslContext, alarm: ObjectIR): string | undefined {
  const f = ctx.field(alarm, "topicArn")?.values[0];
  if (!f) return undefined;
  const s = ctx.staticValue(f);
  return s.ok && /^arn:[a-z-]+:sns:[a-z0-9-]*:\d{12}:[A-Za-z0-9_-]+(\.fifo)?$/.test(s.text) ? s.text : undefined;
}

export function emitSnsAlarm(ctx: AslContext, alarm: ObjectIR, node: ObjectIR, name: string, failure: boolean, states: States, after: string): void {
  const s = ctx.scope(alarm, node);
  const saved = ctx.jopts;
  ctx.jopts = { ...saved, runtimeSlots: actionSlots(failure ? "FAILED" : "FINISHED", failure) };
  const topic = ctx.fieldValue(alarm, "topicArn", s);
  const subject = ctx.fieldValue(alarm, "subject", s);
  const message = ctx.fieldValue(alarm, "message", s);
  ctx.jopts = saved;
  const args: Record<string, unknown> = { TopicArn: topic ?? "" };
  if (subject !== undefined) args.Subject = subject;
  args.Message = message ?? `${node.id}`;
  states[name] = {
    Type: "Task",
    Comment: `SnsAlarm ${alarm.id} for ${node.id}`,
    Resource: SNS_ARN,
    Arguments: args,
    Output: "{% $states.input %}",
    Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 2 }],
    Catch: [{ ErrorEquals: ["States.ALL"], Next: after, Output: "{% $states.input %}" }],
    Next: after,
  };
  ctx.allow("SnsPublish", ["sns:Publish"], [topicArn(ctx, alarm) ?? "*"]);
}
