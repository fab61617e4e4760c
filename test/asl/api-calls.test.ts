/**
 * Every AWS API call the emitted machines make has arguments the API accepts: each example (with
 * its defaults and in each environment, `<name>.values.<env>.json`) and each definition of the
 * corpus (../shared/corpus/datapipeline-samples, imported to `.pipe`) that compiles to Step
 * Functions is run on the executor
 * - once with services that succeed (realistic answers: a cluster id, statement ids, a listing
 *   that satisfies the precondition, an ACTIVE table): the run succeeds and calls every Task on
 *   the success path;
 * - once per activity with that activity's attempts failing (onFail alarms, cluster termination
 *   on failure, late alarm deletion on failure);
 * - once per Redshift activity with an attemptTimeout, its statements never finishing;
 * and every call's evaluated arguments are checked against the botocore model of its API. Across
 * the runs every Task state of the definition is called at least once.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { emitAsl } from "../../compiler/emit/asl/emit.ts";
import { ACTIVITY_TYPES } from "../../compiler/emit/asl/activities/index.ts";
import { sanitize } from "../../compiler/emit/asl/names.ts";
import { applyEnvironment, mergeEnvironments, readValuesFile } from "../../compiler/emit/datapipeline/environment.ts";
import type { DefParameterValue } from "../../compiler/emit/datapipeline/definition.ts";
import { importDefinition } from "../../compiler/import/index.ts";
import type { PipelineIR } from "../../compiler/ir/ir.ts";
import { failure, ok, type RunResult, type ServiceHandler } from "./executor/executor.ts";
import { ARN, RUNTIME, WORK, invalidCalls, run, taskStates } from "./run-pipe.ts";
import { CORPUS_ENTRY, needShared } from "../helpers/shared.ts";

type States = Record<string, Record<string, unknown>>;

/** Task states reached from the start without a Catch: those a run where everything succeeds calls (but a cancel on timeout). */
function successPathTasks(definition: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (states: States, start: string): void => {
    const seen = new Set<string>();
    const todo = [start];
    while (todo.length) {
      const name = todo.pop()!;
      const s = states[name];
      if (!s || seen.has(name)) continue;
      seen.add(name);
      if (s.Type === "Task" && s.Resource !== ARN.cancel) out.add(name);
      for (const b of (s.Branches as { StartAt: string; States: States }[] | undefined) ?? []) walk(b.States, b.StartAt);
      for (const n of [s.Next, s.Default, ...((s.Choices as { Next: string }[] | undefined) ?? []).map((c) => c.Next)]) if (typeof n === "string") todo.push(n);
    }
  };
  const d = definition as { StartAt: string; States: States };
  walk(d.States, d.StartAt);
  return out;
}

/** A value for a parameter the build gives no value: what a deployer would pass in the execution input. */
function placeholder(p: PipelineIR, id: string): string | string[] {
  const prm = p.parameters.find((x) => x.id === id);
  const v = prm?.allowedValues?.length ? prm.allowedValues[0]!
    : prm?.type === "AWS::S3::ObjectKey" || /s3|path|loc|uri|folder/i.test(id) ? `s3://example-bucket/${id}`
    : prm?.type === "Integer" ? "1"
    : prm?.type === "Double" ? "1.5"
    : /topic|arn/i.test(id) ? "arn:aws:sns:us-east-1:123456789012:pipeline-alarms"
    : `example-${id.replace(/^my/, "").toLowerCase()}`;
  return prm?.isArray ? [v] : v;
}

interface Exercised {
  /** Error codes of the Step Functions back end (nothing is run then). */
  readonly refused: readonly string[];
  readonly runs: readonly RunResult[];
  readonly tasks: ReadonlyMap<string, string>;
  readonly called: ReadonlySet<string>;
}

/**
 * Builds one pipeline for Step Functions and runs it (success, each activity failing, statements
 * that never finish), checking each run as it goes. `via`: the run-time settings compiled in, or
 * passed in the execution input.
 */
