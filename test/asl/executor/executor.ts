/**
 * A small executor for JSONata-mode Amazon States Language machines, on a virtual clock, for tests.
 *
 *   runMachine(definition, options?): Promise<RunResult>
 *
 * options:
 * - `input`: the execution input (default `{}`).
 * - `services(resource, args, call)`: what every Task does. Returns (or resolves to) a ServiceOutcome:
 *   `ok(result, seconds?)`, `failure(error, cause?, seconds?)` or `never()`; `undefined` is `ok({})`.
 *   `call` has the state name, attempt (1 for the first call), virtual time and branch path. A handler
 *   that throws rejects the run: use `failure` to make a task fail. Default: every task succeeds with `{}`.
 * - `startTime` (ISO, default 2026-01-01T00:00:00.000Z), `context` (execution and state machine names,
 *   region, account, role), `maxTransitions` (default 10,000 state entries), `maxSeconds` (default one
 *   year of virtual time). Passing either limit ends the run with `status: "LIMIT"`.
 *
 * RunResult: `status` SUCCEEDED | FAILED | LIMIT, `output`, `error`/`cause` (FAILED, LIMIT), `limit`
 * ("transitions" | "time"), `elapsedSeconds`, `transitions`, `calls` (every service call: resource,
 * evaluated args, state, attempt, `at` in seconds since the start, branch `path`) and `trace` (per state:
 * entered, exited, retry, caught, failed, stopped; with `at`, `enteredAt`, `path`). Parallel branches and
 * Map iterations run concurrently in virtual time: their events interleave by time in `trace`, and a
 * branch's `path` is `Parent[index]` (nested: `A[0]/B[1]`).
 *
 * Semantics follow the Step Functions developer guide: "Transforming data with JSONata", "Passing data
 * between states with variables" and "Handling errors in Step Functions workflows". A failed JSONata
 * evaluation (an error, an undefined result, a result of the wrong type) is States.QueryEvaluationError,
 * as the States Language's table of predefined errors names it; it is retried and caught like any task
 * error. States.Runtime is never retried nor caught. JitterStrategy, HeartbeatSeconds, MaxConcurrency,
 * JSONPath states and distributed Map features are not modelled.
 */
import { createHash, randomUUID } from "node:crypto";
import jsonata from "jsonata";

export type ServiceOutcome =
  | { readonly result: unknown; readonly seconds?: number }
  | { readonly error: string; readonly cause?: string; readonly seconds?: number }
  | { readonly never: true };

export interface ServiceCall {
  readonly state: string;
  readonly attempt: number;
  /** Seconds since the execution started (virtual). */
  readonly at: number;
  readonly time: string;
  readonly path: string;
  readonly input: unknown;
}

export type ServiceHandler = (resource: string, args: unknown, call: ServiceCall) => ServiceOutcome | undefined | Promise<ServiceOutcome | undefined>;

export interface RunOptions {
  readonly input?: unknown;
  readonly services?: ServiceHandler;
  readonly startTime?: string;
  readonly context?: { readonly executionName?: string; readonly stateMachineName?: string; readonly region?: string; readonly account?: string; readonly roleArn?: string };
  readonly maxTransitions?: number;
  readonly maxSeconds?: number;
}

export interface CallRecord {
  readonly resource: string;
  readonly args: unknown;
  readonly state: string;
  readonly attempt: number;
  readonly at: number;
  readonly path: string;
}

export type TraceEvent = "entered" | "exited" | "failed" | "retry" | "caught" | "stopped";

export interface TraceRecord {
  readonly state: string;
  readonly type: string;
  readonly event: TraceEvent;
  /** When the event happened, in seconds since the start. */
  readonly at: number;
  /** When the state was entered. */
  readonly enteredAt: number;
  readonly path: string;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly next?: string;
  readonly attempt?: number;
  readonly delaySeconds?: number;
}

export interface RunResult {
  readonly status: "SUCCEEDED" | "FAILED" | "LIMIT";
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly limit?: "transitions" | "time";
  readonly elapsedSeconds: number;
  readonly transitions: number;
  readonly calls: CallRecord[];
  readonly trace: TraceRecord[];
}

