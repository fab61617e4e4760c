/**
 * Emitted state machines on real engines: asl-validator and AWS's language service report nothing,
 * and runs in aws-local-stepfunctions (local handlers for every Task) respect every dependency,
 * overlap independent branches, retry as configured, publish onFail alarms and fail timed-out attempts.
 *
 * aws-local-stepfunctions ignores JSONata silently (Arguments, Output, Assign, Choice conditions).
 * So the machines run here are checked first to route only by Next, Parallel, Retry and Catch: the
 * only Choice states are the failure checks after Parallel states, whose Default is the path
 * without failures, and the activity handlers are called exactly once each. What JSONata
 * computes is tested separately with the jsonata library (expr-agreement.test.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fcSeed } from "../helpers/fc.ts";
import fc from "fast-check";
import { compile } from "../../compiler/compile.ts";
import { emitAsl } from "../../compiler/emit/asl/emit.ts";
import { allStates, buildPipe, dagPipe, pause, runLocal, validateAsl, type RunLog } from "./harness.ts";

function checkOrder(log: RunLog, nodes: readonly string[], edges: readonly (readonly [string, string])[]): void {
  const at = (kind: string, s: string) => log.events.findIndex((e) => e.kind === kind && e.state === s);
  for (const n of nodes) expect(log.calls.get(n)?.length, `${n} runs once`).toBe(1);
  for (const [a, b] of edges) expect(at("end", a), `${a} ends before ${b} starts`).toBeLessThan(at("start", b));
}

function overlaps(log: RunLog, a: string, b: string): boolean {
  const at = (kind: string, s: string) => log.events.findIndex((e) => e.kind === kind && e.state === s);
  return at("start", a) < at("end", b) && at("start", b) < at("end", a);
}

function closure(nodes: readonly string[], edges: readonly (readonly [string, string])[]): Set<string> {
  const out = new Set(edges.map(([a, b]) => `${a}>${b}`));
  for (const k of nodes) for (const i of nodes) for (const j of nodes) if (out.has(`${i}>${k}`) && out.has(`${k}>${j}`)) out.add(`${i}>${j}`);
  return out;
}

const SHAPES: Record<string, [string, string][]> = {
  diamond: [["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"]],
  fan: [["s", "x1"], ["s", "x2"], ["s", "x3"], ["x1", "t"], ["x2", "t"], ["x3", "t"]],
  N: [["a", "c"], ["b", "c"], ["b", "d"]],
  W: [["a", "d"], ["b", "d"], ["b", "e"], ["c", "e"]],
  crossing: [["a1", "a2"], ["a2", "a3"], ["b1", "b2"], ["b2", "b3"], ["a1", "b2"], ["b1", "a2"]],
};

/** Pipelines of the examples ("<file> <pipeline>") that do not compile to Step Functions, with their error codes: none. */
const REFUSED_EXAMPLES: Record<string, string[]> = {};

describe("examples on the validators", () => {
  const dir = new URL("../../examples/", import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith(".pipe")).sort();
  for (const f of files) {
    it(`${f}: builds to ASL that asl-validator and the language service accept, or is refused as listed`, async () => {
      const path = `examples/${f}`;
      const r = compile(path, readFileSync(new URL(f, dir), "utf8"));
      expect(r.ir.pipelines.length).toBeGreaterThan(0);
      for (const p of r.ir.pipelines) {
        const a = emitAsl(p);
        const errors = a.diagnostics.filter((d) => d.severity === "error");
        expect([...new Set(errors.map((e) => e.code))].sort(), `${f} ${p.name}: ${errors.map((e) => e.message).join("; ")}`).toEqual(REFUSED_EXAMPLES[`${f} ${p.name}`] ?? []);
        if (errors.length) {
          // No definition is written, and each error names an object.
          expect(a.definition).toBeUndefined();
          for (const e of errors) expect(e.code).toMatch(/^PIPE52\d\d$/);
          continue;
        }
        expect(await validateAsl(a.definition, a.text!)).toEqual([]);
        expect(Buffer.byteLength(a.text!)).toBeLessThan(1_000_000);
        for (const [name] of allStates(a.definition as never)) expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
      }
    });
  }
});