async function exercise(p: PipelineIR, values: readonly DefParameterValue[], via: "options" | "input"): Promise<Exercised> {
  // Secrets Manager ARNs for every database password the machine reads.
  const needs = emitAsl(p, { runtime: RUNTIME, values }).runtime.needs.filter((n) => n.key.startsWith("secrets."));
  const secrets: Record<string, string> = { ...RUNTIME.secrets };
  for (const n of needs) secrets[n.key.slice("secrets.".length)] ??= `arn:aws:secretsmanager:us-east-1:123456789012:secret:${n.objectId.toLowerCase()}-AbCdEf`;
  const runtime = { ...RUNTIME, secrets };
  const a = emitAsl(p, via === "options" ? { runtime, values } : { values });
  const refused = [...new Set(a.diagnostics.filter((d) => d.severity === "error").map((d) => d.code))].sort();
  if (refused.length) return { refused, runs: [], tasks: new Map(), called: new Set() };
  const def = a.definition!;

  const given = new Set([...values.map((v) => v.id), ...p.parameters.filter((x) => x.default !== undefined).map((x) => x.id)]);
  const lookups = [...JSON.stringify(def).matchAll(/\$lookup\(\$params, '([^']+)'\)/g)].map((m) => m[1]!);
  const parameters = Object.fromEntries(lookups.filter((id) => !given.has(id)).map((id) => [id, placeholder(p, id)]));
  const input = { scheduledTime: "2026-03-01T02:00:00Z", parameters, ...(via === "input" ? { runtime } : {}) };
  const runs: RunResult[] = [];
  const go = async (services: ServiceHandler | undefined) => {
    const r = await run(def, services, { input, startTime: "2026-03-01T02:00:03.000Z" });
    expect(invalidCalls(r.calls)).toEqual([]);
    runs.push(r);
    return r;
  };

  const success = await go(undefined);
  expect(success.status, `${success.error}: ${success.cause}`).toBe("SUCCEEDED");
  const calledOnSuccess = new Set(success.calls.map((c) => c.state));
  expect([...successPathTasks(def)].filter((t) => !calledOnSuccess.has(t)), "Task states on the success path that were not called").toEqual([]);

  const tasks = taskStates(def);
  const names = new Set(JSON.stringify(def).match(/"[A-Za-z0-9_-]+":\{"Type"/g)?.map((m) => m.slice(1, m.indexOf('"', 1))) ?? []);
  for (const act of p.objects.filter((o) => o.type !== undefined && ACTIVITY_TYPES.has(o.type))) {
    const name = sanitize(act.id);
    expect(names, `the attempt state of ${act.id}`).toContain(name);
    const inAttempt = (call: { state: string; path: string }) => call.state === name || call.path.split("/").includes(`${name}[0]`);
    const failing: ServiceHandler = (resource, _args, call) => (WORK.has(resource) && inAttempt(call) ? failure("States.TaskFailed", `${act.id} failed`) : undefined);
    expect((await go(failing)).status, `${act.id} failing`).toBe("FAILED");
    // Its SQL never finishes: with an attemptTimeout, each attempt cancels the statement.
    if (tasks.get(`${name}_cancel`) === ARN.cancel) {
      const stalled: ServiceHandler = (resource, args, call) => (resource === ARN.describe && inAttempt(call) ? ok({ Id: (args as { Id: string }).Id, Status: "STARTED" }) : undefined);
      expect((await go(stalled)).status, `${act.id} never finishing`).toBe("FAILED");
    }
  }
  return { refused, runs, tasks, called: new Set(runs.flatMap((r) => r.calls.map((c) => c.state))) };
}

function expectAllTasksCalled(x: Exercised): void {
  expect([...x.tasks.keys()].filter((t) => !x.called.has(t)), "Task states never called").toEqual([]);
}

// ---------------------------------------------------------------------------------------------

const EXAMPLES = new URL("../../examples/", import.meta.url);
/** Examples (and environments) that do not compile to Step Functions, with their error codes. */
const REFUSED_EXAMPLES: Record<string, string[]> = {};

const exampleCases = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".pipe"))
  .sort()
  .flatMap((file) => {
    const base = file.replace(/\.pipe$/, "");
    const envs = readdirSync(EXAMPLES).filter((f) => f.startsWith(`${base}.values.`) && f.endsWith(".json")).sort();
    return [{ file, env: undefined as string | undefined }, ...envs.map((env) => ({ file, env }))];
  });