export const ok = (result: unknown = {}, seconds?: number): ServiceOutcome => (seconds === undefined ? { result } : { result, seconds });
export const failure = (error: string, cause = "", seconds?: number): ServiceOutcome => (seconds === undefined ? { error, cause } : { error, cause, seconds });
export const never = (): ServiceOutcome => ({ never: true });

type State = Record<string, unknown>;
interface Machine {
  readonly StartAt: string;
  readonly States: Record<string, State>;
}

/** A state's error, as Retry and Catch see it. */
class StateFailure extends Error {
  readonly error: string;
  override readonly cause: string;
  constructor(error: string, cause: string) {
    super(`${error}: ${cause}`);
    this.error = error;
    this.cause = cause;
  }
}

/** A branch stopped because a sibling failed. */
class Stopped extends Error {}

/** The run passed maxTransitions or maxSeconds. */
class LimitReached extends Error {
  readonly kind: "transitions" | "time";
  constructor(kind: "transitions" | "time", message: string) {
    super(message);
    this.kind = kind;
  }
}

const QUERY_ERROR = "States.QueryEvaluationError";
const RUNTIME = "States.Runtime";
/** Task TimeoutSeconds when none is given (Task state, developer guide). */
const DEFAULT_TASK_TIMEOUT = 99_999_999;

/**
 * "States.ALL: A wildcard that matches any known error name. This error type can't catch the
 * States.DataLimitExceeded terminal error type and runtime error types"; "a States.Runtime error isn't
 * retriable, and will always cause the execution to fail" (Handling errors in Step Functions workflows).
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (error === RUNTIME) return false;
  if (errorEquals.includes(error)) return true;
  return errorEquals.includes("States.ALL") && error !== "States.DataLimitExceeded";
}

/** A line of execution: the main flow, a Parallel branch or a Map iteration. */
interface Thread {
  readonly parent: Thread | undefined;
  readonly path: string;
  cancelled: boolean;
}

const cancelled = (t: Thread | undefined): boolean => !!t && (t.cancelled || cancelled(t.parent));
const within = (t: Thread | undefined, ancestor: Thread): boolean => !!t && (t === ancestor || within(t.parent, ancestor));

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly owner: Thread;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Virtual time. Every thread is either running (real async work: JSONata, a service handler) or blocked
 * (on a timer or on its branches). Time moves to the earliest timer only when nothing runs, so threads
 * interleave as they would concurrently and a service call takes no virtual time of its own.
 */
class Clock {
  now: number;
  running = 1;
  aborted: LimitReached | undefined;
  private seq = 0;
  private timers: Timer[] = [];
  private readonly limitAt: number;
  private readonly maxSeconds: number;

  constructor(start: number, maxSeconds: number) {
    this.now = start;
    this.maxSeconds = maxSeconds;
    this.limitAt = start + maxSeconds * 1000;
  }

  sleep(owner: Thread, seconds: number): Promise<void> {
    this.check(owner);
    if (seconds <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.timers.push({ at: this.now + seconds * 1000, seq: this.seq++, owner, resolve, reject });
      this.block();
    });
  }

  check(owner: Thread): void {
    if (this.aborted) throw this.aborted;
    if (cancelled(owner)) throw new Stopped();
  }

  block(): void {
    this.running--;
    if (this.running > 0 || this.timers.length === 0) return;
    let i = 0;
    for (let j = 1; j < this.timers.length; j++) {
      const a = this.timers[j]!, b = this.timers[i]!;
      if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) i = j;
    }
    const [t] = this.timers.splice(i, 1) as [Timer];
    if (t.at > this.limitAt) {
      this.timers.push(t);
      this.now = this.limitAt;
      this.abort(new LimitReached("time", `virtual time passed ${this.maxSeconds} seconds`));
      return;
    }
    this.now = t.at;
    this.running++;
    t.resolve();
  }

  abort(limit: LimitReached): void {
    this.aborted ??= limit;
    this.drop(() => true, this.aborted);
  }

  /** Stops a thread and its descendants: pending timers reject at once, without moving time. */
  cancel(thread: Thread): void {
    thread.cancelled = true;
    this.drop((t) => within(t.owner, thread), new Stopped());
  }

  private drop(which: (t: Timer) => boolean, reason: unknown): void {
    const hit = this.timers.filter(which);
    this.timers = this.timers.filter((t) => !which(t));
    this.running += hit.length;
    for (const t of hit) t.reject(reason);
  }
}

