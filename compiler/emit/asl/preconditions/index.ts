/**
 * Preconditions as poll loops: check, and while not satisfied wait `retryDelay` and check again,
 * until `preconditionTimeout` has passed (or, without one, `maximumRetries` + 1 checks). A check
 * that fails (a missing table, a non-zero exit) counts as "not yet"; each check is bounded by the
 * precondition's `attemptTimeout`. When the loop gives up the run fails (`PreconditionTimedOut`)
 * and the activity never starts.
 */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { AslContext } from "../context.ts";
import { ERRORS, NOW, varName, type States } from "../states.ts";
import type { PreconditionKind } from "./kind.ts";
import { dynamoDbDataExists, dynamoDbTableExists } from "./dynamodb.ts";
import { s3KeyExists, s3PrefixNotEmpty } from "./s3.ts";
import { shellCommandPrecondition } from "./shell-command-precondition.ts";

export const PRECONDITIONS: ReadonlyMap<string, PreconditionKind> = new Map<string, PreconditionKind>([
  ["S3KeyExists", s3KeyExists],
  ["S3PrefixNotEmpty", s3PrefixNotEmpty],
  ["DynamoDBTableExists", dynamoDbTableExists],
  ["DynamoDBDataExists", dynamoDbDataExists],
  ["ShellCommandPrecondition", shellCommandPrecondition],
]);

/** The preconditions of an activity: its own, then those of its input data nodes. */
export function preconditionsOf(ctx: AslContext, a: ObjectIR): { pre: ObjectIR; node: ObjectIR }[] {
  const out = ctx.refs(a, "precondition").map((pre) => ({ pre, node: a }));
  for (const input of ctx.refs(a, "input")) for (const pre of ctx.refs(input, "precondition")) out.push({ pre, node: input });
  return out;
}

/** Emits every precondition loop of `a` before `next`; returns the first state (or `next`). */
export function emitPreconditions(ctx: AslContext, a: ObjectIR, states: States, next: string | undefined): string | undefined {
  let n = next;
  const list = preconditionsOf(ctx, a);
  for (let i = list.length - 1; i >= 0; i--) n = emitPrecondition(ctx, list[i]!.pre, list[i]!.node, a, states, n);
  return n;
}

function emitPrecondition(ctx: AslContext, pre: ObjectIR, node: ObjectIR, activity: ObjectIR, states: States, next: string | undefined): string {
  const kind = pre.type ? PRECONDITIONS.get(pre.type) : undefined;
  const base = `${activity.id}_${pre.id}`;
  if (!kind) {
    ctx.error("PIPE5203", pre.idSpan, `precondition '${pre.id}' (${pre.type ?? "no type"}) of '${node.id}' has no Step Functions poll loop; use ${[...PRECONDITIONS.keys()].join(", ")}`);
    return ctx.endTarget(states, next, base);
  }
  const before = ctx.errorCount();
  const check = kind.check(ctx, pre, ctx.scope(pre, node));
  if (!check) {
    if (ctx.errorCount() === before) ctx.error("PIPE5203", pre.idSpan, `precondition '${pre.id}' of '${node.id}' lacks the field it checks`);
    return ctx.endTarget(states, next, base);
  }
  const init = ctx.names.take(`${base}_start`);
  const checkName = ctx.names.take(`${base}_check`);
  const decide = ctx.names.take(`${base}_satisfied`);
  const wait = ctx.names.take(`${base}_wait`);
  const timedOut = ctx.names.take(`${base}_timed_out`);
  const counter = varName("polls", checkName);
  const okVar = varName("ok", checkName);
  const deadline = varName("until", checkName);
  const delay = Math.max(1, ctx.seconds(pre, "retryDelay") ?? 600);
  const timeout = ctx.seconds(pre, "preconditionTimeout");
  const attempt = ctx.seconds(pre, "attemptTimeout");
  const maxPolls = Math.min(1000, Math.max(1, (ctx.integer(pre, "maximumRetries") ?? 999) + 1));
  const after = ctx.endTarget(states, next, base);
  const assign: Record<string, unknown> = { [counter]: 0 };
  if (timeout !== undefined) assign[deadline] = `{% ${NOW} + ${timeout * 1000} %}`;
  states[init] = {
    Type: "Pass",
    Comment: `precondition ${pre.id} on ${node.id}: check every ${delay} s ${timeout !== undefined ? `for up to ${timeout} s` : `at most ${maxPolls} times`}`,
    Assign: assign,
    Next: checkName,
  };
  states[checkName] = {
    Type: "Task",
    ...check.task,
    ...(attempt !== undefined ? { TimeoutSeconds: Math.max(1, attempt) } : {}),
    Assign: { [counter]: `{% $${counter} + 1 %}`, [okVar]: `{% ${check.ok} %}` },
    Output: "{% $states.input %}",
    Catch: [{ ErrorEquals: ["States.ALL"], Next: decide, Assign: { [counter]: `{% $${counter} + 1 %}`, [okVar]: false }, Output: "{% $states.input %}" }],
    Next: decide,
  };
  const giveUp = timeout !== undefined ? `${NOW} + ${delay * 1000} > $${deadline}` : `$${counter} >= ${maxPolls}`;
  states[decide] = {
    Type: "Choice",
    Choices: [
      { Condition: `{% $${okVar} %}`, Next: after },
      { Condition: `{% ${giveUp} %}`, Next: timedOut },
    ],
    Default: wait,
  };
  states[wait] = { Type: "Wait", Seconds: delay, Next: checkName };
  states[timedOut] = { Type: "Fail", Error: ERRORS.preconditionTimedOut, Cause: `precondition ${pre.id} on ${node.id} was not met ${timeout !== undefined ? `within ${timeout} s` : `after ${maxPolls} checks`}` };
  return init;
}
