/**
 * The JSONata-mode ASL executor (executor/executor.ts) against the documented behaviour of Step
 * Functions: each machine here is small and hand-written, and each assertion fails if the executor
 * gets the behaviour wrong. The last tests run a state machine the compiler emits.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { emitAsl } from "../../compiler/emit/asl/emit.ts";
import { failure, never, ok, runMachine, type RunOptions, type RunResult, type ServiceHandler } from "./executor/executor.ts";

type State = Record<string, unknown>;

const machine = (States: Record<string, State>, StartAt = Object.keys(States)[0]!) => ({ QueryLanguage: "JSONata", StartAt, States });
const run = (States: Record<string, State>, options: RunOptions = {}) => runMachine(machine(States), options);

/** A service that fails `times` times with `error`, then succeeds with `result`. */
function flaky(times: number, error = "Boom", result: unknown = { done: true }): ServiceHandler {
  let n = 0;
  return () => (n++ < times ? failure(error, `failure ${n}`) : ok(result));
}

const callTimes = (r: RunResult, state?: string) => r.calls.filter((c) => state === undefined || c.state === state).map((c) => c.at);
const entered = (r: RunResult) => r.trace.filter((t) => t.event === "entered").map((t) => t.state);

const TASK = "arn:aws:states:::lambda:invoke";

describe("data flow: $states, Output and Arguments", () => {
  it("Pass outputs its input unless Output is given; Output and Arguments evaluate {% %} strings at any depth", async () => {
    const r = await run({
      Keep: { Type: "Pass", Next: "Shape" },
      Shape: { Type: "Pass", Output: { a: "{% $states.input.n + 1 %}", list: ["{% $states.input.n * 2 %}", "plain"], literal: "x {% 1 %}", nested: { s: "{% $uppercase($states.input.s) %}" } }, Next: "Call" },
      Call: { Type: "Task", Resource: TASK, Arguments: { payload: "{% $states.input %}", fixed: "{%not an expression" }, End: true },
    }, { input: { n: 4, s: "hi" }, services: () => ok({ answer: 42 }) });
    expect(r.status).toBe("SUCCEEDED");
    expect(r.trace.find((t) => t.state === "Keep" && t.event === "exited")?.output).toEqual({ n: 4, s: "hi" });
    const shaped = { a: 5, list: [8, "plain"], literal: "x {% 1 %}", nested: { s: "HI" } };
    expect(r.calls).toEqual([{ resource: TASK, args: { payload: shaped, fixed: "{%not an expression" }, state: "Call", attempt: 1, at: 0, path: "" }]);
    // A Task's output defaults to $states.result.
    expect(r.output).toEqual({ answer: 42 });
  });

  it("Task Output and Assign see $states.result and $states.input", async () => {
    const r = await run({
      Call: { Type: "Task", Resource: TASK, Arguments: {}, Output: { r: "{% $states.result.v %}", i: "{% $states.input.k %}" }, Assign: { saved: "{% $states.result.v * 10 %}" }, Next: "Read" },
      Read: { Type: "Pass", Output: "{% $saved %}", End: true },
    }, { input: { k: "in" }, services: () => ok({ v: 3 }) });
    expect(r.trace.find((t) => t.state === "Call" && t.event === "exited")?.output).toEqual({ r: 3, i: "in" });
    expect(r.output).toBe(30);
  });

  it("$states.context has the execution, the state machine and the state (name, entered time, retry count)", async () => {
    const r = await run({
      Sleep: { Type: "Wait", Seconds: 90, Next: "Ctx" },
      Ctx: { Type: "Task", Resource: TASK, Arguments: "{% $states.context %}", Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 1 }], End: true },
    }, { input: { a: 1 }, startTime: "2026-03-01T02:00:00.000Z", context: { executionName: "run-7", stateMachineName: "etl" }, services: flaky(1) });
    expect(r.status).toBe("SUCCEEDED");
    const [first, second] = r.calls.map((c) => c.args as Record<string, Record<string, unknown>>);
    expect(first!.Execution).toMatchObject({ Name: "run-7", StartTime: "2026-03-01T02:00:00.000Z", Input: { a: 1 } });
    expect(first!.Execution!.Id).toBe("arn:aws:states:us-east-1:123456789012:execution:etl:run-7");
    expect(first!.StateMachine).toEqual({ Id: "arn:aws:states:us-east-1:123456789012:stateMachine:etl", Name: "etl" });
    expect(first!.State).toEqual({ Name: "Ctx", EnteredTime: "2026-03-01T02:01:30.000Z", RetryCount: 0 });
    // A retry stays in the state: same EnteredTime, RetryCount counts up.
    expect(second!.State).toEqual({ Name: "Ctx", EnteredTime: "2026-03-01T02:01:30.000Z", RetryCount: 1 });
  });
});

