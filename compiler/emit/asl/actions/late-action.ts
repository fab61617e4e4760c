/**
 * onLateAction after lateAfterTimeout: a one-time EventBridge Scheduler schedule, armed before the
 * activity starts, publishes the SnsAlarm at `@scheduledStartTime + lateAfterTimeout` unless the
 * activity ends first (success or failure deletes it). Needs the run-time setting
 * `schedulerRoleArn`: the role EventBridge Scheduler assumes to publish.
 */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { AslContext } from "../context.ts";
import { jstr } from "../jsonata.ts";
import type { States } from "../states.ts";
import { link } from "../states.ts";
import { actionSlots } from "./sns-alarm.ts";

export function lateName(id: string): string {
  return `'pipec-late-' & $substring($hash($states.context.Execution.Id & ${jstr(`/${id}`)}, 'SHA-256'), 0, 40)`;
}

export function emitLateArm(ctx: AslContext, a: ObjectIR, actions: readonly ObjectIR[], lateAfter: number, name: string, states: States, next: string | undefined): string {
  const sns = actions.filter((x) => x.type === "SnsAlarm");
  for (const x of actions) if (x.type !== "SnsAlarm") ctx.error("PIPE5204", x.idSpan, `onLateAction '${x.id}' of '${a.id}' is ${x.type ?? "untyped"}; only SnsAlarm can be sent late from Step Functions`);
  const alarm = sns[0];
  if (!alarm) return ctx.endTarget(states, next, name);
  if (sns.length > 1) ctx.error("PIPE5204", alarm.idSpan, `'${a.id}' has ${sns.length} onLateAction alarms; Step Functions sends one`);
  const s = ctx.scope(alarm, a);
  const saved = ctx.jopts;
  ctx.jopts = { ...saved, runtimeSlots: actionSlots("RUNNING", false) };
  const topic = ctx.fieldJsonata(alarm, "topicArn", s) ?? "''";
  const subject = ctx.fieldJsonata(alarm, "subject", s);
  const message = ctx.fieldJsonata(alarm, "message", s) ?? jstr(`${a.id} is late`);
  ctx.jopts = saved;
  const input = `$string({'TopicArn': ${topic}, 'Message': ${message}${subject ? `, 'Subject': ${subject}` : ""}})`;
  const role = ctx.need("schedulerRoleArn", a, `the role EventBridge Scheduler assumes to send ${a.id}'s late alarm`);
  states[name] = {
    Type: "Task",
    Comment: `onLateAction ${alarm.id}: a one-time schedule publishes it ${lateAfter} s after the scheduled start unless ${a.id} ends first`,
    Resource: "arn:aws:states:::aws-sdk:scheduler:createSchedule",
    Arguments: {
      Name: `{% ${lateName(a.id)} %}`,
      ScheduleExpression: `{% 'at(' & $fromMillis($toMillis($scheduledStartTime) + ${lateAfter * 1000}, '[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01]') & ')' %}`,
      ScheduleExpressionTimezone: "UTC",
      FlexibleTimeWindow: { Mode: "OFF" },
      ActionAfterCompletion: "DELETE",
      Target: { Arn: "arn:aws:scheduler:::aws-sdk:sns:publish", RoleArn: "{% $runtime.schedulerRoleArn %}", Input: `{% ${input} %}` },
    },
    Output: "{% $states.input %}",
    Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 2 }],
    ...link(next),
  };
  ctx.allow("LateAlarms", ["scheduler:CreateSchedule", "scheduler:DeleteSchedule"], ["arn:aws:scheduler:*:*:schedule/default/pipec-late-*"]);
  ctx.allow("SchedulerPassRole", ["iam:PassRole"], [typeof role === "string" && role.startsWith("arn:") ? role : "arn:aws:iam::*:role/*"], { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } });
  return name;
}

export function emitLateDisarm(ctx: AslContext, a: ObjectIR, arm: string, states: States, next: string | undefined): string {
  const name = ctx.names.take(`${arm}_delete`);
  const after = ctx.endTarget(states, next, name);
  states[name] = {
    Type: "Task",
    Resource: "arn:aws:states:::aws-sdk:scheduler:deleteSchedule",
    Arguments: { Name: `{% ${lateName(a.id)} %}` },
    Output: "{% $states.input %}",
    // Already fired and deleted: nothing to do.
    Catch: [{ ErrorEquals: ["States.ALL"], Next: after, Output: "{% $states.input %}" }],
    Next: after,
  };
  return name;
}
