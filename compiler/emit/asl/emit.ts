/**
 * The Step Functions back end: a pipeline (IR) to a Standard state machine in the JSONata query
 * language, an EventBridge Scheduler schedule and the IAM permissions the state machine needs.
 *
 * Shape of the state machine:
 *   Init (Pass: parameters, time zones) -> Init_times (Pass: scheduled start and end)
 *   -> the activities, ordered by the series-parallel form of the dependency graph (dag.ts)
 *   -> Done (Succeed)
 * Each activity is: precondition poll loops, the task (Retry = maximumRetries at retryDelay,
 * TimeoutSeconds = attemptTimeout, Catch -> onFail actions -> Fail), then the onSuccess actions.
 * An EmrCluster is created before the first activity that runs on it and terminated after the
 * last one, and also on every failure path (a Parallel of one branch whose Catch terminates it).
 *
 * Run-time settings that a Data Pipeline definition does not carry (the ECS cluster and task
 * definition for shell commands, the Redshift workgroup or cluster, the EventBridge Scheduler role)
 * come from the execution input's `runtime` object, merged over `EmitAslOptions.runtime`.
 */
import type { FieldIR, LiteralIR, ObjectIR, PipelineIR, ValueIR } from "../../ir/ir.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Span } from "../../source/source.ts";
import { aslDiagnostic, type AslCode } from "./codes.ts";
import { toSeriesParallel, type SPTree } from "./dag.ts";
import { jstr, translateValue, type JExpr, type JsonataOptions } from "./jsonata.ts";
import { StateNames } from "./names.ts";
import { buildSchedule, periodMillis, type AslSchedule } from "./schedule.ts";
import type { ExprScope } from "../../expr-eval/scope.ts";

export type { AslSchedule } from "./schedule.ts";

export interface EmitAslOptions {
  /** Defaults for the execution input's `runtime` object (ECS, Redshift, Scheduler settings). */
  readonly runtime?: Readonly<Record<string, unknown>>;
  /** Years covered by time-zone tables (default 1970-2100). */
  readonly zoneYears?: readonly [number, number];
}

export interface IamStatement {
  readonly sid: string;
  readonly effect: "Allow";
  readonly actions: readonly string[];
  readonly resources: readonly string[];
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
 * - `explain`: graph quality; `diagnostics`: PIPE52xx findings (errors mean no definition).
 */
export interface AslResult {
  readonly definition: Readonly<Record<string, unknown>> | undefined;
  readonly text: string | undefined;
  readonly schedule: AslSchedule | undefined;
  readonly iam: { readonly statements: readonly IamStatement[] };
  readonly explain: AslExplain;
  readonly diagnostics: readonly Diagnostic[];
}

type State = Record<string, unknown>;
type States = Record<string, State>;

const ACTIVITY_TYPES = new Set(["CopyActivity", "EmrActivity", "HadoopActivity", "HiveActivity", "HiveCopyActivity", "PigActivity", "RedshiftCopyActivity", "ShellCommandActivity", "SqlActivity"]);

/** Fields every activity may carry that this back end maps or that do not change what runs. */
const COMMON_FIELDS = new Set([
  "dependsOn", "input", "output", "precondition", "runsOn", "onFail", "onSuccess", "onLateAction", "lateAfterTimeout",
  "maximumRetries", "retryDelay", "attemptTimeout", "schedule", "scheduleType", "parent", "failureAndRerunMode",
  "pipelineLogUri", "role", "resourceRole", "description", "maxActiveInstances", "reportProgressTimeout", "workerGroup",
]);

const TYPE_FIELDS: Record<string, readonly string[]> = {
  ShellCommandActivity: ["command", "scriptUri", "scriptArgument", "stage", "stdout", "stderr"],
  CopyActivity: [],
  EmrActivity: ["step"],
  HadoopActivity: ["jarUri", "mainClass", "argument"],
  HiveActivity: ["hiveScript", "scriptUri", "scriptVariable", "stage", "generatedScriptsPath"],
  PigActivity: ["script", "scriptUri", "scriptVariable", "stage", "generatedScriptsPath"],
  RedshiftCopyActivity: ["insertMode", "commandOptions"],
  SqlActivity: ["script", "scriptUri", "scriptArgument", "database"],
};

/**
 * Shell prelude for SQL in an ECS task: finds the endpoint (RDS instance or JDBC URL) and defines
 * `sql_query TEXT`, which prints result rows tab-separated without a header (mysql or psql).
 */
const SQL_CLIENT = [
  "set -eu",
  "if (set -o pipefail) 2>/dev/null; then set -o pipefail; fi",
  'if [ -n "${PIPEC_DB_INSTANCE:-}" ]; then',
  '  set -- $(aws rds describe-db-instances --db-instance-identifier "$PIPEC_DB_INSTANCE" --query "DBInstances[0].[Endpoint.Address,Endpoint.Port,Engine]" --output text)',
  '  host=$1; port=$2; engine=$3',
  "else",
  '  engine=$(printf %s "$PIPEC_DB_URL" | sed -E "s#^jdbc:([a-z]+)://.*#\\1#")',
  '  host=$(printf %s "$PIPEC_DB_URL" | sed -E "s#^jdbc:[a-z]+://([^:/]+).*#\\1#")',
  '  port=$(printf %s "$PIPEC_DB_URL" | sed -nE "s#^jdbc:[a-z]+://[^:/]+:([0-9]+).*#\\1#p")',
  '  db=$(printf %s "$PIPEC_DB_URL" | sed -nE "s#^jdbc:[a-z]+://[^/]+/([^?;]+).*#\\1#p"); PIPEC_DB_NAME=${PIPEC_DB_NAME:-$db}',
  "fi",
  'case "$engine" in',
  '  *postgres*) export PGPASSWORD="${PIPEC_DB_PASSWORD:-}"; sql_query() { psql -h "$host" -p "${port:-5432}" -U "${PIPEC_DB_USER:-}" -d "${PIPEC_DB_NAME:-postgres}" -v ON_ERROR_STOP=1 -At -F "$(printf "\\t")" -c "$1"; } ;;',
  '  *) export MYSQL_PWD="${PIPEC_DB_PASSWORD:-}"; sql_query() { mysql -h "$host" -P "${port:-3306}" -u "${PIPEC_DB_USER:-}" ${PIPEC_DB_NAME:+"$PIPEC_DB_NAME"} --batch --skip-column-names -e "$1"; } ;;',
  "esac",
].join("\n");

/** Cluster sizing hints: ignored with a warning. */
const SIZING_FIELDS = new Set(["resizeClusterBeforeRunning", "resizeClusterMaxInstances"]);

const ECS_ARN = "arn:aws:states:::ecs:runTask.sync";
const SNS_ARN = "arn:aws:states:::sns:publish";

export function emitAsl(pipeline: PipelineIR, options: EmitAslOptions = {}): AslResult {
  return new Emitter(pipeline, options).run();
}

class Emitter {
  private readonly p: PipelineIR;
  private readonly options: EmitAslOptions;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly names = new StateNames();
  private readonly zoneTables = new Map<string, unknown>();
  private jopts: JsonataOptions;
  private readonly iam = new Map<string, { actions: Set<string>; resources: Set<string> }>();
  private readonly clusterVar = new Map<string, string>();

  constructor(p: PipelineIR, options: EmitAslOptions) {
    this.p = p;
    this.options = options;
    const paramTypes = new Map(p.parameters.map((x) => [x.id, x.type]));
    this.jopts = { zoneTables: this.zoneTables, zoneYears: options.zoneYears, paramTypes };
    for (const n of ["Init", "Init_times", "Check_parameters", "Invalid_parameters", "Done", "Failed"]) this.names.reserve(n);
  }

  /** Reports a finding once: an action or precondition shared by many activities is mapped for each. */
  private error(code: AslCode, span: Span, message: string, hint?: string): void {
    const seen = this.diagnostics.some((d) => d.code === code && d.span.start === span.start && d.span.end === span.end && d.message === message);
    if (!seen) this.diagnostics.push(aslDiagnostic(code, this.p.file, span, message, hint));
  }

  private allow(sid: string, actions: readonly string[], resources: readonly string[]): void {
    let s = this.iam.get(sid);
    if (!s) this.iam.set(sid, (s = { actions: new Set(), resources: new Set() }));
    for (const a of actions) s.actions.add(a);
    for (const r of resources) s.resources.add(r);
  }

  // ---- field access ----------------------------------------------------------------------------

  private field(o: ObjectIR, key: string): FieldIR | undefined {
    return o.effective.get(key)?.field;
  }

