/**
 * The Step Functions back end: a pipeline (IR) to a Standard state machine in the JSONata query
 * language, an EventBridge Scheduler schedule and the IAM permissions the state machine needs.
 *
 * Shape of the state machine:
 *   Init (Pass: parameters, run-time settings, time zones) -> Init_times (scheduled start and end)
 *   -> the activities, ordered by the series-parallel form of the dependency graph (dag.ts)
 *   -> Done (Succeed)
 * Each activity is: its precondition poll loops (preconditions/), the late alarm when it has one,
 * one attempt (attempt.ts: retried `maximumRetries` times `retryDelay` apart, each bounded by
 * `attemptTimeout`; the activity's own form in activities/), then its onSuccess actions; after
 * the last failed attempt its onFail actions (actions/) and the run fails. An EmrCluster is
 * created before the first activity that runs on it and terminated after the last one, and on
 * every failure path (cluster.ts).
 *
 * Run-time settings that a Data Pipeline definition does not carry (the ECS cluster and task
 * definition for shell commands, the Redshift workgroup and secret, the EventBridge Scheduler
 * role) are `EmitAslOptions.runtime`, compiled into the Init state; the execution input's
 * `runtime` object may override them. An environment's parameter values (`values`) replace the
 * pipeline's defaults, and fields that must be literals are resolved with them.
 */
import type { ObjectIR, PipelineIR } from "../../ir/ir.ts";
import { walkExpr } from "../../ir/walk.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { DefParameterValue } from "../datapipeline/definition.ts";
import { aslDiagnostic } from "./codes.ts";
import { toSeriesParallel, type SPTree } from "./dag.ts";
import { jstr } from "./jsonata.ts";
import { buildSchedule, type AslSchedule } from "./schedule.ts";
import { AslContext, type IamStatement, type RuntimeNeed } from "./context.ts";
import { emitAttempt } from "./attempt.ts";
import { ACTIVITIES, ACTIVITY_TYPES } from "./activities/index.ts";
import { emitPreconditions } from "./preconditions/index.ts";
import { emitAction } from "./actions/index.ts";
import { emitLateArm, emitLateDisarm } from "./actions/late-action.ts";
import { emitCluster, wrapClusters, xIds, type XTree } from "./cluster.ts";
import { ERRORS, link, varName, type States } from "./states.ts";
import { checkPlainSecrets } from "./secrets.ts";

export type { AslSchedule } from "./schedule.ts";
export type { IamStatement, RuntimeNeed } from "./context.ts";

export interface EmitAslOptions {
  /** Run-time settings (ECS, Redshift, Scheduler): built into the machine; the execution input's `runtime` may override them. */
  readonly runtime?: Readonly<Record<string, unknown>>;
  /** An environment's parameter values (`applyEnvironment`): they replace the pipeline's defaults. */
  readonly values?: readonly DefParameterValue[];
  /** A run-time setting the machine needs and `runtime` lacks is an error (stacks), not a warning. */
  readonly requireRuntime?: boolean;
  /** Years covered by time-zone tables (default 1970-2100). */
  readonly zoneYears?: readonly [number, number];
}

export interface AslExplain {
  /** Longest path of the dependency graph and of the emitted order, in activities (unit weights). */
  readonly criticalPath: { readonly dag: number; readonly stateMachine: number; readonly ratio: number };
  /** Orderings the state machine adds that the pipeline does not require: `[before, after]` activity ids. */
  readonly falseOrderings: readonly (readonly [string, string])[];
  /** The activity ids in emitted order, with the series-parallel tree. */
  readonly tree: SPTree;
}

/**
 * What `emitAsl` returns. Stable contract for the CDKTF and Terraform back ends:
 * - `definition`: the ASL object (undefined when there are errors); `text` is its JSON (2-space
 *   indent, trailing newline), the bytes to deploy.
 * - `schedule`: EventBridge Scheduler settings (undefined for on-demand pipelines).
 * - `iam.statements`: what the state machine's role needs.
 * - `runtime`: the run-time settings the machine reads, and those not given.
 * - `explain`: graph quality; `diagnostics`: PIPE52xx findings (errors mean no definition).
 */
export interface AslResult {
  readonly definition: Readonly<Record<string, unknown>> | undefined;
  readonly text: string | undefined;
  readonly schedule: AslSchedule | undefined;
  /** `taskRoleStatements`: what the ECS task role needs to read referenced secrets (absent when nothing). */
  readonly iam: { readonly statements: readonly IamStatement[]; readonly taskRoleStatements?: readonly IamStatement[] };
  readonly explain: AslExplain;
  /** Run-time settings the machine reads; `missing`: those `options.runtime` does not give. */
  readonly runtime: { readonly needs: readonly RuntimeNeed[]; readonly missing: readonly string[] };
  readonly diagnostics: readonly Diagnostic[];
}

