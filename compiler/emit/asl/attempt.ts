/**
 * One Data Pipeline attempt in Step Functions, written once for every activity kind.
 *
 * In Data Pipeline an attempt is the whole unit of work (submit, wait, read the result); a failed
 * or timed-out attempt is retried `maximumRetries` times, `retryDelay` apart, each bounded by
 * `attemptTimeout`, and the activity fails (onFail) after the last one. Here:
 * - a body that is one Task (an optimized `.sync` integration: ECS, EMR steps) carries `Retry`,
 *   `TimeoutSeconds` and `Catch` itself: the integration's own wait is part of the attempt;
 * - a body of several states (a Data API statement and its poll loop, several EMR steps) runs in
 *   a Parallel state of one branch that carries `Retry` and `Catch`: a failure anywhere in the
 *   branch re-runs the whole attempt. The branch starts by setting a deadline
 *   (`attemptTimeout` from the attempt's start); tasks get the time left as `TimeoutSeconds` and
 *   poll loops stop at the deadline with `Pipec.AttemptTimedOut`, which is retried like any failure.
 */
import type { ObjectIR } from "../../ir/ir.ts";
import type { AslContext } from "./context.ts";
import { NOW, link, varName, type State, type States } from "./states.ts";

export interface AttemptPolicy {
  /** Retries after the first attempt (Data Pipeline's `maximumRetries`). */
  readonly retries: number;
  /** Seconds between attempts (`retryDelay`). */
  readonly delay: number;
  /** Seconds one attempt may take (`attemptTimeout`). */
  readonly timeout: number | undefined;
}

/** Data Pipeline's defaults: 2 retries, 10 minutes apart, no attempt timeout. */
export function attemptPolicy(ctx: AslContext, o: ObjectIR): AttemptPolicy {
  const retries = ctx.integer(o, "maximumRetries") ?? 2;
  const delay = ctx.seconds(o, "retryDelay") ?? 600;
  const timeout = ctx.seconds(o, "attemptTimeout");
  return { retries: Math.max(0, retries), delay: Math.max(1, delay), timeout: timeout === undefined ? undefined : Math.max(1, timeout) };
}

export function retryOf(policy: AttemptPolicy): State[] {
  if (policy.retries <= 0) return [];
  return [{ ErrorEquals: ["States.ALL"], IntervalSeconds: policy.delay, MaxAttempts: policy.retries, BackoffRate: 1 }];
}

/** The body of one attempt. */
export type AttemptBody =
  /** One Task state (without Next/End, Retry, Catch or TimeoutSeconds). */
  | { readonly kind: "task"; readonly state: State }
  /** Several states starting at `start`; `exits` end a successful attempt (they get `End`). */
  | { readonly kind: "loop"; readonly states: States; readonly start: string; readonly exits: readonly string[] };

/** What a body builder gets: the deadline variable (when the attempt is bounded) and names. */
export interface AttemptScope {
  /** The variable (without `$`) holding the attempt's deadline in epoch milliseconds. */
  readonly deadline: string | undefined;
  /** `TimeoutSeconds` for a task inside the attempt: the time left, at least one second. */
  readonly timeLeft: string | undefined;
}

/**
 * Emits an activity's attempt as the state `name`, followed by `next`; failures after the last
 * attempt go to `fail`. Returns the state's name.
 */
export function emitAttempt(
  ctx: AslContext,
  a: ObjectIR,
  name: string,
  comment: string,
  build: (scope: AttemptScope) => AttemptBody | undefined,
  fail: string,
  next: string | undefined,
  states: States,
): string | undefined {
  const policy = attemptPolicy(ctx, a);
  const deadline = policy.timeout !== undefined ? varName("deadline", name) : undefined;
  const timeLeft = deadline ? `{% $max([1, $ceil(($${deadline} - ${NOW}) / 1000)]) %}` : undefined;
  const body = build({ deadline, timeLeft });
  if (!body) return undefined;
  const retry = retryOf(policy);
  const catcher = [{ ErrorEquals: ["States.ALL"], Next: fail, Output: "{% $states.errorOutput %}" }];
  if (body.kind === "task") {
    states[name] = {
      Type: "Task",
      Comment: comment,
      ...body.state,
      Output: body.state.Output ?? "{% $states.input %}",
      ...(policy.timeout !== undefined ? { TimeoutSeconds: policy.timeout } : {}),
      ...(retry.length ? { Retry: retry } : {}),
      Catch: catcher,
      ...link(next),
    };
    return name;
  }
  const branch: States = {};
  let start = body.start;
  if (deadline) {
    const begin = ctx.names.take(`${name}_attempt`);
    branch[begin] = { Type: "Pass", Comment: `attemptTimeout: this attempt ends by ${policy.timeout} s from now`, Assign: { [deadline]: `{% ${NOW} + ${policy.timeout! * 1000} %}` }, Next: body.start };
    start = begin;
  }
  for (const [k, s] of Object.entries(body.states)) branch[k] = body.exits.includes(k) ? { ...s, End: true } : s;
  states[name] = {
    Type: "Parallel",
    Comment: `${comment}: one attempt (${policy.retries} ${policy.retries === 1 ? "retry" : "retries"}, ${policy.delay} s apart${policy.timeout !== undefined ? `, ${policy.timeout} s each` : ""})`,
    Branches: [{ StartAt: start, States: branch }],
    Output: "{% $states.input %}",
    ...(retry.length ? { Retry: retry } : {}),
    Catch: catcher,
    ...link(next),
  };
  return name;
}