  private refs(o: ObjectIR, key: string): ObjectIR[] {
    const f = this.field(o, key);
    if (!f) return [];
    const out: ObjectIR[] = [];
    for (const v of f.values) if (v.kind === "ref") {
      const t = this.p.byId.get(v.id);
      if (t) out.push(t);
    }
    return out;
  }

  private literal(o: ObjectIR, key: string): LiteralIR | undefined {
    const v = this.field(o, key)?.values[0];
    return v?.kind === "literal" ? v : undefined;
  }

  private seconds(o: ObjectIR, key: string): number | undefined {
    const l = this.literal(o, key);
    if (!l) return undefined;
    if (l.literal.type === "period") return Math.round(periodMillis(l.literal.count, l.literal.unit) / 1000);
    const m = /^\s*(\d+)\s*(second|minute|hour|day|week|month|year)s?\s*$/i.exec(l.text);
    if (m) return Math.round(periodMillis(Number(m[1]), m[2]!.toLowerCase() as "minute") / 1000) || Number(m[1]);
    return undefined;
  }

  private integer(o: ObjectIR, key: string): number | undefined {
    const l = this.literal(o, key);
    if (!l) return undefined;
    const n = l.literal.type === "number" ? l.literal.value : Number(l.text);
    return Number.isInteger(n) ? n : undefined;
  }

  /** A field value as an ASL value: plain text, or a `{% %}` JSONata string. */
  private value(v: ValueIR, scope: ExprScope, what: string, span: Span): string | undefined {
    const t = translateValue(v, scope, this.jopts);
    if (!t.ok) {
      this.error("PIPE5202", span, `${what}: ${t.message}`);
      return undefined;
    }
    return "literal" in t.value ? plain(t.value.literal) : `{% ${t.value.jsonata} %}`;
  }

  /** The JSONata (without delimiters) of a field value. */
  private jsonata(v: ValueIR, scope: ExprScope, what: string, span: Span): string | undefined {
    const t = translateValue(v, scope, this.jopts);
    if (!t.ok) {
      this.error("PIPE5202", span, `${what}: ${t.message}`);
      return undefined;
    }
    return "literal" in t.value ? jstr(t.value.literal) : `(${t.value.jsonata})`;
  }

  private fieldValue(o: ObjectIR, key: string, scope?: ExprScope): string | undefined {
    const f = this.field(o, key);
    if (!f || f.values.length === 0) return undefined;
    return this.value(f.values[0]!, scope ?? this.scope(o), `'${o.id}.${key}'`, f.span);
  }

  private fieldJsonata(o: ObjectIR, key: string, scope?: ExprScope): string | undefined {
    const f = this.field(o, key);
    if (!f || f.values.length === 0) return undefined;
    return this.jsonata(f.values[0]!, scope ?? this.scope(o), `'${o.id}.${key}'`, f.span);
  }

  /** `next`, or (at the end of a Parallel branch) a new Pass state that ends the branch. */
  private endTarget(states: States, next: string | undefined, base: string): string {
    if (next !== undefined) return next;
    const name = this.names.take(`${base}_end`);
    states[name] = { Type: "Pass", End: true };
    return name;
  }

  private scope(o: ObjectIR, node?: ObjectIR): ExprScope {
    return { pipeline: this.p, object: o, node };
  }

  // ---- main ------------------------------------------------------------------------------------