describe("variables", () => {
  it("Assign and Output of one state both read the variables from before the state's assignments", async () => {
    const r = await run({
      Init: { Type: "Pass", Assign: { x: 1 }, Next: "Bump" },
      Bump: { Type: "Pass", Assign: { x: "{% $x + 1 %}", y: "{% $x %}" }, Output: { seen: "{% $x %}" }, Next: "Read" },
      Read: { Type: "Pass", Output: { bumped: "{% $states.input %}", x: "{% $x %}", y: "{% $y %}" }, End: true },
    });
    expect(r.output).toEqual({ bumped: { seen: 1 }, x: 2, y: 1 });
  });

  it("Parallel branches read outer variables; their assignments stay in the branch, visible to its later states", async () => {
    const r = await run({
      Init: { Type: "Pass", Assign: { outer: "o", shared: 1 }, Next: "Par" },
      Par: {
        Type: "Parallel",
        Branches: [
          machine({
            Set: { Type: "Pass", Assign: { inner: "{% $outer & '-a' %}", shared: 100 }, Next: "Use" },
            Use: { Type: "Pass", Output: { inner: "{% $inner %}", shared: "{% $shared %}" }, End: true },
          }),
          machine({ Other: { Type: "Pass", Output: { shared: "{% $shared %}", sawInner: "{% $exists($inner) %}" }, End: true } }),
        ],
        Next: "After",
      },
      After: { Type: "Pass", Output: { branches: "{% $states.input %}", inner: "{% $exists($inner) %}", shared: "{% $shared %}" }, End: true },
    });
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toEqual({ branches: [{ inner: "o-a", shared: 100 }, { shared: 1, sawInner: false }], inner: false, shared: 1 });
  });

  it("Map iterations read outer variables and do not leak their own", async () => {
    const r = await run({
      Init: { Type: "Pass", Assign: { factor: 10 }, Next: "Each" },
      Each: {
        Type: "Map", Items: "{% $states.input.xs %}",
        ItemProcessor: machine({
          Mul: { Type: "Pass", Assign: { local: "{% $states.input * $factor %}" }, Next: "Out" },
          Out: { Type: "Pass", Output: "{% $local %}", End: true },
        }),
        Next: "After",
      },
      After: { Type: "Pass", Output: { result: "{% $states.input %}", leaked: "{% $exists($local) %}" }, End: true },
    }, { input: { xs: [1, 2, 3] } });
    expect(r.output).toEqual({ result: [10, 20, 30], leaked: false });
  });
});

