/**
 * The JSONata inside emitted state machines, run by the jsonata library (the engine Step Functions
 * uses): Init and Init_times compute the run's times and parameters, every activity's Arguments
 * evaluate without error against them, and the precondition poll-loop conditions route as intended.
 * (aws-local-stepfunctions ignores JSONata, so this is checked here.)
 */
import { ok, runMachine } from "./executor/executor.ts";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import jsonata from "jsonata";
import { compile } from "../../compiler/compile.ts";
import { emitAsl } from "../../compiler/emit/asl/emit.ts";
import { allStates } from "./harness.ts";

type State = Record<string, unknown>;

/** Functions Step Functions adds to JSONata 2.0.6. */
function sfnBindings(): Record<string, unknown> {
  return { hash: (s: string) => "0".repeat(64).slice(0, 64 - String(s).length % 7) + "a".repeat(String(s).length % 7), uuid: () => "00000000-0000-0000-0000-000000000000" };
}

async function evalAsl(value: unknown, bindings: Record<string, unknown>): Promise<unknown> {
  if (typeof value === "string") {
    const m = /^\{% (.+) %\}$/s.exec(value);
    return m ? jsonata(m[1]!).evaluate({}, bindings) : value;
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => evalAsl(v, bindings)));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await evalAsl(v, bindings);
    return out;
  }
  return value;
}

async function initVariables(def: { States: Record<string, State> }, input: unknown): Promise<Record<string, unknown>> {
  const states = { input, context: { Execution: { StartTime: "2026-03-01T02:00:07.123Z", Id: "arn:aws:states:us-east-1:1:execution:sm:e1", Name: "e1" }, StateMachine: { Id: "arn:aws:states:us-east-1:1:stateMachine:sm" }, State: { EnteredTime: "2026-03-01T02:00:08Z" } } };
  const vars: Record<string, unknown> = { ...sfnBindings(), states };
  Object.assign(vars, await evalAsl(def.States.Init!.Assign, vars));
  Object.assign(vars, await evalAsl(def.States.Init_times!.Assign, vars));
  return vars;
}