  run(): AslResult {
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
    for (const [a, b] of sp.cycleEdges) this.error("PIPE5210", this.p.byId.get(b)?.idSpan ?? this.p.nameSpan, `'${b}' and '${a}' depend on each other in a cycle`);
    if (sp.falseOrderings.length > 0) {
      this.diagnostics.push(aslDiagnostic("PIPE5208", this.p.file, this.p.nameSpan, `the dependency graph is not series-parallel: the state machine runs ${sp.falseOrderings.map(([a, b]) => `'${a}' before '${b}'`).join(", ")} although the pipeline does not require it (critical path ${sp.criticalPath.tree} instead of ${sp.criticalPath.dag})`));
    }
    const explain: AslExplain = {
      criticalPath: { dag: sp.criticalPath.dag, stateMachine: sp.criticalPath.tree, ratio: sp.criticalPath.ratio },
      falseOrderings: sp.falseOrderings,
      tree: sp.tree,
    };

    for (const o of this.p.objects) this.checkResource(o);
    const schedule = buildSchedule(this.p, (code, span, msg) => this.error(code, span, msg));

    const states: States = {};
    // Group activities per EMR cluster so that the cluster wraps the part of the tree that uses it.
    const tree = this.wrapClusters(sp.tree, activities);
    const first = activities.length === 0 ? "Done" : this.emitTree(tree, states, "Done");
    this.emitInit(states, first, schedule);
    states.Done = { Type: "Succeed" };

    const definition: Record<string, unknown> = {
      Comment: `${this.p.name}${this.p.description ? `: ${this.p.description}` : ""} (compiled by pipec from ${this.p.file.split(/[\\/]/).pop()})`,
      QueryLanguage: "JSONata",
      StartAt: "Init",
      States: orderStates(states),
    };
    const statements = [...this.iam.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sid, s]) => ({ sid, effect: "Allow" as const, actions: [...s.actions].sort(), resources: [...s.resources].sort() }));
    const text = `${JSON.stringify(definition, null, 2)}\n`;
    this.checkQuotas(definition, text);
    const failed = this.diagnostics.some((d) => d.severity === "error");
    return {
      definition: failed ? undefined : definition,
      text: failed ? undefined : text,
      schedule: failed ? undefined : schedule,
      iam: { statements },
      explain,
      diagnostics: this.diagnostics,
    };
  }

  private checkQuotas(def: Record<string, unknown>, text: string): void {
    const bytes = Buffer.byteLength(JSON.stringify(def), "utf8");
    if (bytes > 1_000_000) this.error("PIPE5209", this.p.nameSpan, `the state machine definition is ${bytes} bytes; Step Functions accepts at most 1 MB`);
    const walk = (states: States): void => {
      for (const [name, s] of Object.entries(states)) {
        if (name.length > 80 || !/^[A-Za-z0-9_-]+$/.test(name)) this.error("PIPE5209", this.p.nameSpan, `state name '${name}' is not 1-80 characters of [A-Za-z0-9_-]`);
        for (const b of (s.Branches as { States: States }[] | undefined) ?? []) walk(b.States);
      }
    };
    walk(def.States as States);
  }

  private emitInit(states: States, first: string, schedule: AslSchedule | undefined): void {
    const defaults: Record<string, string | string[]> = {};
    for (const p of this.p.parameters) if (p.default !== undefined) defaults[p.id] = typeof p.default === "string" ? p.default : [...p.default];
    const runtime = { ...(this.options.runtime ?? {}) };
    const assign: Record<string, unknown> = {
      params: `{% $merge([${JSON.stringify(defaults).replace(/%/g, "\\u0025")}, $exists($states.input.parameters) ? $states.input.parameters : {}]) %}`,
      runtime: `{% $merge([${JSON.stringify(runtime).replace(/%/g, "\\u0025")}, $exists($states.input.runtime) ? $states.input.runtime : {}]) %}`,
    };
    for (const [k, v] of [...this.zoneTables.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) assign[k] = v;
    states.Init = { Type: "Pass", Comment: "Parameters (execution input over defaults) and run-time settings", Assign: assign, Next: "Init_times" };
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
      .filter((x) => x.allowedValues && x.allowedValues.length > 0)
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

  // ---- tree ------------------------------------------------------------------------------------

  private wrapClusters(tree: SPTree, activities: readonly ObjectIR[]): XTree {
    let x: XTree = tree;
    const byCluster = new Map<string, Set<string>>();
    for (const a of activities) {
      for (const r of this.refs(a, "runsOn")) if (r.type === "EmrCluster") {
        let s = byCluster.get(r.id);
        if (!s) byCluster.set(r.id, (s = new Set()));
        s.add(a.id);
      }
    }
    for (const [cluster, users] of [...byCluster.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) x = wrap(x, cluster, users);
    return x;
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
        const name = this.names.take(`Parallel_${treeIds(t).slice(0, 3).join("_")}`);
        const branches = t.children.map((c) => {
          const bs: States = {};
          const start = this.emitTree(c, bs, undefined);
          return { StartAt: start, States: orderStates(bs) };
        });
        states[name] = { Type: "Parallel", Branches: branches, Output: "{% $states.input %}", ...link(next) };
        return name;
      }
      case "cluster":
        return this.emitCluster(t, states, next);
    }
  }

  private emitCluster(t: Extract<XTree, { kind: "cluster" }>, states: States, next: string | undefined): string {
    const cluster = this.p.byId.get(t.id)!;
    const v = `cluster_${t.id.replace(/[^A-Za-z0-9_]/g, "_")}`;
    this.clusterVar.set(t.id, v);
    const create = this.names.take(`${t.id}_create`);
    const run = this.names.take(`${t.id}_run`);
    const term = this.names.take(`${t.id}_terminate`);
    const termFail = this.names.take(`${t.id}_terminate_on_failure`);
    const failed = this.names.take(`${t.id}_failed`);
    const bs: States = {};
    const start = this.emitTree(t.child, bs, undefined);
    const clusterArgs = this.clusterArguments(cluster);
    states[create] = {
      Type: "Task",
      Comment: `EmrCluster ${t.id}: created before the first activity that runs on it`,
      Resource: "arn:aws:states:::elasticmapreduce:createCluster.sync",
      Arguments: clusterArgs,
      Assign: { [v]: "{% $states.result.ClusterId %}" },
      Output: "{% $states.input %}",
      Next: run,
    };
    states[run] = {
      Type: "Parallel",
      Comment: `Activities on ${t.id}; any failure terminates the cluster first`,
      Branches: [{ StartAt: start, States: orderStates(bs) }],
      Output: "{% $states.input %}",
      Catch: [{ ErrorEquals: ["States.ALL"], Next: termFail, Output: "{% $states.errorOutput %}" }],
      Next: term,
    };
    const terminate = (nextState: Record<string, unknown>): State => ({
      Type: "Task",
      Resource: "arn:aws:states:::elasticmapreduce:terminateCluster.sync",
      Arguments: { ClusterId: `{% $${v} %}` },
      Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 30, MaxAttempts: 5, BackoffRate: 2 }],
      Output: "{% $states.input %}",
      ...nextState,
    });
    states[term] = terminate(link(next));
    states[termFail] = { ...terminate({ Next: failed }), Catch: [{ ErrorEquals: ["States.ALL"], Next: failed }] };
    states[failed] = { Type: "Fail", Error: "ActivityFailed", Cause: `an activity on ${t.id} failed; the cluster was terminated` };
    this.allow("Emr", ["elasticmapreduce:RunJobFlow", "elasticmapreduce:DescribeCluster", "elasticmapreduce:TerminateJobFlows", "elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:DescribeStep", "elasticmapreduce:CancelSteps"], ["*"]);
    this.allow("EmrPassRole", ["iam:PassRole"], ["*"]);
    this.allow("SyncRules", ["events:PutTargets", "events:PutRule", "events:DescribeRule"], ["arn:aws:events:*:*:rule/StepFunctions*"]);
    return create;
  }

  private clusterArguments(c: ObjectIR): Record<string, unknown> {
    const s = this.scope(c);
    const val = (k: string) => this.fieldValue(c, k, s);
    const instances: Record<string, unknown> = { KeepJobFlowAliveWhenNoSteps: true };
    const groups: Record<string, unknown>[] = [];
    const master = val("masterInstanceType") ?? "m5.xlarge";
    groups.push({ InstanceRole: "MASTER", InstanceType: master, InstanceCount: 1 });
    const coreCount = this.integer(c, "coreInstanceCount") ?? 1;
    if (coreCount > 0) groups.push({ InstanceRole: "CORE", InstanceType: val("coreInstanceType") ?? master, InstanceCount: coreCount });
    const taskCount = this.integer(c, "taskInstanceCount") ?? 0;
    if (taskCount > 0) groups.push({ InstanceRole: "TASK", InstanceType: val("taskInstanceType") ?? master, InstanceCount: taskCount });
    instances.InstanceGroups = groups;
    const subnet = val("subnetId");
    if (subnet) instances.Ec2SubnetId = subnet;
    const key = val("keyPair");
    if (key) instances.Ec2KeyName = key;
    const args: Record<string, unknown> = {
      Name: `{% ${jstr(`${this.p.name}-${c.id}-`)} & $states.context.Execution.Name %}`,
      ReleaseLabel: val("releaseLabel") ?? "emr-6.15.0",
      Applications: (this.field(c, "applications")?.values ?? []).map((v) => ({ Name: v.kind === "literal" ? v.text : "" })).filter((a) => a.Name),
      ServiceRole: val("role") ?? "EMR_DefaultRole",
      JobFlowRole: val("resourceRole") ?? "EMR_EC2_DefaultRole",
      Instances: instances,
      StepConcurrencyLevel: 10,
      VisibleToAllUsers: true,
    };
    if ((args.Applications as unknown[]).length === 0) args.Applications = [{ Name: "Hadoop" }, { Name: "Hive" }, { Name: "Pig" }];
    const log = val("emrLogUri") ?? val("pipelineLogUri");
    if (log) args.LogUri = log;
    const idle = this.seconds(c, "terminateAfter");
    if (idle) args.AutoTerminationPolicy = { IdleTimeout: Math.max(60, Math.min(604800, idle)) };
    return args;
  }

  // ---- activities ------------------------------------------------------------------------------

  /** Emits one activity's chain of states before `next`; returns its first state. */
  private emitActivity(a: ObjectIR, states: States, next: string | undefined): string {
    const name = this.names.take(a.id);
    this.checkFields(a);
    const chain: ((n: string | undefined) => string)[] = [];
    // Preconditions: the activity's own, then those of its input data nodes.
    const preconds: { pre: ObjectIR; node: ObjectIR }[] = this.refs(a, "precondition").map((pre) => ({ pre, node: a }));
    for (const input of this.refs(a, "input")) for (const pre of this.refs(input, "precondition")) preconds.push({ pre, node: input });
    for (const { pre, node } of preconds) chain.push((n) => this.emitPrecondition(pre, node, a, states, n));

    // onLateAction: a one-time EventBridge schedule armed before the activity, deleted after it.
    const late = this.refs(a, "onLateAction");
    const lateAfter = this.seconds(a, "lateAfterTimeout");
    const lateSchedule = late.length > 0 && lateAfter !== undefined ? this.names.take(`${a.id}_late_alarm`) : undefined;
    if (late.length > 0 && lateAfter === undefined) this.error("PIPE5204", this.field(a, "onLateAction")!.span, `'${a.id}' has onLateAction but no lateAfterTimeout period`);
    if (lateSchedule) chain.push((n) => this.emitLateArm(a, late, lateAfter!, lateSchedule, states, n));

    chain.push((n) => {
      const failNames = this.emitFailure(a, states, lateSchedule);
      const before = this.diagnostics.filter((d) => d.severity === "error").length;
      const task = this.activityTask(a, name, states, failNames);
      if (!task && this.diagnostics.filter((d) => d.severity === "error").length === before) {
        // Never drop an activity silently.
        this.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' could not be compiled to Step Functions with its current fields`);
      }
      if (!task) {
        states[name] = { Type: "Pass", Comment: "not mapped (see diagnostics)", ...link(n) };
        return name;
      }
      // onSuccess actions, then disarm the late alarm.
      let after = n;
      if (lateSchedule) after = this.emitLateDisarm(a, lateSchedule, states, after);
      const success = this.refs(a, "onSuccess");
      for (let i = success.length - 1; i >= 0; i--) after = this.emitAction(success[i]!, a, `${a.id}_onSuccess`, states, after);
      for (const s of task.states) Object.assign(states, s);
      states[task.last] = { ...states[task.last], ...link(after) };
      return task.first;
    });
    let n = next;
    for (let i = chain.length - 1; i >= 0; i--) n = chain[i]!(n);
    return n!;
  }

  private retry(a: ObjectIR): Record<string, unknown>[] {
    const max = this.integer(a, "maximumRetries") ?? 2;
    if (max <= 0) return [];
    const delay = this.seconds(a, "retryDelay") ?? 600;
    return [{ ErrorEquals: ["States.ALL"], IntervalSeconds: Math.max(1, delay), MaxAttempts: max, BackoffRate: 1 }];
  }

  /** The task fields common to every activity: retries, attempt timeout, failure catch. */
  private taskCommon(a: ObjectIR, fail: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const timeout = this.seconds(a, "attemptTimeout");
    if (timeout !== undefined) out.TimeoutSeconds = Math.max(1, timeout);
    const retry = this.retry(a);
    if (retry.length) out.Retry = retry;
    out.Catch = [{ ErrorEquals: ["States.ALL"], Next: fail, Output: "{% $states.errorOutput %}" }];
    return out;
  }

  /** The failure path of an activity: disarm the late alarm, onFail actions, then Fail. Returns its first state. */
  private emitFailure(a: ObjectIR, states: States, lateSchedule: string | undefined): string {
    const failed = this.names.take(`${a.id}_failed`);
    states[failed] = { Type: "Fail", Error: "ActivityFailed", Cause: `activity ${a.id} failed after its last attempt` };
    let n: string = failed;
    const onFail = this.refs(a, "onFail");
    for (let i = onFail.length - 1; i >= 0; i--) n = this.emitAction(onFail[i]!, a, `${a.id}_onFail`, states, n);
    if (lateSchedule) n = this.emitLateDisarm(a, lateSchedule, states, n);
    return n;
  }

  /** An SnsAlarm or Terminate action; returns the first state. */
  private emitAction(action: ObjectIR, node: ObjectIR, base: string, states: States, next: string | undefined): string {
    if (action.type === "Terminate") {
      const name = this.names.take(`${base}_${action.id}`);
      states[name] = { Type: "Fail", Error: "PipelineTerminated", Cause: `Terminate action ${action.id} on ${node.id}` };
      return name;
    }
    if (action.type !== "SnsAlarm") {
      this.error("PIPE5204", action.idSpan, `action '${action.id}' (${action.type ?? "no type"}) has no Step Functions mapping; use SnsAlarm or Terminate`);
      return this.endTarget(states, next, base);
    }
    const name = this.names.take(`${base}_${action.id}`);
    const after = this.endTarget(states, next, name);
    const s = this.scope(action, node);
    const failure = base.endsWith("_onFail");
    const saved = this.jopts;
    this.jopts = { ...saved, runtimeSlots: actionSlots(failure ? "FAILED" : "FINISHED", failure) };
    const topic = this.fieldValue(action, "topicArn", s);
    const subject = this.fieldValue(action, "subject", s);
    const message = this.fieldValue(action, "message", s);
    this.jopts = saved;
    const args: Record<string, unknown> = { TopicArn: topic ?? "" };
    if (subject !== undefined) args.Subject = subject;
    args.Message = message ?? `${node.id}`;
    states[name] = {
      Type: "Task",
      Comment: `SnsAlarm ${action.id} for ${node.id}`,
      Resource: SNS_ARN,
      Arguments: args,
      Output: "{% $states.input %}",
      Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 2 }],
      // A failing alarm must not hide the activity's own outcome.
      Catch: [{ ErrorEquals: ["States.ALL"], Next: after, Output: "{% $states.input %}" }],
      Next: after,
    };
    this.allow("SnsPublish", ["sns:Publish"], [topic && !topic.startsWith("{%") ? topic : "*"]);
    return name;
  }

  private emitLateArm(a: ObjectIR, actions: readonly ObjectIR[], lateAfter: number, name: string, states: States, next: string | undefined): string {
    const sns = actions.filter((x) => x.type === "SnsAlarm");
    for (const x of actions) if (x.type !== "SnsAlarm") this.error("PIPE5204", x.idSpan, `onLateAction '${x.id}' of '${a.id}' is ${x.type ?? "untyped"}; only SnsAlarm can be sent late from Step Functions`);
    const alarm = sns[0];
    if (!alarm) return this.endTarget(states, next, name);
    if (sns.length > 1) this.error("PIPE5204", alarm.idSpan, `'${a.id}' has ${sns.length} onLateAction alarms; Step Functions sends one`);
    const s = this.scope(alarm, a);
    const saved = this.jopts;
    this.jopts = { ...saved, runtimeSlots: actionSlots("RUNNING", false) };
    const topic = this.fieldJsonata(alarm, "topicArn", s) ?? "''";
    const subject = this.fieldJsonata(alarm, "subject", s);
    const message = this.fieldJsonata(alarm, "message", s) ?? jstr(`${a.id} is late`);
    this.jopts = saved;
    const input = `$string({'TopicArn': ${topic}, 'Message': ${message}${subject ? `, 'Subject': ${subject}` : ""}})`;
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
    this.allow("LateAlarms", ["scheduler:CreateSchedule", "scheduler:DeleteSchedule"], ["*"]);
    this.allow("SchedulerPassRole", ["iam:PassRole"], ["*"]);
    return name;
  }

  private emitLateDisarm(a: ObjectIR, arm: string, states: States, next: string | undefined): string {
    const name = this.names.take(`${arm}_delete`);
    const after = this.endTarget(states, next, name);
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

  /** Emits a precondition poll loop before `next`; returns its first state. */
  private emitPrecondition(pre: ObjectIR, node: ObjectIR, activity: ObjectIR, states: States, next: string | undefined): string {
    const s = this.scope(pre, node);
    const base = `${activity.id}_${pre.id}`;
    const init = this.names.take(`${base}_start`);
    const check = this.names.take(`${base}_check`);
    const decide = this.names.take(`${base}_satisfied`);
    const wait = this.names.take(`${base}_wait`);
    const timedOut = this.names.take(`${base}_timed_out`);
    const counter = `polls_${check.replace(/[^A-Za-z0-9_]/g, "_")}`;
    const okVar = `ok_${check.replace(/[^A-Za-z0-9_]/g, "_")}`;
    const delay = Math.max(1, this.seconds(pre, "retryDelay") ?? 600);
    const timeout = this.seconds(pre, "preconditionTimeout");
    const maxPolls = timeout !== undefined ? Math.max(1, Math.ceil(timeout / delay)) : Math.min(1000, Math.max(1, ((this.integer(pre, "maximumRetries") ?? 1000) + 1)));
    let task: State | undefined;
    let ok = "";
    switch (pre.type) {
      case "S3KeyExists":
      case "S3PrefixNotEmpty": {
        const key = pre.type === "S3KeyExists" ? this.fieldJsonata(pre, "s3Key", s) : this.fieldJsonata(pre, "s3Prefix", s);
        if (!key) break;
        const bucket = `$substringBefore($substringAfter(${key}, 's3://'), '/')`;
        const prefix = `$substringAfter($substringAfter(${key}, 's3://'), '/')`;
        task = {
          Resource: "arn:aws:states:::aws-sdk:s3:listObjectsV2",
          Arguments: { Bucket: `{% ${bucket} %}`, Prefix: `{% ${prefix} %}`, MaxKeys: pre.type === "S3KeyExists" ? 10 : 1 },
        };
        ok = pre.type === "S3KeyExists" ? `$count($states.result.Contents[Key = ${prefix}]) > 0` : "$states.result.KeyCount > 0";
        this.allow("S3Preconditions", ["s3:ListBucket"], ["*"]);
        break;
      }
      case "DynamoDBTableExists":
      case "DynamoDBDataExists": {
        const table = this.fieldValue(pre, "tableName", s);
        if (!table) break;
        if (pre.type === "DynamoDBTableExists") {
          task = { Resource: "arn:aws:states:::aws-sdk:dynamodb:describeTable", Arguments: { TableName: table } };
          ok = "$states.result.Table.TableStatus = 'ACTIVE'";
        } else {
          task = { Resource: "arn:aws:states:::aws-sdk:dynamodb:scan", Arguments: { TableName: table, Limit: 1 } };
          ok = "$states.result.Count > 0";
        }
        this.allow("DynamoDbPreconditions", ["dynamodb:DescribeTable", "dynamodb:Scan"], ["*"]);
        break;
      }
      case "ShellCommandPrecondition": {
        const cmd = this.shellCommand(pre, s);
        if (!cmd) break;
        task = { Resource: ECS_ARN, Arguments: this.ecsArguments(cmd) };
        ok = "true";
        this.allowEcs();
        break;
      }
      default:
        this.error("PIPE5203", pre.idSpan, `precondition '${pre.id}' (${pre.type ?? "no type"}) of '${node.id}' has no Step Functions poll loop; use S3KeyExists, S3PrefixNotEmpty, DynamoDBTableExists, DynamoDBDataExists or ShellCommandPrecondition`);
        return this.endTarget(states, next, base);
    }
    if (!task) {
      this.error("PIPE5203", pre.idSpan, `precondition '${pre.id}' of '${node.id}' lacks the field it checks`);
      return this.endTarget(states, next, base);
    }
    states[init] = { Type: "Pass", Comment: `precondition ${pre.id} on ${node.id}: poll every ${delay} s, at most ${maxPolls} times`, Assign: { [counter]: 0 }, Next: check };
    // A failing check (missing table, non-zero exit) counts as "not yet".
    states[check] = {
      Type: "Task",
      ...task,
      Assign: { [counter]: `{% $${counter} + 1 %}`, [okVar]: `{% ${ok} %}` },
      Output: "{% $states.input %}",
      Catch: [{ ErrorEquals: ["States.ALL"], Next: decide, Assign: { [counter]: `{% $${counter} + 1 %}`, [okVar]: false }, Output: "{% $states.input %}" }],
      Next: decide,
    };
    states[decide] = {
      Type: "Choice",
      Choices: [
        { Condition: `{% $not($${okVar}) and $${counter} < ${maxPolls} %}`, Next: wait },
        { Condition: `{% $not($${okVar}) %}`, Next: timedOut },
      ],
      Default: this.endTarget(states, next, base),
    };
    states[wait] = { Type: "Wait", Seconds: delay, Next: check };
    states[timedOut] = { Type: "Fail", Error: "PreconditionTimedOut", Cause: `precondition ${pre.id} on ${node.id} was not met after ${maxPolls} checks` };
    return init;
  }

  private allowEcs(): void {
    this.allow("EcsTasks", ["ecs:RunTask", "ecs:StopTask", "ecs:DescribeTasks"], ["*"]);
    this.allow("EcsPassRole", ["iam:PassRole"], ["*"]);
    this.allow("SyncRules", ["events:PutTargets", "events:PutRule", "events:DescribeRule"], ["arn:aws:events:*:*:rule/StepFunctions*"]);
  }

  private ecsArguments(command: string, environment?: Record<string, string>): Record<string, unknown> {
    const override: Record<string, unknown> = { Name: "{% $runtime.shellContainer %}", Command: ["sh", "-c", command] };
    if (environment) override.Environment = Object.entries(environment).map(([Name, Value]) => ({ Name, Value }));
    return {
      LaunchType: "FARGATE",
      Cluster: "{% $runtime.ecsCluster %}",
      TaskDefinition: "{% $runtime.shellTaskDefinition %}",
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: "{% $runtime.subnets %}", SecurityGroups: "{% $runtime.securityGroups %}", AssignPublicIp: "DISABLED" } },
      Overrides: { ContainerOverrides: [override] },
    };
  }

  /** The shell text of a ShellCommandActivity / ShellCommandPrecondition (`command` or `scriptUri` + arguments), as an ASL value. */
  private shellCommand(o: ObjectIR, s: ExprScope): string | undefined {
    const parts: string[] = [];
    if (this.field(o, "command") === undefined && this.field(o, "scriptUri") === undefined) {
      this.error("PIPE5201", o.idSpan, `'${o.id}' has neither command nor scriptUri`);
      return undefined;
    }
    const command = this.fieldJsonata(o, "command", s);
    const uri = command === undefined ? this.fieldJsonata(o, "scriptUri", s) : undefined;
    if (command) parts.push(command);
    else if (uri) parts.push(`'f=$(mktemp) && aws s3 cp ' & ${shq(uri)} & ' "$f" && sh "$f"'`);
    else {
      // The field's expression could not be translated (already reported).
      return undefined;
    }
    const args = this.field(o, "scriptArgument");
    if (args) {
      // Arguments become the script's positional parameters ($1, $2, ...).
      const list = args.values.map((v) => this.jsonata(v, s, `'${o.id}.scriptArgument'`, args.span)).filter((x): x is string => x !== undefined);
      if (command) parts[0] = `'set -- ' & ${list.map(shq).join(" & ' ' & ")} & '\n' & ${parts[0]}`;
      else parts[0] = `${parts[0]} & ' ' & ${list.map(shq).join(" & ' ' & ")}`;
    }
    return toAslString(parts[0]!);
  }

  /** The main task of an activity: returns its states (the last one gets `Next`). */
  private activityTask(a: ObjectIR, name: string, states: States, fail: string): { first: string; last: string; states: States[] } | undefined {
    const s = this.scope(a);
    const common = this.taskCommon(a, fail);
    const runsOn = this.refs(a, "runsOn")[0];
    const single = (resource: string, args: Record<string, unknown>, comment: string, extra: Record<string, unknown> = {}) => ({
      first: name,
      last: name,
      states: [{ [name]: { Type: "Task", Comment: comment, Resource: resource, Arguments: args, Output: "{% $states.input %}", ...extra, ...common } }],
    });
    if (!runsOn && this.field(a, "workerGroup") && a.type !== "SqlActivity" && a.type !== "RedshiftCopyActivity") {
      this.error("PIPE5201", this.field(a, "workerGroup")!.span, `'${a.id}' runs on workerGroup '${this.literal(a, "workerGroup")?.text ?? "?"}' (Task Runner on your own hosts), which has no faithful Step Functions mapping; give it an Ec2Resource (it then runs as an ECS Fargate task)`);
      return undefined;
    }
    switch (a.type) {
      case "ShellCommandActivity": {
        const stage = this.literal(a, "stage")?.text === "true";
        let cmd = this.shellCommand(a, s);
        if (!cmd) return undefined;
        if (stage) {
          const staged = this.staging(a);
          if (!staged) return undefined;
          cmd = toAslString(`${staged.before} & ${fromAslString(cmd)} & ${staged.after}`);
        }
        if (runsOn?.type === "EmrCluster") {
          // Data Pipeline runs the command on the cluster's master node: an EMR step does the same.
          const v = this.clusterVar.get(runsOn.id);
          if (!v) return undefined;
          return single("arn:aws:states:::elasticmapreduce:addStep.sync", { ClusterId: `{% $${v} %}`, Step: { Name: a.id, ActionOnFailure: "CONTINUE", HadoopJarStep: { Jar: "command-runner.jar", Args: ["bash", "-c", cmd] } } }, `ShellCommandActivity ${a.id} as a step on ${runsOn.id}`);
        }
        if (runsOn && runsOn.type !== "Ec2Resource") {
          this.error("PIPE5201", a.idSpan, `ShellCommandActivity '${a.id}' runs on ${runsOn.type} '${runsOn.id}'; Step Functions runs shell commands as ECS Fargate tasks (runsOn an Ec2Resource)`);
          return undefined;
        }
        this.allowEcs();
        return single(ECS_ARN, this.ecsArguments(cmd), `ShellCommandActivity ${a.id} as an ECS Fargate task`);
      }
      case "CopyActivity": {
        const input = this.refs(a, "input")[0];
        const output = this.refs(a, "output")[0];
        if (input && output && (input.type === "SqlDataNode" || input.type === "MySqlDataNode") && output.type === "S3DataNode") {
          // SQL table to S3: the query runs in the ECS task with a SQL client, its rows go to S3.
          const db = this.refs(input, "database")[0];
          const table = this.fieldJsonata(input, "table");
          const query = this.fieldJsonata(input, "selectQuery") ?? (table ? `'select * from ' & ${table}` : undefined);
          const dst = this.s3Location(output);
          if (!db) this.error("PIPE5201", input.idSpan, `${input.type} '${input.id}' (input of '${a.id}') names no database; the compiler needs an RdsDatabase or JdbcDatabase to query it`);
          const conn = db ? this.sqlConnection(db, a) : undefined;
          if (!query || !dst || !conn) {
            if (!query) this.error("PIPE5201", input.idSpan, `SqlDataNode '${input.id}' has neither selectQuery nor table`);
            return undefined;
          }
          const csv = this.refs(output, "dataFormat")[0]?.type !== "TSV";
          const target = dst.directory ? `"$PIPEC_DEST"/${a.id}.${csv ? "csv" : "tsv"}` : `"$PIPEC_DEST"`;
          const script = `${SQL_CLIENT}\nsql_query "$PIPEC_SQL"${csv ? " | sed 's/\t/,/g'" : ""} | aws s3 cp - ${target}`;
          this.allowEcs();
          this.allow("RdsDescribe", ["rds:DescribeDBInstances"], ["*"]);
          return single(ECS_ARN, this.ecsArguments(plain(script), { ...conn, PIPEC_SQL: `{% ${query} %}`, PIPEC_DEST: `{% ${dst.path} %}` }), `CopyActivity ${a.id}: query with a SQL client in an ECS Fargate task, rows to S3`);
        }
        if (!input || !output || input.type !== "S3DataNode" || output.type !== "S3DataNode") {
          this.error("PIPE5201", a.idSpan, `CopyActivity '${a.id}' copies ${input?.type ?? "nothing"} to ${output?.type ?? "nothing"}; only S3DataNode to S3DataNode copies have a Step Functions mapping (use a Glue job for SQL sources)`);
          return undefined;
        }
        const src = this.s3Location(input);
        const dst = this.s3Location(output);
        if (!src || !dst) return undefined;
        const recursive = src.directory ? " --recursive" : "";
        this.allowEcs();
        return single(ECS_ARN, this.ecsArguments(toAslString(`'aws s3 cp${recursive} ' & ${shq(src.path)} & ' ' & ${shq(dst.path)}`)), `CopyActivity ${a.id}: aws s3 cp in an ECS Fargate task`);
      }
      case "EmrActivity":
      case "HadoopActivity":
      case "HiveActivity":
      case "PigActivity": {
        if (!runsOn || runsOn.type !== "EmrCluster") {
          this.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' must run on an EmrCluster to be compiled to Step Functions${runsOn ? ` (it runs on ${runsOn.type} '${runsOn.id}')` : ""}`);
          return undefined;
        }
        const v = this.clusterVar.get(runsOn.id);
        if (!v) return undefined;
        const steps = this.emrSteps(a, s);
        if (!steps || steps.length === 0) return undefined;
        const out: States[] = [];
        const names = steps.map((_, i) => (i === 0 ? name : this.names.take(`${a.id}_step${i + 1}`)));
        steps.forEach((step, i) => {
          out.push({
            [names[i]!]: {
              Type: "Task",
              Comment: `${a.type} ${a.id}${steps.length > 1 ? ` step ${i + 1} of ${steps.length}` : ""} on ${runsOn.id}`,
              Resource: "arn:aws:states:::elasticmapreduce:addStep.sync",
              Arguments: { ClusterId: `{% $${v} %}`, Step: { Name: `${a.id}${steps.length > 1 ? `-${i + 1}` : ""}`, ActionOnFailure: "CONTINUE", HadoopJarStep: step } },
              Output: "{% $states.input %}",
              ...common,
              ...(i < steps.length - 1 ? { Next: names[i + 1] } : {}),
            },
          });
        });
        return { first: names[0]!, last: names[names.length - 1]!, states: out };
      }
      case "SqlActivity": {
        const db = this.refs(a, "database")[0];
        if (db && (db.type === "RdsDatabase" || db.type === "JdbcDatabase")) {
          // SQL on RDS or over JDBC: a SQL client in an ECS task (Data Pipeline runs it on the Ec2Resource).
          if (this.field(a, "scriptArgument")) {
            this.error("PIPE5201", this.field(a, "scriptArgument")!.span, `SqlActivity '${a.id}' passes scriptArgument values to '?' placeholders, which a SQL client cannot bind; write the values into the script with expressions`);
            return undefined;
          }
          const conn = this.sqlConnection(db, a);
          const script = this.fieldJsonata(a, "script", s);
          const uri = script ? undefined : this.fieldJsonata(a, "scriptUri", s);
          if (!conn || (!script && !uri)) {
            if (!script && !uri && !this.field(a, "script") && !this.field(a, "scriptUri")) this.error("PIPE5201", a.idSpan, `SqlActivity '${a.id}' has neither script nor scriptUri`);
            return undefined;
          }
          const env: Record<string, string> = { ...conn };
          if (script) env.PIPEC_SQL = `{% ${script} %}`;
          else env.PIPEC_SQL_URI = `{% ${uri} %}`;
          const run = script ? `sql_query "$PIPEC_SQL"` : `sql_query "$(aws s3 cp "$PIPEC_SQL_URI" -)"`;
          this.allowEcs();
          this.allow("RdsDescribe", ["rds:DescribeDBInstances"], ["*"]);
          return single(ECS_ARN, this.ecsArguments(plain(`${SQL_CLIENT}\n${run}`), env), `SqlActivity ${a.id} with a SQL client in an ECS Fargate task`);
        }
        return this.redshift(a, name, s, common, states);
      }
      case "RedshiftCopyActivity":
        return this.redshift(a, name, s, common, states);
      default:
        this.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' has no Step Functions mapping`);
        return undefined;
    }
  }

  private staging(a: ObjectIR): { before: string; after: string } | undefined {
    let before = "'set -e\n'";
    let after = "''";
    const dirs: string[] = [];
    let i = 0;
    for (const input of this.refs(a, "input")) {
      i++;
      const loc = input.type === "S3DataNode" ? this.s3Location(input) : undefined;
      if (!loc) {
        this.error("PIPE5201", a.idSpan, `'${a.id}' stages input '${input.id}' (${input.type}); only S3DataNode inputs can be staged`);
        return undefined;
      }
      dirs.push(`INPUT${i}_STAGING_DIR`);
      before += ` & 'export INPUT${i}_STAGING_DIR=$(mktemp -d)\naws s3 cp${loc.directory ? " --recursive" : ""} ' & ${shq(loc.path)} & ' "$INPUT${i}_STAGING_DIR${loc.directory ? "" : "/"}"\n'`;
    }
    i = 0;
    for (const output of this.refs(a, "output")) {
      i++;
      const loc = output.type === "S3DataNode" ? this.s3Location(output) : undefined;
      if (!loc) {
        this.error("PIPE5201", a.idSpan, `'${a.id}' stages output '${output.id}' (${output.type}); only S3DataNode outputs can be staged`);
        return undefined;
      }
      before += ` & 'export OUTPUT${i}_STAGING_DIR=$(mktemp -d)\n'`;
      after += ` & '\naws s3 cp --recursive "$OUTPUT${i}_STAGING_DIR" ' & ${shq(loc.path)}`;
    }
    return { before, after };
  }

  private s3Location(node: ObjectIR): { path: string; directory: boolean } | undefined {
    const dir = this.fieldJsonata(node, "directoryPath");
    if (dir) return { path: dir, directory: true };
    const file = this.fieldJsonata(node, "filePath");
    if (file) return { path: file, directory: false };
    this.error("PIPE5201", node.idSpan, `S3DataNode '${node.id}' has neither directoryPath nor filePath`);
    return undefined;
  }

  private emrSteps(a: ObjectIR, s: ExprScope): Record<string, unknown>[] | undefined {
    switch (a.type) {
      case "EmrActivity": {
        const f = this.field(a, "step");
        if (!f) {
          this.error("PIPE5201", a.idSpan, `EmrActivity '${a.id}' has no step`);
          return undefined;
        }
        const out: Record<string, unknown>[] = [];
        for (const v of f.values) {
          if (v.kind !== "literal") {
            // A step with expressions: split at run time.
            const j = this.jsonata(v, s, `'${a.id}.step'`, f.span);
            if (!j) return undefined;
            out.push({ Jar: `{% $split(${j}, ',')[0] %}`, Args: `{% $split(${j}, ',')[[1..1000]] %}` });
            continue;
          }
          const [jar, ...args] = v.text.split(",");
          out.push({ Jar: jar!.trim(), Args: args.map((x) => x.trim()) });
        }
        return out;
      }
      case "HadoopActivity": {
        const jar = this.fieldValue(a, "jarUri", s);
        if (!jar) {
          this.error("PIPE5201", a.idSpan, `HadoopActivity '${a.id}' has no jarUri`);
          return undefined;
        }
        const step: Record<string, unknown> = { Jar: jar };
        const main = this.fieldValue(a, "mainClass", s);
        if (main) step.MainClass = main;
        const f = this.field(a, "argument");
        step.Args = (f?.values ?? []).map((v) => this.value(v, s, `'${a.id}.argument'`, f!.span) ?? "");
        return [step];
      }
      case "HiveActivity":
      case "PigActivity": {
        const kind = a.type === "HiveActivity" ? "hive" : "pig";
        const staged = this.literal(a, "stage")?.text !== "false" && (this.field(a, "input") || this.field(a, "output"));
        let pre: Record<string, unknown>[] = [];
        let stageVars: string[] = [];
        if (staged && kind === "hive") {
          const st = this.hiveStaging(a);
          if (!st) return undefined;
          pre = [st.step];
          stageVars = st.vars;
        } else if (staged) {
          this.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' uses staged input/output tables (\${input1}, \${output1}); Step Functions does not create them. Set stage = false and read the data nodes' paths in the script`);
          return undefined;
        }
        const uri = this.fieldValue(a, "scriptUri", s);
        const inline = this.fieldValue(a, kind === "hive" ? "hiveScript" : "script", s);
        const vars = (this.field(a, "scriptVariable")?.values ?? []).flatMap((v) => ["-d", this.value(v, s, `'${a.id}.scriptVariable'`, v.span) ?? ""]);
        const allVars = [...stageVars, ...vars];
        if (uri) return [...pre, { Jar: "command-runner.jar", Args: [`${kind}-script`, `--run-${kind}-script`, "--args", "-f", uri, ...(kind === "hive" ? allVars : allVars.map((x) => (x === "-d" ? "-param" : x)))] }];
        if (inline) return [...pre, { Jar: "command-runner.jar", Args: [kind, ...(kind === "hive" ? allVars : allVars.map((x) => (x === "-d" ? "-param" : x))), "-e", inline] }];
        this.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' has no script`);
        return undefined;
      }
    }
    return undefined;
  }

  /**
   * Hive staging as Data Pipeline does it: an external table over each S3 input and output
   * (columns and row format from the data node's dataFormat), created by a step before the
   * script; the script sees them as ${input1}, ${output1}, ... (Hive variables).
   */
  private hiveStaging(a: ObjectIR): { step: Record<string, unknown>; vars: string[] } | undefined {
    const ddl: string[] = [];
    const vars: string[] = [];
    const tableBase = a.id.replace(/[^A-Za-z0-9_]/g, "_").toLowerCase();
    const stage = (nodes: ObjectIR[], prefix: "input" | "output"): boolean => {
      let i = 0;
      for (const n of nodes) {
        i++;
        const table = `${tableBase}_${prefix}${i}`;
        const dir = n.type === "S3DataNode" ? this.fieldJsonata(n, "directoryPath") : undefined;
        if (!dir) {
          this.error("PIPE5201", a.idSpan, `HiveActivity '${a.id}' stages ${prefix} '${n.id}', which is not an S3DataNode with a directoryPath; Step Functions stages S3 directories only`);
          return false;
        }
        const format = this.refs(n, "dataFormat")[0];
        const row = format ? this.rowFormat(format) : "ROW FORMAT DELIMITED FIELDS TERMINATED BY ','";
        if (row === undefined) return false;
        const cols = (format ? this.field(format, "column")?.values ?? [] : []).map((v) => (v.kind === "literal" ? v.text : ""));
        if (cols.length === 0 || cols.some((c) => !c)) {
          this.error("PIPE5201", (format ?? n).idSpan, `HiveActivity '${a.id}' stages '${n.id}', but its data format lists no columns to create the table with`);
          return false;
        }
        ddl.push(`${jstr(`DROP TABLE IF EXISTS ${table}; CREATE EXTERNAL TABLE ${table} (${cols.join(", ")}) ${row} LOCATION '`)} & ${dir} & ${jstr("';")}`);
        vars.push("-d", `${prefix}${i}=${table}`);
      }
      return true;
    };
    if (!stage(this.refs(a, "input"), "input") || !stage(this.refs(a, "output"), "output")) return undefined;
    return { step: { Jar: "command-runner.jar", Args: ["hive", "-e", `{% ${ddl.join(" & ' ' & ")} %}`] }, vars };
  }

  /** Hive ROW FORMAT of a Data Pipeline data format (JSONata string-literal text), or undefined (reported). */
  private rowFormat(f: ObjectIR): string | undefined {
    const q = (x: string) => `'${x.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
    switch (f.type) {
      case "CSV":
        return "ROW FORMAT DELIMITED FIELDS TERMINATED BY ','";
      case "TSV":
        return "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t'";
      case "Custom":
        return `ROW FORMAT DELIMITED FIELDS TERMINATED BY ${q(this.literal(f, "columnSeparator")?.text ?? ",")}`;
      case "RegEx": {
        const re = this.literal(f, "inputRegEx")?.text;
        const out = this.literal(f, "outputFormat")?.text;
        if (!re) break;
        return `ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES ('input.regex'=${q(re)}${out ? `, 'output.format.string'=${q(out)}` : ""})`;
      }
    }
    this.error("PIPE5201", f.idSpan, `data format '${f.id}' (${f.type}) has no Hive table mapping for staging`);
    return undefined;
  }

  /** Connection settings of an RdsDatabase / JdbcDatabase as container environment variables. */
  private sqlConnection(db: ObjectIR, a: ObjectIR): Record<string, string> | undefined {
    const env: Record<string, string> = {};
    const put = (name: string, key: string) => {
      const v = this.fieldValue(db, key);
      if (v !== undefined) env[name] = v;
    };
    if (db.type === "RdsDatabase") put("PIPEC_DB_INSTANCE", "rdsInstanceId");
    else if (db.type === "JdbcDatabase") {
      const url = this.literal(db, "connectionString")?.text ?? "";
      if (!/^jdbc:(mysql|postgresql):\/\//.test(url) && this.field(db, "connectionString")?.values[0]?.kind === "literal") {
        this.error("PIPE5201", db.idSpan, `JdbcDatabase '${db.id}' (used by '${a.id}') connects with '${url.split(":").slice(0, 2).join(":")}'; the ECS SQL client supports MySQL and PostgreSQL URLs`);
        return undefined;
      }
      put("PIPEC_DB_URL", "connectionString");
    } else {
      this.error("PIPE5201", a.idSpan, `'${a.id}' uses ${db.type} '${db.id}'; only RdsDatabase and JdbcDatabase run through a SQL client in ECS`);
      return undefined;
    }
    put("PIPEC_DB_NAME", "databaseName");
    put("PIPEC_DB_USER", "username");
    put("PIPEC_DB_PASSWORD", "*password");
    return env;
  }

  /** SqlActivity / RedshiftCopyActivity through the Redshift Data API with a poll loop. */
  private redshift(a: ObjectIR, name: string, s: ExprScope, common: Record<string, unknown>, states: States): { first: string; last: string; states: States[] } | undefined {
    let db: ObjectIR | undefined;
    let sql: string | undefined; // JSONata
    if (a.type === "SqlActivity") {
      db = this.refs(a, "database")[0];
      if (this.field(a, "scriptUri") && !this.field(a, "script")) {
        this.error("PIPE5201", this.field(a, "scriptUri")!.span, `SqlActivity '${a.id}' reads its script from S3 (scriptUri); the Redshift Data API runs SQL text only. Put the SQL in 'script'`);
        return undefined;
      }
      if (this.field(a, "scriptArgument")) {
        this.error("PIPE5201", this.field(a, "scriptArgument")!.span, `SqlActivity '${a.id}' passes scriptArgument values to '?' placeholders, which the Redshift Data API does not support; write the values into the script with expressions`);
        return undefined;
      }
      sql = this.fieldJsonata(a, "script", s);
    } else {
      const input = this.refs(a, "input")[0];
      const output = this.refs(a, "output")[0];
      if (!input || input.type !== "S3DataNode" || !output || output.type !== "RedshiftDataNode") {
        this.error("PIPE5201", a.idSpan, `RedshiftCopyActivity '${a.id}' is compiled for S3DataNode to RedshiftDataNode copies only (it has ${input?.type ?? "no input"} to ${output?.type ?? "no output"})`);
        return undefined;
      }
      db = this.refs(output, "database")[0];
      const loc = this.s3Location(input);
      const table = this.fieldJsonata(output, "tableName");
      if (!loc || !table) return undefined;
      const mode = this.literal(a, "insertMode")?.text.toUpperCase() ?? "";
      if (mode === "OVERWRITE_EXISTING" || mode === "KEEP_EXISTING") {
        this.error("PIPE5201", this.field(a, "insertMode")!.span, `RedshiftCopyActivity '${a.id}' uses insertMode ${mode}, which needs the table's primary key to merge; compile-time merge SQL is not generated. Use TRUNCATE or APPEND, or a SqlActivity with explicit merge SQL`);
        return undefined;
      }
      const options = (this.field(a, "commandOptions")?.values ?? []).map((v) => this.jsonata(v, s, `'${a.id}.commandOptions'`, v.span) ?? "''");
      const copy = `'COPY ' & ${table} & ' FROM \\u0027' & ${loc.path} & '\\u0027 IAM_ROLE default'${options.map((o) => ` & ' ' & ${o}`).join("")}`;
      sql = mode === "TRUNCATE" ? `'TRUNCATE ' & ${table} & '; ' & ${copy}` : copy;
    }
    if (!db || db.type !== "RedshiftDatabase") {
      this.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' runs on ${db ? `${db.type} '${db.id}'` : "no database"}; only RedshiftDatabase has a Step Functions integration (the Redshift Data API)`);
      return undefined;
    }
    if (!sql) {
      this.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' has no SQL to run`);
      return undefined;
    }
    const dbName = this.fieldValue(db, "databaseName") ?? "dev";
    const clusterId = this.fieldValue(db, "clusterId");
    const args: Record<string, unknown> = { Database: dbName, Sql: `{% ${sql} %}` };
    if (clusterId) args.ClusterIdentifier = clusterId;
    else args.WorkgroupName = "{% $runtime.redshiftWorkgroup %}";
    args.SecretArn = "{% $runtime.redshiftSecretArn %}";
    const v = `stmt_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
    const wait = this.names.take(`${a.id}_wait`);
    const poll = this.names.take(`${a.id}_poll`);
    const decide = this.names.take(`${a.id}_finished`);
    const sqlFailed = this.names.take(`${a.id}_sql_failed`);
    const done = this.names.take(`${a.id}_done`);
    const catchAll = (common.Catch as unknown[])[0];
    const timeout = common.TimeoutSeconds;
    this.allow("RedshiftData", ["redshift-data:ExecuteStatement", "redshift-data:DescribeStatement", "redshift:GetClusterCredentials", "redshift-serverless:GetCredentials", "secretsmanager:GetSecretValue"], ["*"]);
    return {
      first: name,
      last: done,
      states: [
        {
          [name]: {
            Type: "Task",
            Comment: `${a.type} ${a.id} through the Redshift Data API`,
            Resource: "arn:aws:states:::aws-sdk:redshiftdata:executeStatement",
            Arguments: args,
            Assign: { [v]: "{% $states.result.Id %}" },
            Output: "{% $states.input %}",
            ...(timeout !== undefined ? { TimeoutSeconds: timeout } : {}),
            ...(common.Retry ? { Retry: common.Retry } : {}),
            Catch: [catchAll],
            Next: wait,
          },
          [wait]: { Type: "Wait", Seconds: 10, Next: poll },
          [poll]: {
            Type: "Task",
            Resource: "arn:aws:states:::aws-sdk:redshiftdata:describeStatement",
            Arguments: { Id: `{% $${v} %}` },
            Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2 }],
            Catch: [catchAll],
            Next: decide,
          },
          [decide]: {
            Type: "Choice",
            Choices: [
              { Condition: "{% $states.input.Status = 'FAILED' or $states.input.Status = 'ABORTED' %}", Next: sqlFailed },
              { Condition: "{% $states.input.Status != 'FINISHED' %}", Next: wait },
            ],
            Default: done,
          },
          [done]: { Type: "Pass", Output: "{% {} %}" },
          [sqlFailed]: { Type: "Pass", Output: "{% {'Error': 'SqlFailed', 'Cause': $string($states.input.Error)} %}", Next: (catchAll as { Next: string }).Next },
        },
      ],
    };
  }

  // ---- checks ----------------------------------------------------------------------------------

  private checkFields(a: ObjectIR): void {
    const allowed = new Set([...COMMON_FIELDS, ...(TYPE_FIELDS[a.type ?? ""] ?? [])]);
    for (const [key, eff] of a.effective) {
      if (allowed.has(key) || key.startsWith("my") || key.startsWith("@") || key === "name") continue;
      if (SIZING_FIELDS.has(key)) {
        this.diagnostics.push(aslDiagnostic("PIPE5207", this.p.file, eff.field.keySpan, `'${a.id}.${key}' resizes the cluster before the step; Step Functions runs the step on the cluster as created`));
        continue;
      }
      // A field inherited from Default that this type does not use is harmless; one written here is not.
      this.error("PIPE5206", eff.field.keySpan, `'${a.id}.${key}' (${a.type}) has no Step Functions equivalent`, eff.from !== a.id ? `inherited from '${eff.from}'` : undefined);
    }
    const mode = this.literal(a, "failureAndRerunMode")?.text.toLowerCase();
    if (mode === "none") this.error("PIPE5206", this.field(a, "failureAndRerunMode")!.span, `'${a.id}' uses failureAndRerunMode none (dependents keep running after a failure); a Step Functions execution stops at the first uncaught failure`);
  }

  private checkResource(o: ObjectIR): void {
    if (o.type !== "Ec2Resource") return;
    // Fields inherited from Default are meant for the activities too; only those written for this resource (or its parents) count.
    const used = [...o.effective.entries()]
      .filter(([k, eff]) => eff.from !== "Default" && !["role", "resourceRole", "schedule", "scheduleType", "parent", "failureAndRerunMode", "pipelineLogUri", "terminateAfter", "description"].includes(k) && !k.startsWith("my") && !k.startsWith("@"))
      .map(([k]) => k);
    if (used.length > 0) this.diagnostics.push(aslDiagnostic("PIPE5207", this.p.file, o.idSpan, `Ec2Resource '${o.id}' becomes an ECS Fargate task; ${used.map((k) => `'${k}'`).join(", ")} ${used.length === 1 ? "is" : "are"} not used (size the task definition instead)`));
  }
}

// ---- helpers -------------------------------------------------------------------------------------

type XTree = SPTree | { readonly kind: "cluster"; readonly id: string; readonly child: XTree } | { readonly kind: "seq" | "par"; readonly children: readonly XTree[] };

function xIds(t: XTree): string[] {
  if (t.kind === "task") return [t.id];
  if (t.kind === "cluster") return xIds(t.child);
  return t.children.flatMap(xIds);
}

function treeIds(t: XTree): string[] {
  return xIds(t);
}

/** Wraps the smallest part of the tree that contains every user of a cluster. */
function wrap(t: XTree, cluster: string, users: ReadonlySet<string>): XTree {
  const count = (x: XTree) => xIds(x).filter((id) => users.has(id)).length;
  const total = count(t);
  if (total === 0) return t;
  if (t.kind === "seq" || t.kind === "par") {
    const inner = t.children.map(count);
    const holder = inner.findIndex((c) => c === total);
    if (holder >= 0) {
      const children = [...t.children];
      children[holder] = wrap(children[holder]!, cluster, users);
      return { kind: t.kind, children } as XTree;
    }
    if (t.kind === "seq") {
      const first = inner.findIndex((c) => c > 0);
      const last = inner.length - 1 - [...inner].reverse().findIndex((c) => c > 0);
      const range = t.children.slice(first, last + 1);
      const mid: XTree = { kind: "cluster", id: cluster, child: range.length === 1 ? range[0]! : { kind: "seq", children: range } };
      const children = [...t.children.slice(0, first), mid, ...t.children.slice(last + 1)];
      return children.length === 1 ? children[0]! : { kind: "seq", children };
    }
  }
  if (t.kind === "cluster") return { kind: "cluster", id: cluster, child: t };
  return { kind: "cluster", id: cluster, child: t };
}

/** Run-time slots of the activity an action reports on. On a failure path the state input is the error output. */
function actionSlots(status: string, failure: boolean): ReadonlyMap<string, JExpr> {
  const text = (code: string): JExpr => ({ code, type: "string" });
  return new Map([
    ["status", text(jstr(status))],
    ["errorMessage", text(failure ? "$string($states.input.Cause)" : "''")],
    ["errorStackTrace", text(failure ? "$string($states.input.Cause)" : "''")],
    ["errorId", text(failure ? "$string($states.input.Error)" : "''")],
  ]);
}

/**
 * Text for an ASL JSONata-mode field. Text on several lines, or that looks like an expression, is
 * written as a JSONata string literal: validators read plain strings as one line.
 */
function plain(text: string): string {
  return /[\r\n\u2028\u2029]/.test(text) || text.startsWith("{%") || text === "" ? `{% ${jstr(text)} %}` : text;
}

function link(next: string | undefined): Record<string, unknown> {
  return next === undefined ? { End: true } : { Next: next };
}

/** `{% ... %}` for a JSONata string expression. */
function toAslString(jsonata: string): string {
  // Line breaks only occur inside the string literals written here; JSONata reads \u000a there.
  return `{% ${jsonata.replace(/\n/g, "\\u000a")} %}`;
}

function fromAslString(v: string): string {
  return v.startsWith("{% ") && v.endsWith(" %}") ? `(${v.slice(3, -3)})` : jstr(v);
}

/** JSONata that single-quotes a string for sh. */
function shq(j: string): string {
  return `('\\u0027' & $replace(${j}, '\\u0027', '\\u0027"\\u0027"\\u0027') & '\\u0027')`;
}

function lateName(id: string): string {
  return `'pipec-late-' & $substring($hash($states.context.Execution.Id & ${jstr(`/${id}`)}, 'SHA-256'), 0, 40)`;
}

function monthShift(startIso: string, months: number): string {
  if (months === 0) return `$fromMillis($toMillis(${startIso}))`;
  const t = `$toMillis(${startIso})`;
  return `($t := ${t}; $tot := $number($fromMillis($t, '[Y1]')) * 12 + $number($fromMillis($t, '[M1]')) - 1 + (${months}); $y := $floor($tot / 12); $mo := $tot - $y * 12 + 1; $lp := ($y % 4 = 0 and $y % 100 != 0) or $y % 400 = 0; $dim := [31, $lp ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][$mo - 1]; $d := $number($fromMillis($t, '[D1]')); $fromMillis($toMillis($formatInteger($y, '0000') & '-' & $formatInteger($mo, '00') & '-' & $formatInteger($d < $dim ? $d : $dim, '00') & 'T00:00:00.000Z') + ($t - $floor($t / 86400000) * 86400000)))`;
}

/** States in a stable order: as emitted (insertion order is deterministic). */
function orderStates(states: States): States {
  return states;
}