describe("Retry", () => {
  it("MaxAttempts counts retries (2 ⇒ 3 calls); waits are IntervalSeconds × BackoffRate^n on the virtual clock", async () => {
    const r = await run({
      T: { Type: "Task", Resource: TASK, Retry: [{ ErrorEquals: ["Boom"], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 2 }], End: true },
    }, { services: flaky(2) });
    expect(r.status).toBe("SUCCEEDED");
    expect(callTimes(r)).toEqual([0, 5, 15]);
    expect(r.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(r.trace.filter((t) => t.event === "retry").map((t) => t.delaySeconds)).toEqual([5, 10]);
    expect(r.elapsedSeconds).toBe(15);
  });

  it("defaults: MaxAttempts 3, IntervalSeconds 1, BackoffRate 2.0", async () => {
    const r = await run({ T: { Type: "Task", Resource: TASK, Retry: [{ ErrorEquals: ["States.ALL"] }], End: true } }, { services: flaky(99) });
    expect(r.status).toBe("FAILED");
    expect(callTimes(r)).toEqual([0, 1, 3, 7]);
    expect(r).toMatchObject({ error: "Boom", cause: "failure 4" });
  });

  it("MaxDelaySeconds caps the backoff", async () => {
    const r = await run({
      T: { Type: "Task", Resource: TASK, Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 10, BackoffRate: 3, MaxAttempts: 3, MaxDelaySeconds: 20 }], End: true },
    }, { services: flaky(99) });
    expect(callTimes(r)).toEqual([0, 10, 30, 50]);
  });

  it("MaxAttempts 0 never retries; the catcher takes the error at once", async () => {
    const r = await run({
      T: { Type: "Task", Resource: TASK, Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 0 }], Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handled" }], Next: "NotReached" },
      Handled: { Type: "Succeed" },
      NotReached: { Type: "Succeed" },
    }, { services: flaky(99) });
    expect(r.calls).toHaveLength(1);
    expect(entered(r)).toEqual(["T", "Handled"]);
  });

  it("the first matching retrier decides, and each retrier counts its own retries (developer guide example)", async () => {
    const errors = ["ErrorA", "ErrorB", "ErrorC", "ErrorB"];
    let n = 0;
    const r = await run({
      X: {
        Type: "Task", Resource: TASK,
        Retry: [{ ErrorEquals: ["ErrorA", "ErrorB"], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 2 }, { ErrorEquals: ["ErrorC"], IntervalSeconds: 5 }],
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Z" }],
        End: true,
      },
      Z: { Type: "Pass", End: true },
    }, { services: () => failure(errors[n++] ?? "ErrorD") });
    // Waits of 1 and 2 seconds (first retrier), 5 (second); the fourth error exhausts the first retrier.
    expect(callTimes(r)).toEqual([0, 1, 3, 8]);
    expect(r.output).toEqual({ Error: "ErrorB", Cause: "" });
  });

  it("an earlier matching retrier with no attempts left is not skipped for a later one", async () => {
    const r = await run({
      T: { Type: "Task", Resource: TASK, Retry: [{ ErrorEquals: ["Boom"], MaxAttempts: 0 }, { ErrorEquals: ["States.ALL"], MaxAttempts: 5 }], End: true },
    }, { services: flaky(99) });
    expect(r.calls).toHaveLength(1);
    expect(r.status).toBe("FAILED");
  });
});

describe("Catch", () => {
  it("after the retries are exhausted, Output defaults to $states.errorOutput and Next is followed", async () => {
    const r = await run({
      T: { Type: "Task", Resource: TASK, Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 1, IntervalSeconds: 2 }], Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handler" }], Next: "Ok" },
      Handler: { Type: "Pass", End: true },
      Ok: { Type: "Pass", End: true },
    }, { services: () => failure("Bad.Thing", "it broke") });
    expect(r.calls).toHaveLength(2);
    expect(r.status).toBe("SUCCEEDED");
    expect(r.output).toEqual({ Error: "Bad.Thing", Cause: "it broke" });
    expect(entered(r)).toEqual(["T", "Handler"]);
    expect(r.trace.find((t) => t.event === "caught")).toMatchObject({ state: "T", error: "Bad.Thing", next: "Handler", at: 2 });
  });

  it("the first matching catcher wins; its Output and Assign see $states.errorOutput and $states.input; the state's own Assign is not applied", async () => {
    const r = await run({
      Init: { Type: "Pass", Assign: { v: "before" }, Next: "T" },
      T: {
        Type: "Task", Resource: TASK, Assign: { v: "task-succeeded" },
        Catch: [
          { ErrorEquals: ["Other"], Next: "Wrong" },
          { ErrorEquals: ["Bad"], Next: "Handler", Output: { e: "{% $states.errorOutput.Error %}", in: "{% $states.input.k %}" }, Assign: { v: "{% $v & '/' & $states.errorOutput.Cause %}" } },
          { ErrorEquals: ["States.ALL"], Next: "Wrong" },
        ],
        End: true,
      },
      Handler: { Type: "Pass", Output: { out: "{% $states.input %}", v: "{% $v %}" }, End: true },
      Wrong: { Type: "Fail", Error: "Wrong" },
    }, { input: { k: 7 }, services: () => failure("Bad", "why") });
    expect(r.output).toEqual({ out: { e: "Bad", in: 7 }, v: "before/why" });
  });

  it("an uncaught failure fails the execution with its error and cause; later states never run", async () => {
    const r = await run({
      T: { Type: "Task", Resource: TASK, Catch: [{ ErrorEquals: ["Other"], Next: "Never" }], Next: "Never" },
      Never: { Type: "Succeed" },
    }, { services: () => failure("Boom", "details") });
    expect(r).toMatchObject({ status: "FAILED", error: "Boom", cause: "details" });
    expect(entered(r)).not.toContain("Never");
    expect(r.trace.at(-1)).toMatchObject({ state: "T", event: "failed", error: "Boom" });
  });
});