/** Workflow variables: Parallel branches and Map iterations read outer scopes and assign in their own. */
class Scope {
  readonly parent: Scope | undefined;
  readonly vars: Record<string, unknown> = {};
  constructor(parent?: Scope) {
    this.parent = parent;
  }
  all(): Record<string, unknown> {
    return { ...this.parent?.all(), ...this.vars };
  }
}

interface Env {
  readonly input: unknown;
  readonly context: Record<string, unknown>;
  readonly scope: Scope;
  readonly result?: unknown;
  readonly errorOutput?: unknown;
}

const isExpr = (v: unknown): v is string => typeof v === "string" && v.startsWith("{%") && v.endsWith("%}") && v.length >= 4;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const iso = (ms: number): string => new Date(ms).toISOString();
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Seeded $random: mulberry32 over a hash of the seed. */
function seeded(seed: unknown): number {
  let a = createHash("sha256").update(JSON.stringify(seed) ?? "").digest().readUInt32LE(0);
  a = (a + 0x6d2b79f5) | 0;
  let t = Math.imul(a ^ (a >>> 15), 1 | a);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const HASHES: Record<string, string> = { "MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };

class Run {
  readonly clock: Clock;
  readonly calls: CallRecord[] = [];
  readonly trace: TraceRecord[] = [];
  transitions = 0;
  private readonly start: number;
  private readonly exprs = new Map<string, jsonata.Expression>();
  private readonly fns: Record<string, unknown>;
  private readonly execution: Record<string, unknown>;
  private readonly stateMachine: Record<string, unknown>;
  private readonly services: ServiceHandler;
  private readonly maxTransitions: number;

  constructor(options: RunOptions) {
    this.start = Date.parse(options.startTime ?? "2026-01-01T00:00:00.000Z");
    if (Number.isNaN(this.start)) throw new Error(`startTime is not a date: ${options.startTime}`);
    this.clock = new Clock(this.start, options.maxSeconds ?? 365 * 24 * 3600);
    this.maxTransitions = options.maxTransitions ?? 10_000;
    this.services = options.services ?? (() => ok({}));
    const c = options.context ?? {};
    const prefix = `arn:aws:states:${c.region ?? "us-east-1"}:${c.account ?? "123456789012"}`;
    const sm = c.stateMachineName ?? "StateMachine";
    const name = c.executionName ?? "execution-1";
    this.execution = {
      Id: `${prefix}:execution:${sm}:${name}`, Name: name, StartTime: iso(this.start), Input: options.input ?? {},
      RoleArn: c.roleArn ?? `arn:aws:iam::${c.account ?? "123456789012"}:role/StepFunctionsRole`, RedriveCount: 0,
    };
    this.stateMachine = { Id: `${prefix}:stateMachine:${sm}`, Name: sm };
    const fromMillis = jsonata("$fromMillis($t, $p, $z)");
    // Step Functions' additions to JSONata 2.0.6 ("Transforming data with JSONata": JSONata functions
    // provided by Step Functions; $eval is not available, $parse replaces it). Bindings shadow the
    // built-ins, so $now and $millis read the virtual clock.
    this.fns = {
      now: (p?: string, z?: string) => (p === undefined && z === undefined ? iso(this.clock.now) : fromMillis.evaluate(undefined, { t: this.clock.now, p, z })),
      millis: () => this.clock.now,
      partition: (a: unknown, size: number) => {
        if (!Array.isArray(a) || !Number.isInteger(size) || size < 1) throw new Error("$partition needs an array and a positive integer size");
        const out: unknown[][] = [];
        for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size));
        return out;
      },
      range: (from: number, to: number, step = 1) => {
        if (![from, to, step].every(Number.isFinite) || step === 0) throw new Error("$range needs numbers and a non-zero step");
        const out: number[] = [];
        for (let v = from; step > 0 ? v <= to : v >= to; v += step) out.push(v);
        return out;
      },
      hash: (data: unknown, algorithm: string) => {
        if (typeof data !== "string" || !HASHES[algorithm]) throw new Error(`$hash needs a string and one of ${Object.keys(HASHES).join(", ")}`);
        return createHash(HASHES[algorithm]!).update(data).digest("hex");
      },
      random: (seed?: unknown) => (seed === undefined ? Math.random() : seeded(seed)),
      uuid: () => randomUUID(),
      parse: (text: unknown) => {
        if (typeof text !== "string") throw new Error("$parse needs a string");
        return JSON.parse(text) as unknown;
      },
      eval: () => {
        throw new Error("$eval is not available in Step Functions; use $parse");
      },
    };
  }

  elapsed(): number {
    return (this.clock.now - this.start) / 1000;
  }

  /** Every `{% %}` string of the definition compiles (Step Functions rejects the definition otherwise). */
  compileAll(v: unknown, where: string): void {
    if (isExpr(v)) this.compile(v.slice(2, -2), where);
    else if (Array.isArray(v)) v.forEach((x, i) => this.compileAll(x, `${where}/${i}`));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) this.compileAll(x, `${where}/${k}`);
  }

  private compile(src: string, where: string): jsonata.Expression {
    let e = this.exprs.get(src);
    if (!e) {
      try {
        e = jsonata(src);
      } catch (err) {
        throw new Error(`invalid JSONata at ${where}: ${message(err)} in {%${src}%}`);
      }
      this.exprs.set(src, e);
    }
    return e;
  }

  /** Evaluates JSONata templates: objects and arrays recursively, `{% %}` strings as expressions. */
  async ev(v: unknown, env: Env, field: string): Promise<unknown> {
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const [i, x] of v.entries()) out.push(await this.ev(x, env, `${field}/${i}`));
      return out;
    }
    if (isObject(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = await this.ev(x, env, `${field}/${k}`);
      return out;
    }
    if (!isExpr(v)) return v;
    const src = v.slice(2, -2);
    const states: Record<string, unknown> = { input: env.input, context: env.context };
    if (env.result !== undefined) states.result = env.result;
    if (env.errorOutput !== undefined) states.errorOutput = env.errorOutput;
    let out: unknown;
    try {
      out = await this.compile(src, field).evaluate(undefined, { ...this.fns, ...env.scope.all(), states });
    } catch (e) {
      throw new StateFailure(QUERY_ERROR, `The JSONata expression '${src.trim()}' specified for the field '${field}' threw an error: ${message(e)}`);
    }
    if (out === undefined) throw new StateFailure(QUERY_ERROR, `The JSONata expression '${src.trim()}' specified for the field '${field}' returned nothing (undefined).`);
    if (typeof out === "function") throw new StateFailure(QUERY_ERROR, `The JSONata expression '${src.trim()}' specified for the field '${field}' returned a function.`);
    return JSON.parse(JSON.stringify(out)) as unknown;
  }

  private async typed<T>(v: unknown, env: Env, field: string, ok: (x: unknown) => x is T, expected: string): Promise<T> {
    const x = await this.ev(v, env, field);
    if (!ok(x)) throw new StateFailure(QUERY_ERROR, `The field '${field}' evaluated to ${JSON.stringify(x)}; expected ${expected}.`);
    return x;
  }

  private context(name: string, enteredMs: number, retryCount: number): Record<string, unknown> {
    return { Execution: this.execution, StateMachine: this.stateMachine, State: { Name: name, EnteredTime: iso(enteredMs), RetryCount: retryCount } };
  }

  private record(t: Thread, state: string, s: State, event: TraceEvent, enteredMs: number, extra: Partial<TraceRecord> = {}): void {
    this.trace.push({ state, type: String(s.Type), event, at: this.elapsed(), enteredAt: (enteredMs - this.start) / 1000, path: t.path, ...extra });
  }

  async runStates(machine: Machine, input: unknown, scope: Scope, thread: Thread): Promise<unknown> {
    let name = machine.StartAt;
    let data = input;
    for (;;) {
      const state = machine.States[name];
      if (!state) throw new StateFailure(RUNTIME, `The state '${name}' does not exist.`);
      const { output, next } = await this.runState(name, state, data, scope, thread);
      if (next === undefined) return output;
      data = output;
      name = next;
    }
  }

  private async runState(name: string, s: State, input: unknown, scope: Scope, thread: Thread): Promise<{ output: unknown; next: string | undefined }> {
    this.clock.check(thread);
    if (++this.transitions > this.maxTransitions) {
      this.clock.abort(new LimitReached("transitions", `more than ${this.maxTransitions} state transitions`));
      throw this.clock.aborted;
    }
    const enteredMs = this.clock.now;
    this.record(thread, name, s, "entered", enteredMs);
    try {
      const done = await this.step(name, s, input, scope, thread, enteredMs);
      this.record(thread, name, s, "exited", enteredMs, { output: done.output, ...(done.next !== undefined && { next: done.next }) });
      return done;
    } catch (e) {
      if (e instanceof StateFailure) this.record(thread, name, s, "failed", enteredMs, { error: e.error, cause: e.cause });
      else if (e instanceof Stopped) this.record(thread, name, s, "stopped", enteredMs);
      throw e;
    }
  }

  private nextOf(s: State, name: string): string | undefined {
    if (s.End === true) return undefined;
    if (typeof s.Next === "string") return s.Next;
    throw new StateFailure(RUNTIME, `The state '${name}' has neither Next nor End.`);
  }

  /**
   * Output and Assign of a state (and of the matched Choice rule, or of a catcher), all evaluated with
   * the variables as they were on entering the state; the assignments take effect afterwards
   * ("Passing data between states with variables": variable evaluation order). The first holder with
   * an Output gives it; Assign blocks merge, the first holder's values winning.
   */
  private async finish(env: Env, fallback: unknown, ...holders: State[]): Promise<unknown> {
    const withOutput = holders.find((h) => "Output" in h);
    const output = withOutput ? await this.ev(withOutput.Output, env, "Output") : fallback;
    const assigned: Record<string, unknown> = {};
    for (const h of holders.toReversed()) {
      if (h.Assign === undefined) continue;
      const values = await this.ev(h.Assign, env, "Assign");
      if (!isObject(values)) throw new StateFailure(QUERY_ERROR, "The field 'Assign' did not evaluate to an object.");
      Object.assign(assigned, values);
    }
    Object.assign(env.scope.vars, assigned);
    return output;
  }

  private async step(name: string, s: State, input: unknown, scope: Scope, thread: Thread, enteredMs: number): Promise<{ output: unknown; next: string | undefined }> {
    const env: Env = { input, context: this.context(name, enteredMs, 0), scope };
    switch (s.Type) {
      case "Pass":
        return { output: await this.finish(env, input, s), next: this.nextOf(s, name) };
      case "Succeed":
        return { output: await this.finish(env, input, s), next: undefined };
      case "Fail": {
        const error = s.Error === undefined ? "" : await this.typed(s.Error, env, "Error", (x): x is string => typeof x === "string", "a string");
        const cause = s.Cause === undefined ? "" : await this.typed(s.Cause, env, "Cause", (x): x is string => typeof x === "string", "a string");
        throw new StateFailure(error, cause);
      }
      case "Wait": {
        let seconds: number;
        if (s.Seconds !== undefined) {
          seconds = await this.typed(s.Seconds, env, "Seconds", (x): x is number => Number.isInteger(x) && (x as number) >= 0, "a non-negative integer");
        } else if (s.Timestamp !== undefined) {
          const ts = await this.typed(s.Timestamp, env, "Timestamp", (x): x is string => typeof x === "string" && !Number.isNaN(Date.parse(x)), "an ISO 8601 timestamp");
          seconds = Math.max(0, (Date.parse(ts) - this.clock.now) / 1000);
        } else throw new StateFailure(RUNTIME, `The Wait state '${name}' has neither Seconds nor Timestamp.`);
        await this.clock.sleep(thread, seconds);
        return { output: await this.finish(env, input, s), next: this.nextOf(s, name) };
      }
      case "Choice": {
        for (const rule of (s.Choices as State[] | undefined) ?? []) {
          const hit = await this.typed(rule.Condition, env, "Condition", (x): x is boolean => typeof x === "boolean", "a boolean");
          // A rule's Assign applies when it matches; the state's Assign "applies regardless of which
          // choice rule matches" (Choice workflow state, Choice Rules (JSONata)).
          if (hit) return { output: await this.finish(env, input, rule, s), next: String(rule.Next) };
        }
        if (typeof s.Default !== "string") throw new StateFailure("States.NoChoiceMatched", `No Choice rule matched in the state '${name}' and it has no Default.`);
        return { output: await this.finish(env, input, s), next: s.Default };
      }
      case "Task":
        return this.guarded(name, s, input, scope, thread, enteredMs, (e, attempt) => this.task(name, s, e, thread, attempt));
      case "Parallel":
        return this.guarded(name, s, input, scope, thread, enteredMs, async (e) => {
          const branchInput = "Arguments" in s ? await this.ev(s.Arguments, e, "Arguments") : input;
          const jobs = (s.Branches as Machine[]).map((b) => (t: Thread) => this.runStates(b, structuredClone(branchInput), new Scope(scope), t));
          return this.fork(thread, name, jobs);
        });
      case "Map":
        return this.guarded(name, s, input, scope, thread, enteredMs, async (e) => {
          const items = "Items" in s ? await this.typed(s.Items, e, "Items", (x): x is unknown[] => Array.isArray(x), "an array") : input;
          if (!Array.isArray(items)) throw new StateFailure(QUERY_ERROR, "The Map state's input is not an array and it has no Items.");
          const processor = (s.ItemProcessor ?? s.Iterator) as Machine;
          const jobs = items.map((item, index) => async (t: Thread) => {
            const itemEnv: Env = { ...e, context: { ...e.context, Map: { Item: { Index: index, Value: item } } } };
            const itemInput = "ItemSelector" in s ? await this.ev(s.ItemSelector, itemEnv, "ItemSelector") : item;
            return this.runStates(processor, itemInput, new Scope(scope), t);
          });
          return this.fork(thread, name, jobs);
        });
      default:
        throw new Error(`unsupported state type ${String(s.Type)} in state '${name}'`);
    }
  }

  /** One Task attempt: Arguments and TimeoutSeconds evaluated, the service called, its time spent. */
  private async task(name: string, s: State, env: Env, thread: Thread, attempt: number): Promise<unknown> {
    const args = "Arguments" in s ? await this.ev(s.Arguments, env, "Arguments") : env.input;
    const timeout = s.TimeoutSeconds === undefined ? DEFAULT_TASK_TIMEOUT
      : await this.typed(s.TimeoutSeconds, env, "TimeoutSeconds", (x): x is number => Number.isInteger(x) && (x as number) > 0, "a positive integer");
    const resource = String(s.Resource);
    this.calls.push({ resource, args: structuredClone(args), state: name, attempt, at: this.elapsed(), path: thread.path });
    const call: ServiceCall = { state: name, attempt, at: this.elapsed(), time: iso(this.clock.now), path: thread.path, input: env.input };
    const outcome = (await this.services(resource, structuredClone(args), call)) ?? ok({});
    const seconds = "never" in outcome ? Infinity : (outcome.seconds ?? 0);
    if (seconds > timeout) {
      await this.clock.sleep(thread, timeout);
      throw new StateFailure("States.Timeout", `The task '${name}' did not finish within ${timeout} seconds.`);
    }
    await this.clock.sleep(thread, seconds);
    if ("error" in outcome) throw new StateFailure(outcome.error, outcome.cause ?? "");
    return "result" in outcome ? outcome.result : {};
  }

  /**
   * Retry and Catch around a Task, Parallel or Map ("Handling errors in Step Functions workflows"):
   * the first retrier whose ErrorEquals matches decides; each retrier counts its own retries
   * (MaxAttempts, default 3, 0 never retries), waiting IntervalSeconds (default 1) times
   * BackoffRate (default 2.0) per retry before, capped by MaxDelaySeconds. When no retry remains, the
   * first matching catcher's Output (default $states.errorOutput) and Assign apply, and Next follows.
   */
  private async guarded(
    name: string, s: State, input: unknown, scope: Scope, thread: Thread, enteredMs: number,
    attemptFn: (env: Env, attempt: number) => Promise<unknown>,
  ): Promise<{ output: unknown; next: string | undefined }> {
    const retriers = (s.Retry as State[] | undefined) ?? [];
    const catchers = (s.Catch as State[] | undefined) ?? [];
    const used = new Map<number, number>();
    let retries = 0;
    for (let attempt = 1; ; attempt++) {
      const env: Env = { input, context: this.context(name, enteredMs, retries), scope };
      try {
        const result = await attemptFn(env, attempt);
        return { output: await this.finish({ ...env, result }, result, s), next: this.nextOf(s, name) };
      } catch (e) {
        if (!(e instanceof StateFailure)) throw e;
        const ri = retriers.findIndex((r) => errorMatches(r.ErrorEquals as string[], e.error));
        const r = retriers[ri];
        const n = used.get(ri) ?? 0;
        if (r && n < ((r.MaxAttempts as number | undefined) ?? 3)) {
          const interval = ((r.IntervalSeconds as number | undefined) ?? 1) * ((r.BackoffRate as number | undefined) ?? 2) ** n;
          const delay = r.MaxDelaySeconds === undefined ? interval : Math.min(interval, r.MaxDelaySeconds as number);
          used.set(ri, n + 1);
          retries++;
          this.record(thread, name, s, "retry", enteredMs, { error: e.error, cause: e.cause, attempt, delaySeconds: delay });
          await this.clock.sleep(thread, delay);
          continue;
        }
        const c = catchers.find((x) => errorMatches(x.ErrorEquals as string[], e.error));
        if (!c) throw e;
        const errorOutput = { Error: e.error, Cause: e.cause };
        const output = await this.finish({ input, errorOutput, context: this.context(name, enteredMs, retries), scope }, errorOutput, c);
        this.record(thread, name, s, "caught", enteredMs, { error: e.error, cause: e.cause, next: String(c.Next) });
        return { output, next: String(c.Next) };
      }
    }
  }

  /**
   * Runs branches concurrently in virtual time; the state's time is the latest branch's. The first
   * branch to fail stops the others ("If any branch fails ... the entire Parallel state fails, and all
   * of its branches are stopped", Parallel state) and its error is the state's.
   */
  private async fork(parent: Thread, name: string, jobs: ((t: Thread) => Promise<unknown>)[]): Promise<unknown[]> {
    if (jobs.length === 0) return [];
    const children: Thread[] = jobs.map((_, i) => ({ parent, path: `${parent.path ? `${parent.path}/` : ""}${name}[${i}]`, cancelled: false }));
    const results: unknown[] = new Array(jobs.length);
    let remaining = jobs.length;
    let failed: StateFailure | undefined;
    let fatal: unknown;
    let release!: () => void;
    const joined = new Promise<void>((r) => (release = r));
    this.clock.running += jobs.length;
    children.forEach((child, i) => {
      void (async () => {
        try {
          results[i] = await jobs[i]!(child);
        } catch (e) {
          if (!(e instanceof Stopped)) {
            if (e instanceof StateFailure) failed ??= e;
            else fatal ??= e;
            for (const c of children) if (c !== child) this.clock.cancel(c);
          }
        } finally {
          // The last branch hands its running slot back to the parent.
          if (--remaining === 0) release();
          else this.clock.block();
        }
      })();
    });
    this.clock.block();
    await joined;
    if (fatal !== undefined) throw fatal;
    this.clock.check(parent);
    if (failed) throw failed;
    return results;
  }
}

export async function runMachine(definition: unknown, options: RunOptions = {}): Promise<RunResult> {
  if (!isObject(definition) || typeof definition.StartAt !== "string" || !isObject(definition.States)) throw new Error("definition needs StartAt and States");
  if (definition.QueryLanguage !== "JSONata") throw new Error("only QueryLanguage JSONata machines are supported");
  const run = new Run(options);
  run.compileAll(definition, "");
  const input = structuredClone(options.input ?? {});
  const base = { elapsedSeconds: 0, transitions: 0, calls: run.calls, trace: run.trace };
  const done = (r: Omit<RunResult, "elapsedSeconds" | "transitions" | "calls" | "trace">): RunResult => ({ ...base, ...r, elapsedSeconds: run.elapsed(), transitions: run.transitions });
  try {
    const output = await run.runStates(definition as unknown as Machine, input, new Scope(), { parent: undefined, path: "", cancelled: false });
    return done({ status: "SUCCEEDED", output });
  } catch (e) {
    if (e instanceof StateFailure) return done({ status: "FAILED", error: e.error, cause: e.cause });
    if (e instanceof LimitReached) return done({ status: "LIMIT", limit: e.kind, error: "LIMIT", cause: e.message });
    throw e;
  }
}