/** Fields every activity may carry that this back end maps or that do not change what runs. */
const COMMON_FIELDS = new Set([
  "dependsOn", "input", "output", "precondition", "runsOn", "onFail", "onSuccess", "onLateAction", "lateAfterTimeout",
  "maximumRetries", "retryDelay", "attemptTimeout", "schedule", "scheduleType", "parent", "failureAndRerunMode",
  "pipelineLogUri", "role", "resourceRole", "description", "maxActiveInstances", "reportProgressTimeout", "workerGroup",
]);

/** Cluster sizing hints: ignored with a warning. */
const SIZING_FIELDS = new Set(["resizeClusterBeforeRunning", "resizeClusterMaxInstances"]);

export function emitAsl(pipeline: PipelineIR, options: EmitAslOptions = {}): AslResult {
  return new Emitter(pipeline, options).run();
}

class Emitter {
  private readonly ctx: AslContext;
  private readonly p: PipelineIR;
  private readonly options: EmitAslOptions;
  private readonly lateNames = new Map<string, string | undefined>();

  constructor(p: PipelineIR, options: EmitAslOptions) {
    this.p = p;
    this.options = options;
    this.ctx = new AslContext(p, options);
  }

  run(): AslResult {
    const ctx = this.ctx;
    const activities = this.p.objects.filter((o) => o.type !== undefined && ACTIVITY_TYPES.has(o.type));
    const ids = new Set(activities.map((a) => a.id));
    // Edges: dependsOn, and data flow (A outputs N, B inputs N => A before B).
    const edges: [string, string][] = [];
    const producers = new Map<string, string[]>();
    for (const e of this.p.edges) if (e.kind === "output" && ids.has(e.from)) {
      let l = producers.get(e.to);
      if (!l) producers.set(e.to, (l = []));
      l.push(e.from);
    }
    for (const e of this.p.edges) {
      if (e.kind === "dependsOn" && ids.has(e.from) && ids.has(e.to)) edges.push([e.to, e.from]);
      if (e.kind === "input" && ids.has(e.from)) for (const prod of producers.get(e.to) ?? []) if (prod !== e.from) edges.push([prod, e.from]);
    }
    const sp = toSeriesParallel({ nodes: activities.map((a) => a.id), edges });
    for (const [a, b] of sp.cycleEdges) ctx.error("PIPE5210", this.p.byId.get(b)?.idSpan ?? this.p.nameSpan, `'${b}' and '${a}' depend on each other in a cycle`);
    if (sp.falseOrderings.length > 0) {
      ctx.diagnostics.push(aslDiagnostic("PIPE5208", this.p.file, this.p.nameSpan, `the dependency graph is not series-parallel: the state machine runs ${sp.falseOrderings.map(([a, b]) => `'${a}' before '${b}'`).join(", ")} although the pipeline does not require it (critical path ${sp.criticalPath.tree} instead of ${sp.criticalPath.dag})`));
    }
    const explain: AslExplain = {
      criticalPath: { dag: sp.criticalPath.dag, stateMachine: sp.criticalPath.tree, ratio: sp.criticalPath.ratio },
      falseOrderings: sp.falseOrderings,
      tree: sp.tree,
    };

    for (const o of this.p.objects) this.checkResource(o);
    this.checkSecrets();
    const schedule = buildSchedule(this.p, (code, span, msg) => ctx.error(code, span, msg));

    const states: States = {};
    const tree = wrapClusters(ctx, sp.tree, activities);
    const first = activities.length === 0 ? "Done" : this.emitTree(tree, states, "Done");
    this.emitInit(states, first, schedule);
    states.Done = { Type: "Succeed" };

    const definition: Record<string, unknown> = {
      Comment: `${this.p.name}${this.p.description ? `: ${this.p.description}` : ""} (compiled by pipec from ${this.p.file.split(/[\\/]/).pop()})`,
      QueryLanguage: "JSONata",
      StartAt: "Init",
      States: states,
    };
    this.checkQuotas(definition);
    const missing = this.checkRuntime();
    const failed = ctx.diagnostics.some((d) => d.severity === "error");
    // Written only when it will be used: a refused definition can be far larger than the quota.
    const text = failed ? undefined : `${JSON.stringify(definition, null, 2)}\n`;
    return {
      definition: failed ? undefined : definition,
      text: failed ? undefined : text,
      schedule: failed ? undefined : schedule,
      iam: ctx.taskStatements().length > 0 ? { statements: ctx.statements(), taskRoleStatements: ctx.taskStatements() } : { statements: ctx.statements() },
      explain,
      runtime: { needs: ctx.needs, missing },
      diagnostics: ctx.diagnostics,
    };
  }