describe("TimeoutSeconds", () => {
  it("a task that runs longer fails with States.Timeout at the timeout, which States.ALL catches", async () => {
    const r = await run({
      T: { Type: "Task", Resource: TASK, TimeoutSeconds: 30, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Late" }], End: true },
      Late: { Type: "Pass", End: true },
    }, { services: () => ok({}, 100) });
    expect(r.output).toMatchObject({ Error: "States.Timeout" });
    expect(r.elapsedSeconds).toBe(30);
  });

  it("TimeoutSeconds may be JSONata; a task within it succeeds after its duration", async () => {
    const r = await run({ T: { Type: "Task", Resource: TASK, TimeoutSeconds: "{% $states.input.limit %}", End: true } }, { input: { limit: 60 }, services: () => ok({ v: 1 }, 45) });
    expect(r).toMatchObject({ status: "SUCCEEDED", output: { v: 1 }, elapsedSeconds: 45 });
  });

  it("a task that never finishes times out per attempt, and the timeouts are retried", async () => {
    const r = await run({
      T: { Type: "Task", Resource: TASK, TimeoutSeconds: 10, Retry: [{ ErrorEquals: ["States.Timeout"], IntervalSeconds: 5, MaxAttempts: 1 }], End: true },
    }, { services: () => never() });
    expect(r).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect(callTimes(r)).toEqual([0, 15]);
    expect(r.elapsedSeconds).toBe(25);
  });

  it("without TimeoutSeconds a task that never finishes runs past the virtual-time limit", async () => {
    const r = await run({ T: { Type: "Task", Resource: TASK, End: true } }, { services: () => never(), maxSeconds: 3600 });
    expect(r).toMatchObject({ status: "LIMIT", limit: "time", elapsedSeconds: 3600 });
  });
});

describe("States.Runtime and JSONata errors", () => {
  it("States.Runtime is neither retried nor caught, even by name", async () => {
    const r = await run({
      T: {
        Type: "Task", Resource: TASK,
        Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 5 }],
        Catch: [{ ErrorEquals: ["States.Runtime"], Next: "Caught" }, { ErrorEquals: ["States.ALL"], Next: "Caught" }],
        End: true,
      },
      Caught: { Type: "Succeed" },
    }, { services: () => failure("States.Runtime", "broken") });
    expect(r).toMatchObject({ status: "FAILED", error: "States.Runtime" });
    expect(r.calls).toHaveLength(1);
    expect(entered(r)).not.toContain("Caught");
  });

  it("States.ALL does not match States.DataLimitExceeded", async () => {
    const r = await run({
      T: { Type: "Task", Resource: TASK, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }], End: true },
      Caught: { Type: "Succeed" },
    }, { services: () => failure("States.DataLimitExceeded") });
    expect(r).toMatchObject({ status: "FAILED", error: "States.DataLimitExceeded" });
  });

  it("an expression that returns nothing is States.QueryEvaluationError, failing a Pass state's execution", async () => {
    const r = await run({ P: { Type: "Pass", Output: { x: "{% $states.input.missing %}" }, Next: "Q" }, Q: { Type: "Succeed" } });
    expect(r).toMatchObject({ status: "FAILED", error: "States.QueryEvaluationError" });
    expect(r.cause).toContain("Output/x");
    expect(r.cause).toContain("undefined");
  });

  it("a JSONata error in a Task's Arguments is States.QueryEvaluationError, retried and caught like a task error; the service is not called", async () => {
    const r = await run({
      T: { Type: "Task", Resource: TASK, Arguments: { n: "{% 1 + $states.input.s %}" }, Retry: [{ ErrorEquals: ["States.QueryEvaluationError"], MaxAttempts: 1 }], Catch: [{ ErrorEquals: ["States.ALL"], Next: "H" }], End: true },
      H: { Type: "Pass", End: true },
    }, { input: { s: "text" } });
    expect(r.output).toMatchObject({ Error: "States.QueryEvaluationError" });
    expect(r.calls).toHaveLength(0);
    expect(r.trace.filter((t) => t.event === "retry")).toHaveLength(1);
  });

  it("a Condition that is not a boolean is States.QueryEvaluationError; $eval is not available", async () => {
    const c = await run({ C: { Type: "Choice", Choices: [{ Condition: "{% 'yes' %}", Next: "S" }], Default: "S" }, S: { Type: "Succeed" } });
    expect(c).toMatchObject({ status: "FAILED", error: "States.QueryEvaluationError" });
    const e = await run({ P: { Type: "Pass", Output: "{% $eval('1') %}", End: true } });
    expect(e).toMatchObject({ status: "FAILED", error: "States.QueryEvaluationError" });
  });

  it("a JSONata syntax error rejects the definition before anything runs", async () => {
    await expect(run({ P: { Type: "Pass", Output: "{% 1 + %}", End: true } })).rejects.toThrow(/invalid JSONata/);
  });
});