describe("dependency graphs in aws-local-stepfunctions", () => {
  for (const [shape, edges] of Object.entries(SHAPES)) {
    it(`${shape}: every edge respected, independent activities overlap, validators clean`, async () => {
      const nodes = [...new Set(edges.flat())].sort();
      const a = buildPipe(dagPipe(nodes, edges));
      expect(a.definition).toBeDefined();
      expect(await validateAsl(a.definition, a.text!)).toEqual([]);
      // Routing must not depend on JSONata, which the local engine ignores.
      // The only Choice states are those after a Parallel, whose Default is the path without failures.
      expect(allStates(a.definition as never).filter(([n, s]) => s.Type === "Choice" && !(n.startsWith("Parallel_") && n.endsWith("_check")))).toEqual([]);
      const log = await runLocal(a.definition);
      expect(log.error).toBeUndefined();
      checkOrder(log, nodes, edges);
      const c = closure(nodes, edges);
      const falseOrder = new Set(a.explain.falseOrderings.map(([x, y]) => `${x}>${y}`));
      // Activities that become ready together (same predecessors, no added ordering) must overlap.
      const preds = (n: string) => edges.filter(([, b]) => b === n).map(([x]) => x).sort().join(",");
      let pairs = 0;
      for (const x of nodes) for (const y of nodes) {
        if (x < y && !c.has(`${x}>${y}`) && !c.has(`${y}>${x}`) && !falseOrder.has(`${x}>${y}`) && !falseOrder.has(`${y}>${x}`) && preds(x) === preds(y)) {
          pairs++;
          expect(overlaps(log, x, y), `${x} and ${y} run together`).toBe(true);
        }
      }
      expect(pairs).toBeGreaterThan(0);
    });
  }

  it("random DAGs (20): every edge respected and every activity runs exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 3, max: 9 }), fc.array(fc.tuple(fc.nat(8), fc.nat(8)), { maxLength: 16 }), async (n, pairs) => {
        const nodes = Array.from({ length: n }, (_, i) => `t${i}`);
        const edges = [...new Set(pairs.filter(([i, j]) => i < j && j < n).map(([i, j]) => `${i},${j}`))].map((k) => k.split(",").map((x) => `t${x}`) as [string, string]);
        const a = buildPipe(dagPipe(nodes, edges));
        const log = await runLocal(a.definition);
        expect(log.error).toBeUndefined();
        checkOrder(log, nodes, edges);
      }),
      { numRuns: 20, seed: fcSeed(11) },
    );
  });
});