describe("API calls of the examples", () => {
  it.each(exampleCases.map((c) => [`${c.file}${c.env ? ` (${c.env})` : " (defaults, run-time settings in the input)"}`, c] as const))("%s", async (label, c) => {
    const text = readFileSync(new URL(c.file, EXAMPLES), "utf8");
    const r = compile(`examples/${c.file}`, text);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const p = r.ir.pipelines[0]!;
    let values: DefParameterValue[] = [];
    if (c.env) {
      const file = readValuesFile(c.env, readFileSync(new URL(c.env, EXAMPLES), "utf8"));
      expect(file.diagnostics).toEqual([]);
      values = applyEnvironment(p, mergeEnvironments(file.values)).values;
    }
    const x = await exercise(p, values, c.env ? "options" : "input");
    expect(x.refused).toEqual(REFUSED_EXAMPLES[label] ?? []);
    if (x.refused.length === 0) expectAllTasksCalled(x);
  });
});

// ---------------------------------------------------------------------------------------------

const corpusEntry = needShared(CORPUS_ENTRY, "test/asl/api-calls.test.ts");
const CORPUS = pathToFileURL(`${corpusEntry.path}/`);
const present = corpusEntry.present;
const corpusFiles = present ? readdirSync(CORPUS).filter((f) => f.endsWith(".json")).sort() : [];

/** Imports a corpus definition to `.pipe` and builds it with the definition's own values. */
function importCorpus(name: string): { pipeline: PipelineIR | undefined; frontEnd: string[]; values: DefParameterValue[] } {
  const imported = importDefinition(name, readFileSync(new URL(name, CORPUS), "utf8"), { pipelineName: "p" });
  const r = compile(name.replace(/\.json$/, ".pipe"), imported.text);
  const frontEnd = [...new Set(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code))].sort();
  const p = r.ir.pipelines[0];
  if (frontEnd.length || !p) return { pipeline: undefined, frontEnd, values: [] };
  const values = imported.valuesFile ? applyEnvironment(p, mergeEnvironments(readValuesFile("values.json", imported.valuesFile).values)).values : [];
  return { pipeline: p, frontEnd, values };
}

describe("API calls of the corpus definitions", () => {
  const outcomes = new Map<string, string[]>();

  it.each(corpusFiles)("%s", async (name) => {
    const { pipeline, frontEnd, values } = importCorpus(name);
    if (!pipeline) {
      outcomes.set(name, frontEnd.map((c) => `front end ${c}`));
      return;
    }
    const x = await exercise(pipeline, values, "options");
    outcomes.set(name, [...x.refused]);
    for (const code of x.refused) expect(code).toMatch(/^PIPE52\d\d$/);
    if (x.refused.length === 0) expectAllTasksCalled(x);
  });

  it.skipIf(!present)(`how many compile, and why the others are refused${corpusEntry.note}`, () => {
    expect(outcomes.size).toBe(corpusFiles.length);
    const byCode: Record<string, number> = {};
    for (const codes of outcomes.values()) for (const c of codes) byCode[c] = (byCode[c] ?? 0) + 1;
    const compiled = [...outcomes.values()].filter((codes) => codes.length === 0).length;
    expect({ definitions: corpusFiles.length, compiled, refused: byCode }).toEqual({
      definitions: 40,
      compiled: 22,
      refused: { PIPE5201: 10, PIPE5206: 1, PIPE5213: 6, PIPE5214: 1, PIPE5215: 2, "front end PIPE2012": 1, "front end PIPE3001": 1 },
    });
  });
});