describe("Parallel", () => {
  it("outputs the branch outputs in order; branches start together and the state lasts as long as the longest", async () => {
    const branch = (seconds: number, tag: string) => machine({ Work: { Type: "Task", Resource: `${TASK}:${tag}`, Arguments: { in: "{% $states.input %}" }, Output: tag, End: true } });
    const durations: Record<string, number> = { a: 30, b: 10 };
    const r = await run({
      Par: { Type: "Parallel", Arguments: "{% $states.input.x %}", Branches: [branch(30, "a"), branch(10, "b")], Next: "Then" },
      Then: { Type: "Task", Resource: `${TASK}:then`, End: true },
    }, { input: { x: 5 }, services: (res) => ok({}, durations[res.split(":").pop()!] ?? 0) });
    expect(r.trace.find((t) => t.state === "Par" && t.event === "exited")?.output).toEqual(["a", "b"]);
    expect(r.calls.map((c) => [c.resource.split(":").pop(), c.at, c.path, c.args])).toEqual([
      ["a", 0, "Par[0]", { in: 5 }],
      ["b", 0, "Par[1]", { in: 5 }],
      // A Task without Arguments passes its input to the service.
      ["then", 30, "", ["a", "b"]],
    ]);
    // Branch events interleave by virtual time: b's task ends (10 s) before a's (30 s).
    const exits = r.trace.filter((t) => t.state === "Work" && t.event === "exited").map((t) => [t.path, t.at]);
    expect(exits).toEqual([["Par[1]", 10], ["Par[0]", 30]]);
  });

  it("a failing branch fails the Parallel with its error and stops the other branches", async () => {
    const r = await run({
      Par: {
        Type: "Parallel",
        Branches: [
          machine({ Slow: { Type: "Wait", Seconds: 100, Next: "Late" }, Late: { Type: "Task", Resource: TASK, End: true } }),
          machine({ Short: { Type: "Wait", Seconds: 5, Next: "Die" }, Die: { Type: "Fail", Error: "Branch.Died", Cause: "{% 'at ' & $now() %}" } }),
        ],
        Catch: [{ ErrorEquals: ["Branch.Died"], Next: "Handled" }],
        End: true,
      },
      Handled: { Type: "Pass", End: true },
    });
    expect(r.output).toEqual({ Error: "Branch.Died", Cause: "at 2026-01-01T00:00:05.000Z" });
    expect(r.calls).toHaveLength(0);
    expect(entered(r)).not.toContain("Late");
    expect(r.trace.find((t) => t.state === "Slow" && t.event === "stopped")?.at).toBe(5);
    expect(r.elapsedSeconds).toBe(5);
  });

  it("a retry of a Parallel re-runs every branch", async () => {
    const failOnce = flaky(1);
    const r = await run({
      Par: {
        Type: "Parallel",
        Branches: [machine({ A: { Type: "Task", Resource: `${TASK}:a`, End: true } }), machine({ B: { Type: "Task", Resource: `${TASK}:b`, End: true } })],
        Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 3 }],
        End: true,
      },
    }, { services: (res, args, call) => (res.endsWith(":b") ? failOnce(res, args, call) : ok("a")) });
    expect(r.status).toBe("SUCCEEDED");
    expect(callTimes(r, "A")).toEqual([0, 3]);
    expect(callTimes(r, "B")).toEqual([0, 3]);
    expect(r.output).toEqual(["a", { done: true }]);
  });

  it("an uncaught branch failure fails the execution", async () => {
    const r = await run({ Par: { Type: "Parallel", Branches: [machine({ F: { Type: "Fail", Error: "E", Cause: "c" } })], End: true } });
    expect(r).toMatchObject({ status: "FAILED", error: "E", cause: "c" });
  });
});