describe("retries, failures and timeouts in aws-local-stepfunctions", () => {
  const failing = (name: string) => Object.assign(new Error(`${name} exited with 1`), { name: "States.TaskFailed" });
  const pipe = (extra: string) => `pipeline r {
  default { scheduleType = ondemand  role = "R"  resourceRole = "RR" }
  Ec2Resource Box { terminateAfter = 1 hour }
  SnsAlarm Alarm { topicArn = "arn:aws:sns:us-east-1:123456789012:alerts"  subject = "failed"  message = "#<node.name> failed: #<node.errorMessage>" }
  ShellCommandActivity Load { runsOn = Box  command = "load"  onFail = Alarm ${extra} }
  ShellCommandActivity After { runsOn = Box  command = "after"  dependsOn = Load }
}
`;

  it("retries maximumRetries times, then publishes onFail and fails the execution", async () => {
    const a = buildPipe(pipe("maximumRetries = 3  retryDelay = 2 minutes"));
    expect(await validateAsl(a.definition, a.text!)).toEqual([]);
    const load = allStates(a.definition as never).find(([n]) => n === "Load")![1];
    expect(load.Retry).toEqual([{ ErrorEquals: ["States.ALL"], IntervalSeconds: 120, MaxAttempts: 3, BackoffRate: 1 }]);
    const log = await runLocal(a.definition, { behaviour: { Load: async () => Promise.reject(failing("Load")) } });
    expect(log.calls.get("Load")).toHaveLength(4); // 1 attempt + 3 retries
    expect(log.calls.get("Load_onFail_Alarm")).toHaveLength(1);
    // The alarm receives the error output (its Message is built from it with JSONata).
    expect(log.calls.get("Load_onFail_Alarm")![0]).toMatchObject({ Error: "States.TaskFailed" });
    expect(log.calls.get("After")).toBeUndefined();
    expect(log.error?.name).toBe("ActivityFailed");
  });

  it("an attempt that succeeds on retry lets dependents run", async () => {
    const a = buildPipe(pipe("maximumRetries = 2"));
    const log = await runLocal(a.definition, { behaviour: { Load: async (n) => (n < 3 ? Promise.reject(failing("Load")) : {}) } });
    expect(log.error).toBeUndefined();
    expect(log.calls.get("Load")).toHaveLength(3);
    expect(log.calls.get("Load_onFail_Alarm")).toBeUndefined();
    expect(log.calls.get("After")).toHaveLength(1);
  });

  it("attemptTimeout fails the attempt (States.Timeout), which is retried and then caught", async () => {
    const a = buildPipe(pipe("maximumRetries = 1  attemptTimeout = 1 minute"));
    const def = a.definition as { States: Record<string, Record<string, unknown>> };
    expect(def.States.Load!.TimeoutSeconds).toBe(60);
    // Shorten the emitted 60 s to 1 s so that the run is quick; the engine's behaviour is what is tested.
    const quick = structuredClone(def);
    quick.States.Load!.TimeoutSeconds = 1;
    const log = await runLocal(quick, { behaviour: { Load: () => pause(1500).then(() => ({})) } });
    expect(log.calls.get("Load")).toHaveLength(2);
    expect(log.calls.get("Load_onFail_Alarm")).toHaveLength(1);
    expect(log.calls.get("Load_onFail_Alarm")![0]).toMatchObject({ Error: "States.Timeout" });
    expect(log.error?.name).toBe("ActivityFailed");
  }, 20_000);

  it("an EMR cluster is terminated after its activities and on failure", async () => {
    const emr = (fail: boolean) => `pipeline e {
  default { scheduleType = ondemand  role = "R"  resourceRole = "RR"  maximumRetries = 0 }
  EmrCluster Cluster { releaseLabel = "emr-6.15.0"  masterInstanceType = "m5.xlarge"  coreInstanceCount = 2  terminateAfter = 2 hours }
  HadoopActivity Step1 { runsOn = Cluster  jarUri = "s3://b/job.jar"  argument = ["${fail ? "x" : "y"}"] }
  HadoopActivity Step2 { runsOn = Cluster  jarUri = "s3://b/job2.jar"  dependsOn = Step1 }
  ShellCommandActivity Before { runsOn = Box  command = "prep" }
  Ec2Resource Box { terminateAfter = 1 hour }
}
`;
    const ok = buildPipe(emr(false));
    expect(ok.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(await validateAsl(ok.definition, ok.text!)).toEqual([]);
    let log = await runLocal(ok.definition);
    expect(log.error).toBeUndefined();
    const order = log.events.filter((e) => e.kind === "start").map((e) => e.state);
    expect(order.indexOf("Cluster_create")).toBeLessThan(order.indexOf("Step1"));
    expect(order.indexOf("Step2")).toBeLessThan(order.indexOf("Cluster_terminate"));
    expect(log.calls.get("Cluster_terminate_on_failure")).toBeUndefined();

    log = await runLocal(ok.definition, { behaviour: { Step2: async () => Promise.reject(failing("Step2")) } });
    // The run then fails at the JSONata Choice after the Parallel, which this engine does not
    // evaluate (behaviour.test.ts runs that part in a JSONata executor).
    expect(log.calls.get("Cluster_terminate_on_failure")).toHaveLength(1);
    expect(log.calls.get("Cluster_terminate")).toBeUndefined();
  });
});
