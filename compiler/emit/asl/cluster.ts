/**
 * EmrCluster: created (`createCluster.sync`) before the first activity that runs on it and
 * terminated after the last one, and on every failure path (a Parallel of one branch whose Catch
 * terminates the cluster before failing): Step Functions does not terminate clusters when a run
 * fails or stops. The preconditions of the activities that start the cluster's part of the run
 * (and their late alarms armed) before the cluster is created, so no cluster idles while data is
 * awaited.
 * The cluster is tagged with the pipeline's name; the grants on clusters and steps require the tag.
 */
import type { ObjectIR } from "../../ir/ir.ts";
import type { SPTree } from "./dag.ts";
import type { AslContext } from "./context.ts";
import { jstr } from "./jsonata.ts";
import { link, varName, type State, type States } from "./states.ts";

export type XTree = SPTree | { readonly kind: "cluster"; readonly id: string; readonly child: XTree } | { readonly kind: "seq" | "par"; readonly children: readonly XTree[] };

export function xIds(t: XTree): string[] {
  if (t.kind === "task") return [t.id];
  if (t.kind === "cluster") return xIds(t.child);
  return t.children.flatMap(xIds);
}

/** The activities of a tree that nothing in it precedes. */
function entries(t: XTree): string[] {
  if (t.kind === "task") return [t.id];
  if (t.kind === "cluster") return entries(t.child);
  if (t.kind === "seq") return t.children.length ? entries(t.children[0]!) : [];
  return t.children.flatMap(entries);
}

/** Wraps the smallest part of the tree that contains every activity on each cluster. */
export function wrapClusters(ctx: AslContext, tree: SPTree, activities: readonly ObjectIR[]): XTree {
  let x: XTree = tree;
  const byCluster = new Map<string, Set<string>>();
  for (const a of activities) {
    for (const r of ctx.refs(a, "runsOn")) if (r.type === "EmrCluster") {
      let s = byCluster.get(r.id);
      if (!s) byCluster.set(r.id, (s = new Set()));
      s.add(a.id);
    }
  }
  for (const [cluster, users] of [...byCluster.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) x = wrap(x, cluster, users);
  return x;
}

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
  return { kind: "cluster", id: cluster, child: t };
}

/** Emits a cluster's part of the run before `next`; `emitChild` emits the activities in it. */
export function emitCluster(
  ctx: AslContext,
  t: Extract<XTree, { kind: "cluster" }>,
  states: States,
  next: string | undefined,
  emitChild: (t: XTree, states: States, next: string | undefined) => string,
  emitLead: (a: ObjectIR, states: States, next: string) => string,
): string {
  const cluster = ctx.p.byId.get(t.id)!;
  const v = varName("cluster", t.id);
  ctx.clusterVar.set(t.id, v);
  const create = ctx.names.take(`${t.id}_create`);
  const run = ctx.names.take(`${t.id}_run`);
  const term = ctx.names.take(`${t.id}_terminate`);
  const termFail = ctx.names.take(`${t.id}_terminate_on_failure`);
  const failed = ctx.names.take(`${t.id}_failed`);
  const heads = entries(t.child).map((id) => ctx.p.byId.get(id)).filter((a): a is ObjectIR => a !== undefined);
  for (const a of heads) ctx.hoisted.add(a.id);
  const bs: States = {};
  const start = emitChild(t.child, bs, undefined);
  states[create] = {
    Type: "Task",
    Comment: `EmrCluster ${t.id}: created before the first activity that runs on it`,
    Resource: "arn:aws:states:::elasticmapreduce:createCluster.sync",
    Arguments: clusterArguments(ctx, cluster),
    Assign: { [v]: "{% $states.result.ClusterId %}" },
    Output: "{% $states.input %}",
    Next: run,
  };
  states[run] = {
    Type: "Parallel",
    Comment: `Activities on ${t.id}; any failure terminates the cluster first`,
    Branches: [{ StartAt: start, States: bs }],
    Output: "{% $states.input %}",
    Catch: [{ ErrorEquals: ["States.ALL"], Next: termFail, Output: "{% $states.errorOutput %}" }],
    Next: term,
  };
  const terminate = (rest: State): State => ({
    Type: "Task",
    Resource: "arn:aws:states:::elasticmapreduce:terminateCluster.sync",
    Arguments: { ClusterId: `{% $${v} %}` },
    Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 30, MaxAttempts: 5, BackoffRate: 2 }],
    Output: "{% $states.input %}",
    ...rest,
  });
  states[term] = terminate(link(next));
  states[termFail] = { ...terminate({ Next: failed }), Catch: [{ ErrorEquals: ["States.ALL"], Next: failed, Output: "{% $states.input %}" }] };
  states[failed] = { Type: "Fail", Error: "{% $states.input.Error %}", Cause: "{% $string($states.input.Cause) %}" };
  allowCluster(ctx, cluster);
  // Preconditions of the activities that start the cluster's part run before it is created.
  let first = create;
  for (let i = heads.length - 1; i >= 0; i--) first = emitLead(heads[i]!, states, first);
  return first;
}