describe("Map", () => {
  it("runs ItemProcessor per item (ItemSelector sees $states.context.Map.Item); output is in item order; Output sees $states.result", async () => {
    const r = await run({
      M: {
        Type: "Map", Items: "{% $states.input.items %}",
        ItemSelector: { i: "{% $states.context.Map.Item.Index %}", v: "{% $states.context.Map.Item.Value %}" },
        ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "Do", States: { Do: { Type: "Task", Resource: TASK, Output: "{% $states.input.v & $string($states.input.i) %}", End: true } } },
        Output: { all: "{% $states.result %}" },
        End: true,
      },
    }, { input: { items: ["a", "b", "c"] }, services: (_r, args) => ok({}, (args as { i: number }).i === 0 ? 20 : 5) });
    expect(r.output).toEqual({ all: ["a0", "b1", "c2"] });
    expect(callTimes(r)).toEqual([0, 0, 0]);
    expect(r.elapsedSeconds).toBe(20);
  });

  it("a failing iteration fails the Map; Catch applies", async () => {
    const r = await run({
      M: {
        Type: "Map", Items: [1, 2, 3],
        ItemProcessor: machine({ C: { Type: "Choice", Choices: [{ Condition: "{% $states.input = 2 %}", Next: "Bad" }], Default: "Good" }, Bad: { Type: "Fail", Error: "Two" }, Good: { Type: "Pass", End: true } }),
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "H" }],
        End: true,
      },
      H: { Type: "Pass", Output: "{% $states.input.Error %}", End: true },
    });
    expect(r.output).toBe("Two");
  });
});

