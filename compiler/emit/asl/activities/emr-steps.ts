/**
 * EMR steps (`elasticmapreduce:addStep.sync`) on a cluster the state machine created. One step is
 * one Task; several steps of one activity run in order inside one attempt, each bounded by the
 * time the attempt has left.
 */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { AttemptBody, AttemptScope } from "../attempt.ts";
import type { AslContext } from "../context.ts";
import type { State, States } from "../states.ts";

const ADD_STEP = "arn:aws:states:::elasticmapreduce:addStep.sync";

export function allowSteps(ctx: AslContext): void {
  ctx.allow("EmrSteps", ["elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:CancelSteps", "elasticmapreduce:DescribeStep"], ["arn:aws:elasticmapreduce:*:*:cluster/*"], { StringEquals: { "elasticmapreduce:ResourceTag/pipec:pipeline": ctx.p.name } });
  ctx.allow("SyncRulesEmr", ["events:DescribeRule", "events:PutRule", "events:PutTargets"], ["arn:aws:events:*:*:rule/StepFunctionsGetEventsForEMRAddJobFlowStepsRule"]);
}

function stepState(clusterVar: string, stepName: string, jarStep: Readonly<Record<string, unknown>>): State {
  return { Resource: ADD_STEP, Arguments: { ClusterId: `{% $${clusterVar} %}`, Step: { Name: stepName, ActionOnFailure: "CONTINUE", HadoopJarStep: jarStep } } };
}

function clusterVariable(ctx: AslContext, a: ObjectIR, cluster: ObjectIR): string | undefined {
  const v = ctx.clusterVar.get(cluster.id);
  if (!v) ctx.error("PIPE5201", a.idSpan, `'${a.id}' runs on EmrCluster '${cluster.id}', which the state machine does not create here`);
  return v;
}

export function emrStepTask(ctx: AslContext, a: ObjectIR, cluster: ObjectIR, jarStep: Readonly<Record<string, unknown>>, comment: string): AttemptBody | undefined {
  const v = clusterVariable(ctx, a, cluster);
  if (!v) return undefined;
  allowSteps(ctx);
  return { kind: "task", state: { Comment: comment, ...stepState(v, a.id, jarStep) } };
}

/** Several steps of one activity, in order, in one attempt. */
export function emrStepsBody(ctx: AslContext, a: ObjectIR, name: string, cluster: ObjectIR, steps: readonly Readonly<Record<string, unknown>>[], scope: AttemptScope, comment: string): AttemptBody | undefined {
  if (steps.length === 1) return emrStepTask(ctx, a, cluster, steps[0]!, comment);
  const v = clusterVariable(ctx, a, cluster);
  if (!v) return undefined;
  allowSteps(ctx);
  const names = steps.map((_, i) => ctx.names.take(`${a.id}_step${i + 1}`));
  const states: States = {};
  steps.forEach((step, i) => {
    states[names[i]!] = {
      Type: "Task",
      Comment: `${comment}: step ${i + 1} of ${steps.length}`,
      ...stepState(v, `${a.id}-${i + 1}`, step),
      Output: "{% $states.input %}",
      ...(scope.timeLeft ? { TimeoutSeconds: scope.timeLeft } : {}),
      ...(i < steps.length - 1 ? { Next: names[i + 1] } : {}),
    };
  });
  void name;
  return { kind: "loop", states, start: names[0]!, exits: [names[names.length - 1]!] };
}

/** The EmrCluster an EMR activity runs on, or undefined after an error. */
export function clusterOf(ctx: AslContext, a: ObjectIR): ObjectIR | undefined {
  const runsOn = ctx.refs(a, "runsOn")[0];
  if (!runsOn || runsOn.type !== "EmrCluster") {
    ctx.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' must run on an EmrCluster to be compiled to Step Functions${runsOn ? ` (it runs on ${runsOn.type} '${runsOn.id}')` : ""}`);
    return undefined;
  }
  return runsOn;
}