describe("JSONata in the emitted state machines", () => {
  const dir = new URL("../../examples/", import.meta.url);
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".pipe")).sort()) {
    it(`${f}: Init computes the run and every Arguments block evaluates`, async () => {
      const r = compile(`examples/${f}`, readFileSync(new URL(f, dir), "utf8"));
      expect(r.ir.pipelines.length).toBeGreaterThan(0);
      for (const p of r.ir.pipelines) {
        const a = emitAsl(p);
        // Every example compiles to Step Functions (test/asl/engine.test.ts lists the refused ones: none).
        expect(a.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`), `${f} ${p.name}`).toEqual([]);
        if (!a.definition) throw new Error(`${f} ${p.name}: no state machine`);
        const def = a.definition as { States: Record<string, State> };
        const params = Object.fromEntries(p.parameters.map((x) => [x.id, x.default ?? `value-of-${x.id}`]));
        const vars = await initVariables(def, { scheduledTime: "2026-03-01T02:00:00Z", parameters: params });
        expect(vars.scheduledStartTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
        expect(vars.scheduledEndTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
        if (p.scheduleType !== "timeseries") expect(Date.parse(vars.scheduledStartTime as string)).toBe(Date.parse("2026-03-01T02:00:00Z"));
        for (const [name, s] of allStates(def as never)) {
          if (!s.Arguments) continue;
          const args = await evalAsl(s.Arguments, { ...vars, [`cluster_x`]: "j-1", states: { ...(vars.states as object), input: { Error: "States.TaskFailed", Cause: "exit 1" } } });
          expect(JSON.stringify(args), name).not.toContain("NaN");
        }
      }
    });
  }

  it("a timeseries run starts one period before the scheduled time", async () => {
    const a = emitAsl(
      compile("t.pipe", `pipeline t {
  default { scheduleType = timeseries  schedule = Hourly  role = "R"  resourceRole = "RR" }
  Schedule Hourly { period = 1 hour  startDateTime = 2026-01-01T00:00:00 }
  Ec2Resource Box { terminateAfter = 1 hour }
  ShellCommandActivity A { runsOn = Box  command = "echo #<format(@scheduledStartTime, 'YYYY-MM-dd HH')>" }
}
`).ir.pipelines[0]!,
    );
    expect(a.schedule?.startDate).toBe("2026-01-01T01:00:00Z");
    expect(a.schedule?.scheduleExpression).toBe("rate(1 hour)");
    const def = a.definition as { States: Record<string, State> };
    const vars = await initVariables(def, { scheduledTime: "2026-01-01T05:00:00Z" });
    expect(Date.parse(vars.scheduledStartTime as string)).toBe(Date.parse("2026-01-01T04:00:00Z"));
    expect(Date.parse(vars.scheduledEndTime as string)).toBe(Date.parse("2026-01-01T05:00:00Z"));
    const args = (await evalAsl(def.States.A!.Arguments, vars)) as { Overrides: { ContainerOverrides: { Command: string[] }[] } };
    expect(args.Overrides.ContainerOverrides[0]!.Command).toEqual(["sh", "-c", "echo 2026-01-01 04"]);
  });

  it("precondition poll loop: waits while unmet, fails after the last check, continues when met", async () => {
    const a = emitAsl(
      compile("p.pipe", `pipeline p {
  default { scheduleType = ondemand  role = "R"  resourceRole = "RR" }
  Ec2Resource Box { terminateAfter = 1 hour }
  S3KeyExists Ready { s3Key = "s3://bucket/in/_SUCCESS"  retryDelay = 5 minutes  preconditionTimeout = 20 minutes }
  ShellCommandActivity A { runsOn = Box  command = "go"  precondition = Ready }
}
`).ir.pipelines[0]!,
    );
    const runtime = { ecsCluster: "c", shellTaskDefinition: "t", shellContainer: "main", subnets: ["s"], securityGroups: ["g"] };
    // The key appears at the third check; near misses (a longer key with the same prefix) do not count.
    const listing = (n: number) => (n < 2 ? { KeyCount: 0 } : n === 2 ? { KeyCount: 1, Contents: [{ Key: "in/_SUCCESS.tmp" }] } : { KeyCount: 1, Contents: [{ Key: "in/_SUCCESS" }] });
    let lists = 0;
    const met = await runMachine(a.definition, {
      input: { runtime },
      services: (resource) => (resource.endsWith("listObjectsV2") ? ok(listing(++lists)) : ok({})),
    });
    expect(met.status).toBe("SUCCEEDED");
    expect(met.calls.filter((c) => c.resource.endsWith("listObjectsV2")).map((c) => c.at)).toEqual([0, 300, 600]);
    expect(met.calls.find((c) => c.resource.endsWith("runTask.sync"))?.at).toBe(600);
    expect(met.calls[0]!.args).toEqual({ Bucket: "bucket", Prefix: "in/_SUCCESS", MaxKeys: 1 });
    // Never there: checks at 0, 5, 10, 15 and 20 minutes, then the run fails; the activity never starts.
    const never = await runMachine(a.definition, { input: { runtime }, services: (resource) => (resource.endsWith("listObjectsV2") ? ok({ KeyCount: 1, Contents: [{ Key: "in/_SUCCESS.tmp" }] }) : ok({})) });
    expect(never.status).toBe("FAILED");
    expect(never.error).toBe("PreconditionTimedOut");
    expect(never.calls.map((c) => c.at)).toEqual([0, 300, 600, 900, 1200]);
    expect(never.calls.some((c) => c.resource.endsWith("runTask.sync"))).toBe(false);
  });
});

describe("allowedValues", () => {
  it("a parameter value outside allowedValues fails the run before any activity", async () => {
    const a = emitAsl(
      compile("v.pipe", `pipeline v {
  default { scheduleType = ondemand  role = "R"  resourceRole = "RR" }
  param mySize: String = "small" { allowedValues = ["small", "large"] }
  Ec2Resource Box { terminateAfter = 1 hour }
  ShellCommandActivity A { runsOn = Box  command = "run #<mySize>" }
}
`).ir.pipelines[0]!,
    );
    const def = a.definition as { States: Record<string, State> };
    const choice = def.States.Check_parameters as { Choices: { Condition: string; Next: string }[]; Default: string };
    expect(choice.Default).toBe("A");
    const route = async (parameters: unknown) => {
      const vars = await initVariables(def, { parameters });
      return (await evalAsl(choice.Choices[0]!.Condition, vars)) ? choice.Choices[0]!.Next : choice.Default;
    };
    expect(await route({ mySize: "large" })).toBe("A");
    expect(await route({})).toBe("A");
    expect(await route({ mySize: "huge" })).toBe("Invalid_parameters");
  });
});