describe("Choice, Wait, Fail, Succeed", () => {
  const chooser = {
    C: {
      Type: "Choice",
      Choices: [{ Condition: "{% $states.input.n > 10 %}", Next: "Big" }, { Condition: "{% $states.input.n > 5 %}", Next: "Mid", Assign: { tag: "mid" } }],
      Default: "Small", Assign: { tag: "state", seen: "{% $states.input.n %}" }, Output: "{% $states.input.n * 2 %}",
    },
    Big: { Type: "Pass", Output: "{% 'big:' & $tag & ':' & $states.input %}", End: true },
    Mid: { Type: "Pass", Output: "{% 'mid:' & $tag & ':' & $seen %}", End: true },
    Small: { Type: "Pass", Output: "{% 'small:' & $tag %}", End: true },
  };

  it("Choice takes the first rule whose Condition holds, else Default; a rule's Assign applies when it matches, the state's Assign and Output always", async () => {
    expect((await run(chooser, { input: { n: 20 } })).output).toBe("big:state:40");
    expect((await run(chooser, { input: { n: 7 } })).output).toBe("mid:mid:7");
    expect((await run(chooser, { input: { n: 1 } })).output).toBe("small:state");
  });

  it("no matching rule and no Default is States.NoChoiceMatched", async () => {
    const r = await run({ C: { Type: "Choice", Choices: [{ Condition: "{% false %}", Next: "S" }] }, S: { Type: "Succeed" } });
    expect(r).toMatchObject({ status: "FAILED", error: "States.NoChoiceMatched" });
  });

  it("Wait Seconds (literal or JSONata) and Timestamp advance the virtual clock; $now() and $millis() read it", async () => {
    const r = await run({
      W1: { Type: "Wait", Seconds: 60, Next: "W2" },
      W2: { Type: "Wait", Seconds: "{% $states.input.more %}", Next: "W3" },
      W3: { Type: "Wait", Timestamp: "2026-01-01T01:00:00Z", Next: "Past" },
      Past: { Type: "Wait", Timestamp: "{% '2025-01-01T00:00:00Z' %}", Next: "Now" },
      Now: { Type: "Pass", Output: { now: "{% $now() %}", millis: "{% $millis() %}", hour: "{% $now('[H01]:[m01]') %}" }, End: true },
    }, { input: { more: 30 } });
    expect(r.trace.filter((t) => t.event === "entered").map((t) => [t.state, t.at])).toEqual([["W1", 0], ["W2", 60], ["W3", 90], ["Past", 3600], ["Now", 3600]]);
    expect(r.output).toEqual({ now: "2026-01-01T01:00:00.000Z", millis: Date.parse("2026-01-01T01:00:00Z"), hour: "01:00" });
  });

  it("Fail Error and Cause may be JSONata; Succeed may shape its Output", async () => {
    const f = await run({ F: { Type: "Fail", Error: "{% 'Err.' & $states.input.code %}", Cause: "{% $string($states.input) %}" } }, { input: { code: 4 } });
    expect(f).toMatchObject({ status: "FAILED", error: "Err.4", cause: '{"code":4}' });
    const s = await run({ S: { Type: "Succeed", Output: { done: "{% $states.input.k %}" } } }, { input: { k: true } });
    expect(s).toMatchObject({ status: "SUCCEEDED", output: { done: true } });
  });
});