  private checkQuotas(def: Record<string, unknown>): void {
    const bytes = Buffer.byteLength(JSON.stringify(def), "utf8");
    if (bytes > 1_000_000) this.ctx.error("PIPE5209", this.p.nameSpan, `the state machine definition is ${bytes} bytes; Step Functions accepts at most 1 MB`);
    const walk = (states: States): void => {
      for (const [name, s] of Object.entries(states)) {
        if (name.length > 80 || !/^[A-Za-z0-9_-]+$/.test(name)) this.ctx.error("PIPE5209", this.p.nameSpan, `state name '${name}' is not 1-80 characters of [A-Za-z0-9_-]`);
        for (const b of (s.Branches as { States: States }[] | undefined) ?? []) walk(b.States);
      }
    };
    walk(def.States as States);
  }

  /** Run-time settings the machine reads that were not given: an error for stacks, else a warning. */
  private checkRuntime(): string[] {
    const missing: string[] = [];
    const byObject = new Map<string, RuntimeNeed[]>();
    for (const n of this.ctx.needs) {
      const given = n.key.startsWith("secrets.") ? this.ctx.secretArn(n.key.slice("secrets.".length)) !== undefined : this.ctx.runtimeValue(n.key) !== undefined;
      if (given) continue;
      if (!missing.includes(n.key)) missing.push(n.key);
      let l = byObject.get(n.objectId);
      if (!l) byObject.set(n.objectId, (l = []));
      l.push(n);
    }
    const show = (key: string) => (key.startsWith("secrets.") ? `secrets["${key.slice("secrets.".length)}"]` : key);
    if (byObject.size === 0) return [];
    const keys = missing.map(show);
    const users = [...byObject.keys()];
    const whys = new Map<string, string>();
    for (const list of byObject.values()) for (const n of list) whys.set(show(n.key), n.why);
    const first = this.p.byId.get(users[0]!);
    this.ctx.diagnostics.push(
      aslDiagnostic(
        "PIPE5212",
        this.p.file,
        first?.idSpan ?? this.p.nameSpan,
        `run-time setting${keys.length === 1 ? "" : "s"} ${keys.map((k) => `'${k}' (${whys.get(k)})`).join(", ")} ${keys.length === 1 ? "is" : "are"} not given; needed by ${users.map((u) => `'${u}'`).join(", ")}${this.options.requireRuntime ? ": the deployed state machine could not run them" : ": each execution must pass them in its input's runtime object"}`,
        `set them in pipec.config.json or cdktf.json ("runtime"), or with --runtime ${keys[0]}=...`,
        this.options.requireRuntime ? "error" : "warning",
      ),
    );
    return missing.sort();
  }

  /** Secret parameters never enter the machine, its execution input or history. */
  private checkSecrets(): void {
    checkPlainSecrets(this.ctx, this.options.values);
    const used = new Set<string>();
    // Encrypted fields (`*password`) never enter the machine: the task reads the secret named in the run-time settings.
    for (const o of this.p.objects) for (const [key, eff] of o.effective) if (!key.startsWith("*")) for (const v of eff.field.values) if (v.kind === "template") for (const part of v.parts) if (part.kind === "expr") walkExpr(part.expr, (e) => e.kind === "param" && used.add(e.id));
    // A parameter may be given a value without a declaration (Data Pipeline takes such values).
    const declared = new Set([...this.p.parameters.map((x) => x.id), ...this.ctx.paramValues.keys()]);
    for (const id of [...used].sort()) {
      if (!declared.has(id)) {
        this.ctx.error("PIPE5213", this.p.nameSpan, `parameter '${id}' is read by an expression but not declared; the state machine has no value for it`, `declare it (param ${id}: String = ...)`);
        continue;
      }
      if (!id.startsWith("*")) continue;
      const param = this.p.parameters.find((x) => x.id === id);
      this.ctx.error("PIPE5214", param?.idSpan ?? this.p.nameSpan, `secret parameter '${id}' would reach the state machine's execution input and history in plain text`, "keep the secret in AWS Secrets Manager or SSM Parameter Store; a database's *password names it (\"secretsmanager:arn:...\" or \"ssm:/path\") or the run-time settings do (secrets), and the task reads it (docs/secrets.md)");
    }
  }