function allowCluster(ctx: AslContext, c: ObjectIR): void {
  ctx.allow("EmrCreate", ["elasticmapreduce:RunJobFlow"], ["*"], { StringEquals: { "aws:RequestTag/pipec:pipeline": ctx.p.name } });
  ctx.allow("EmrAddTags", ["elasticmapreduce:AddTags"], ["arn:aws:elasticmapreduce:*:*:cluster/*"], { StringEquals: { "aws:RequestTag/pipec:pipeline": ctx.p.name } });
  ctx.allow("EmrClusters", ["elasticmapreduce:DescribeCluster", "elasticmapreduce:TerminateJobFlows"], ["arn:aws:elasticmapreduce:*:*:cluster/*"], { StringEquals: { "elasticmapreduce:ResourceTag/pipec:pipeline": ctx.p.name } });
  ctx.allow("SyncRulesEmr", ["events:DescribeRule", "events:PutRule", "events:PutTargets"], ["arn:aws:events:*:*:rule/StepFunctionsGetEventsForEMRRunJobFlowRule", "arn:aws:events:*:*:rule/StepFunctionsGetEventsForEMRTerminateJobFlowsRule"]);
  const role = (key: string, fallback: string) => {
    const s = ctx.staticText(c, key);
    return s?.ok ? s.text : s ? undefined : fallback;
  };
  const service = role("role", "EMR_DefaultRole");
  const instance = role("resourceRole", "EMR_EC2_DefaultRole");
  ctx.allow("EmrPassRole", ["iam:PassRole"], [service, instance].map((r) => (r === undefined ? "arn:aws:iam::*:role/*" : r.startsWith("arn:") ? r : `arn:aws:iam::*:role/${r}`)), { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "elasticmapreduce.amazonaws.com"] } });
}

function clusterArguments(ctx: AslContext, c: ObjectIR): Record<string, unknown> {
  const s = ctx.scope(c);
  const val = (k: string) => ctx.fieldValue(c, k, s);
  const instances: Record<string, unknown> = { KeepJobFlowAliveWhenNoSteps: true };
  const groups: Record<string, unknown>[] = [];
  const master = val("masterInstanceType") ?? "m5.xlarge";
  groups.push({ InstanceRole: "MASTER", InstanceType: master, InstanceCount: 1 });
  const coreCount = ctx.integer(c, "coreInstanceCount") ?? 1;
  if (coreCount > 0) groups.push({ InstanceRole: "CORE", InstanceType: val("coreInstanceType") ?? master, InstanceCount: coreCount });
  const taskCount = ctx.integer(c, "taskInstanceCount") ?? 0;
  if (taskCount > 0) groups.push({ InstanceRole: "TASK", InstanceType: val("taskInstanceType") ?? master, InstanceCount: taskCount });
  instances.InstanceGroups = groups;
  const subnet = val("subnetId");
  if (subnet) instances.Ec2SubnetId = subnet;
  const key = val("keyPair");
  if (key) instances.Ec2KeyName = key;
  const apps = ctx.field(c, "applications")?.values ?? [];
  const args: Record<string, unknown> = {
    Name: `{% ${jstr(`${ctx.p.name}-${c.id}-`)} & $states.context.Execution.Name %}`,
    ReleaseLabel: val("releaseLabel") ?? "emr-6.15.0",
    Applications: apps.length ? apps.map((v) => ({ Name: ctx.value(v, s, `'${c.id}.applications'`, v.span) ?? "" })) : [{ Name: "Hadoop" }, { Name: "Hive" }, { Name: "Pig" }],
    ServiceRole: val("role") ?? "EMR_DefaultRole",
    JobFlowRole: val("resourceRole") ?? "EMR_EC2_DefaultRole",
    Instances: instances,
    StepConcurrencyLevel: 10,
    VisibleToAllUsers: true,
    Tags: [{ Key: "pipec:pipeline", Value: ctx.p.name }],
  };
  const log = val("emrLogUri") ?? val("pipelineLogUri");
  if (log) args.LogUri = log;
  const idle = ctx.seconds(c, "terminateAfter");
  if (idle) args.AutoTerminationPolicy = { IdleTimeout: Math.max(60, Math.min(604800, idle)) };
  return args;
}