describe("limits", () => {
  it("an endless loop ends with LIMIT after maxTransitions", async () => {
    const r = await run({ A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", Next: "A" } }, { maxTransitions: 50 });
    expect(r).toMatchObject({ status: "LIMIT", limit: "transitions", transitions: 51 });
  });

  it("a bounded loop ends: a counter in a variable, a Choice and a Wait", async () => {
    const r = await run({
      Init: { Type: "Pass", Assign: { i: 0 }, Next: "Check" },
      Check: { Type: "Choice", Choices: [{ Condition: "{% $i >= 3 %}", Next: "Done" }], Default: "Wait" },
      Wait: { Type: "Wait", Seconds: 600, Assign: { i: "{% $i + 1 %}" }, Next: "Check" },
      Done: { Type: "Succeed", Output: "{% $i %}" },
    });
    expect(r).toMatchObject({ status: "SUCCEEDED", output: 3, elapsedSeconds: 1800, transitions: 9 });
  });

  it("a polling loop with no exit ends with LIMIT on virtual time", async () => {
    const r = await run({ Poll: { Type: "Wait", Seconds: 86_400, Next: "Poll" } });
    expect(r).toMatchObject({ status: "LIMIT", limit: "time", elapsedSeconds: 365 * 86_400 });
  });
});

describe("Step Functions' JSONata functions", () => {
  it("$partition, $range, $hash, $parse, $uuid and a seeded $random", async () => {
    const r = await run({
      P: {
        Type: "Pass",
        Output: {
          partition: "{% $partition([1, 2, 3, 4, 5], 2) %}",
          range: "{% $range(0, 10, 5) %}",
          down: "{% $range(3, 1, -1) %}",
          hash: "{% $hash('abc', 'SHA-256') %}",
          md5: "{% $hash('abc', 'MD5') %}",
          parse: "{% $parse('{\"a\": [1]}') %}",
          uuid: "{% $uuid() %}",
          r1: "{% $random(7) %}",
          r2: "{% $random(7) %}",
        },
        End: true,
      },
    });
    const out = r.output as Record<string, unknown>;
    expect(out).toMatchObject({
      partition: [[1, 2], [3, 4], [5]], range: [0, 5, 10], down: [3, 2, 1], parse: { a: [1] },
      hash: createHash("sha256").update("abc").digest("hex"), md5: createHash("md5").update("abc").digest("hex"),
    });
    expect(out.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out.r1).toBe(out.r2);
    expect(out.r1).toBeGreaterThanOrEqual(0);
    expect(out.r1).toBeLessThan(1);
  });
});

describe("a compiled state machine", () => {
  const text = readFileSync(new URL("../../examples/hello-world.pipe", import.meta.url), "utf8");
  const result = compile("examples/hello-world.pipe", text);
  const emitted = emitAsl(result.ir.pipelines[0]!);
  const definition = emitted.definition as { States: Record<string, State> };

  /** Every Task state, branches and Map processors included. */
  const tasks = (states: Record<string, State>): string[] =>
    Object.entries(states).flatMap(([name, s]) => [
      ...(s.Type === "Task" ? [name] : []),
      ...((s.Branches as { States: Record<string, State> }[] | undefined) ?? []).flatMap((b) => tasks(b.States)),
      ...(s.ItemProcessor ? tasks((s.ItemProcessor as { States: Record<string, State> }).States) : []),
    ]);

  /** Placeholder values for every parameter and run-time setting the machine reads. */
  const json = JSON.stringify(definition ?? {});
  const keys = (re: RegExp) => [...json.matchAll(re)].map((m) => m[1]!).concat(emitted.runtime.needs.map((n) => n.key));
  const value = (key: string) => (/subnets|securityGroups/i.test(key) ? [`${key}-1`] : `${key}-value`);
  const input = {
    parameters: Object.fromEntries(keys(/\$lookup\(\$params, '(\w+)'\)/g).map((k) => [k, value(k)])),
    runtime: Object.fromEntries(keys(/\$runtime\.(\w+)/g).map((k) => [k, value(k)])),
  };
  const isAlarm = (resource: string) => resource.startsWith("arn:aws:states:::sns:");

  it("hello-world runs to success when every service succeeds, and when activities fail every remaining task runs", async () => {
    expect(definition, "the emitter produced a definition").toBeDefined();
    const good = await runMachine(definition, { input, services: () => ok({}, 60) });
    expect(good.status, `${good.error}: ${good.cause}`).toBe("SUCCEEDED");
    const bad = await runMachine(definition, { input, services: (resource) => (isAlarm(resource) ? ok({}) : failure("States.TaskFailed", "exit 1")) });
    expect(bad.status).toBe("FAILED");
    // Every task state of the definition is called on one of the two paths.
    const called = new Set([...good.calls, ...bad.calls].map((c) => c.state));
    for (const t of tasks(definition.States)) expect(called, `task ${t} was called`).toContain(t);
    // Activities were retried as configured and alarms carry evaluated arguments.
    for (const c of bad.calls) expect(JSON.stringify(c.args)).not.toContain("{%");
  });
});