  private emitInit(states: States, first: string, schedule: AslSchedule | undefined): void {
    // Parameter ids are user text: a null-prototype object (`__proto__` is a valid id).
    const defaults: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
    for (const x of this.p.parameters) {
      if (x.id.startsWith("*")) continue;
      const v = this.ctx.paramValues.get(x.id);
      if (v !== undefined) defaults[x.id] = x.isArray || v.length !== 1 ? [...v] : v[0]!;
    }
    for (const v of this.options.values ?? []) if (!v.id.startsWith("*") && !(v.id in defaults)) defaults[v.id] = v.list || v.values.length !== 1 ? [...v.values] : v.values[0]!;
    const runtime = { ...(this.options.runtime ?? {}) };
    const assign: Record<string, unknown> = {
      params: `{% $merge([${JSON.stringify(defaults).replace(/%/g, "\\u0025")}, $exists($states.input.parameters) ? $states.input.parameters : {}]) %}`,
      runtime: `{% $merge([${JSON.stringify(runtime).replace(/%/g, "\\u0025")}, $exists($states.input.runtime) ? $states.input.runtime : {}]) %}`,
    };
    for (const [k, v] of [...this.ctx.zoneTables.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) assign[k] = v;
    states.Init = { Type: "Pass", Comment: "Parameters (execution input over this build's values) and run-time settings", Assign: assign, Next: "Init_times" };
    const startOf = "($exists($states.input.scheduledTime) ? $states.input.scheduledTime : $states.context.Execution.StartTime)";
    const period = schedule?.periodMillis;
    let start = startOf;
    let end = `$fromMillis($toMillis(${startOf}))`;
    if (schedule && period !== undefined) {
      // Timeseries runs start at the end of their interval: the scheduled start is one period earlier.
      if (this.p.scheduleType === "timeseries") start = `$fromMillis($toMillis(${startOf}) - ${period})`;
      end = `$fromMillis($toMillis(${start}) + ${period})`;
      start = `$fromMillis($toMillis(${start}))`;
    } else if (schedule && schedule.periodMonths !== undefined) {
      const months = schedule.periodMonths;
      const base = this.p.scheduleType === "timeseries" ? -months : 0;
      start = monthShift(startOf, base);
      end = monthShift(startOf, base + months);
    } else start = `$fromMillis($toMillis(${startOf}))`;
    // allowedValues: a run with a parameter value outside the list fails before any activity.
    const checks = this.p.parameters
      .filter((x) => x.allowedValues && x.allowedValues.length > 0 && !x.id.startsWith("*"))
      .map((x) => {
        const v = `$lookup($params, ${jstr(x.id)})`;
        return `($exists(${v}) and $count([${v}][$not($ in [${x.allowedValues!.map(jstr).join(", ")}])]) > 0)`;
      });
    states.Init_times = {
      Type: "Pass",
      Comment: "@scheduledStartTime and @scheduledEndTime of this run",
      Assign: { scheduledStartTime: `{% ${start} %}`, scheduledEndTime: `{% ${end} %}` },
      Next: checks.length ? "Check_parameters" : first,
    };
    if (checks.length) {
      states.Check_parameters = { Type: "Choice", Comment: "parameter values against allowedValues", Choices: [{ Condition: `{% ${checks.join(" or ")} %}`, Next: "Invalid_parameters" }], Default: first };
      states.Invalid_parameters = { Type: "Fail", Error: "InvalidParameterValue", Cause: `a parameter value is not one of its allowedValues (${this.p.parameters.filter((x) => x.allowedValues?.length).map((x) => x.id).join(", ")})` };
    }
  }

  /** Emits a tree before `next`; returns the first state's name. */
  private emitTree(t: XTree, states: States, next: string | undefined): string {
    switch (t.kind) {
      case "task":
        return this.emitActivity(this.p.byId.get(t.id)!, states, next);
      case "seq": {
        let n = next;
        for (let i = t.children.length - 1; i >= 0; i--) n = this.emitTree(t.children[i]!, states, n);
        return n!;
      }
      case "par": {
        // A failure in one branch lets the other branches finish (an EMR cluster in one of them is
        // still terminated, as Data Pipeline's cascade leaves independent work running); then the
        // run fails with the first branch's error.
        const ctx = this.ctx;
        const name = ctx.names.take(`Parallel_${xIds(t).slice(0, 3).join("_")}`);
        const failures = varName("failures", name);
        const branches = t.children.map((c, i) => {
          const bs: States = {};
          const start = this.emitTree(c, bs, undefined);
          const guard = ctx.names.take(`${name}_branch${i + 1}`);
          const caught = ctx.names.take(`${name}_branch${i + 1}_failed`);
          return {
            StartAt: guard,
            States: {
              [guard]: { Type: "Parallel", Branches: [{ StartAt: start, States: bs }], Output: "{% {} %}", Catch: [{ ErrorEquals: ["States.ALL"], Next: caught, Output: "{% $states.errorOutput %}" }], End: true },
              [caught]: { Type: "Pass", Output: "{% {'Error': $states.input.Error, 'Cause': $states.input.Cause} %}", End: true },
            },
          };
        });
        const check = ctx.names.take(`${name}_check`);
        const failed = ctx.names.take(`${name}_failed`);
        states[name] = { Type: "Parallel", Branches: branches, Assign: { [failures]: "{% [$states.result[$exists(Error)]] %}" }, Output: "{% $states.input %}", Next: check };
        states[check] = { Type: "Choice", Choices: [{ Condition: `{% $count($${failures}) > 0 %}`, Next: failed }], Default: ctx.endTarget(states, next, name) };
        states[failed] = { Type: "Fail", Error: `{% $${failures}[0].Error %}`, Cause: `{% $string($${failures}[0].Cause) %}` };
        return name;
      }
      case "cluster":
        return emitCluster(this.ctx, t, states, next, (c, s, n) => this.emitTree(c, s, n), (a, s, n) => this.emitLead(a, s, n));
    }
  }

  /** The name of an activity's late-alarm state, when it has onLateAction and lateAfterTimeout. */
  private lateState(a: ObjectIR): string | undefined {
    const ctx = this.ctx;
    if (ctx.refs(a, "onLateAction").length === 0) return undefined;
    let name = this.lateNames.get(a.id);
    if (name === undefined && !this.lateNames.has(a.id)) {
      if (!ctx.field(a, "lateAfterTimeout")) ctx.error("PIPE5204", ctx.field(a, "onLateAction")!.span, `'${a.id}' has onLateAction but no lateAfterTimeout period`);
      const after = ctx.seconds(a, "lateAfterTimeout");
      name = after !== undefined ? ctx.names.take(`${a.id}_late_alarm`) : undefined;
      this.lateNames.set(a.id, name);
    }
    return name;
  }

  /**
   * What runs before an activity's attempt: the late alarm is armed first (the activity is late
   * from its scheduled start, also while it waits on its preconditions), then the preconditions.
   */
  private emitLead(a: ObjectIR, states: States, next: string): string {
    let first = emitPreconditions(this.ctx, a, states, next) ?? next;
    const late = this.lateState(a);
    if (late) first = emitLateArm(this.ctx, a, this.ctx.refs(a, "onLateAction"), this.ctx.seconds(a, "lateAfterTimeout")!, late, states, first);
    return first;
  }

  /** Emits one activity's chain of states before `next`; returns its first state. */
  private emitActivity(a: ObjectIR, states: States, next: string | undefined): string {
    const ctx = this.ctx;
    const name = ctx.names.take(a.id);
    this.checkFields(a);
    const kind = ACTIVITIES.get(a.type ?? "");
    const lateSchedule = this.lateState(a);

    // After success: disarm the late alarm, then the onSuccess actions.
    let after = next;
    const success = ctx.refs(a, "onSuccess");
    for (let i = success.length - 1; i >= 0; i--) after = emitAction(ctx, success[i]!, a, `${a.id}_onSuccess`, false, states, after);
    if (lateSchedule) after = emitLateDisarm(ctx, a, lateSchedule, states, after);
    const fail = this.emitFailure(a, states, lateSchedule);

    const before = ctx.errorCount();
    let first: string | undefined;
    if (!kind) ctx.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' has no Step Functions mapping`);
    else if (!ctx.refs(a, "runsOn")[0] && ctx.field(a, "workerGroup") && a.type !== "SqlActivity" && a.type !== "RedshiftCopyActivity") {
      ctx.error("PIPE5201", ctx.field(a, "workerGroup")!.span, `'${a.id}' runs on workerGroup '${ctx.literal(a, "workerGroup")?.text ?? "?"}' (Task Runner on your own hosts), which has no faithful Step Functions mapping; give it an Ec2Resource (it then runs as an ECS Fargate task)`);
    } else first = emitAttempt(ctx, a, name, `${a.type} ${a.id}`, (scope) => kind.body(ctx, a, name, scope), fail, after, states);
    if (first === undefined) {
      // Never drop an activity silently.
      if (ctx.errorCount() === before) ctx.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' could not be compiled to Step Functions with its current fields`);
      states[name] = { Type: "Pass", Comment: "not mapped (see diagnostics)", ...link(after) };
      first = name;
    }
    // An activity that starts a cluster's part of the run has its lead emitted before the cluster is created.
    return ctx.hoisted.has(a.id) ? first : this.emitLead(a, states, first);
  }

  /** The failure path of an activity: disarm the late alarm, onFail actions, then Fail. Returns its first state. */
  private emitFailure(a: ObjectIR, states: States, lateSchedule: string | undefined): string {
    const ctx = this.ctx;
    const failed = ctx.names.take(`${a.id}_failed`);
    states[failed] = { Type: "Fail", Error: ERRORS.activityFailed, Cause: `activity ${a.id} failed after its last attempt` };
    let n: string = failed;
    const onFail = ctx.refs(a, "onFail");
    for (let i = onFail.length - 1; i >= 0; i--) n = emitAction(ctx, onFail[i]!, a, `${a.id}_onFail`, true, states, n);
    if (lateSchedule) n = emitLateDisarm(ctx, a, lateSchedule, states, n);
    return n;
  }

  private checkFields(a: ObjectIR): void {
    const allowed = new Set([...COMMON_FIELDS, ...(ACTIVITIES.get(a.type ?? "")?.fields ?? [])]);
    for (const [key, eff] of a.effective) {
      if (allowed.has(key) || key.startsWith("my") || key.startsWith("@") || key === "name") continue;
      if (SIZING_FIELDS.has(key)) {
        this.ctx.diagnostics.push(aslDiagnostic("PIPE5207", this.p.file, eff.field.keySpan, `'${a.id}.${key}' resizes the cluster before the step; Step Functions runs the step on the cluster as created`));
        continue;
      }
      this.ctx.error("PIPE5206", eff.field.keySpan, `'${a.id}.${key}' (${a.type}) has no Step Functions equivalent`, eff.from !== a.id ? `inherited from '${eff.from}'` : undefined);
    }
    const mode = this.ctx.literal(a, "failureAndRerunMode")?.text.toLowerCase();
    if (mode === "none") this.ctx.error("PIPE5206", this.ctx.field(a, "failureAndRerunMode")!.span, `'${a.id}' uses failureAndRerunMode none (dependents keep running after a failure); a Step Functions execution stops at the first uncaught failure`);
  }

  private checkResource(o: ObjectIR): void {
    if (o.type !== "Ec2Resource") return;
    // Fields inherited from Default are meant for the activities too; only those written for this resource (or its parents) count.
    const used = [...o.effective.entries()]
      .filter(([k, eff]) => eff.from !== "Default" && !["role", "resourceRole", "schedule", "scheduleType", "parent", "failureAndRerunMode", "pipelineLogUri", "terminateAfter", "description"].includes(k) && !k.startsWith("my") && !k.startsWith("@"))
      .map(([k]) => k);
    if (used.length > 0) this.ctx.diagnostics.push(aslDiagnostic("PIPE5207", this.p.file, o.idSpan, `Ec2Resource '${o.id}' becomes an ECS Fargate task; ${used.map((k) => `'${k}'`).join(", ")} ${used.length === 1 ? "is" : "are"} not used (size the task definition instead)`));
  }
}

function monthShift(startIso: string, months: number): string {
  if (months === 0) return `$fromMillis($toMillis(${startIso}))`;
  const t = `$toMillis(${startIso})`;
  return `($t := ${t}; $tot := $number($fromMillis($t, '[Y1]')) * 12 + $number($fromMillis($t, '[M1]')) - 1 + (${months}); $y := $floor($tot / 12); $mo := $tot - $y * 12 + 1; $lp := ($y % 4 = 0 and $y % 100 != 0) or $y % 400 = 0; $dim := [31, $lp ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][$mo - 1]; $d := $number($fromMillis($t, '[D1]')); $fromMillis($toMillis($formatInteger($y, '0000') & '-' & $formatInteger($mo, '00') & '-' & $formatInteger($d < $dim ? $d : $dim, '00') & 'T00:00:00.000Z') + ($t - $floor($t / 86400000) * 86400000)))`;
}
