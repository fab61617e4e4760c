/**
 * ShellCommandActivity: an ECS Fargate task (runsOn an Ec2Resource), or a step on the EmrCluster
 * it runs on (Data Pipeline runs it on the master node). `stage = true` copies S3 inputs and
 * outputs around the command.
 */
import { ecsTask } from "../ecs.ts";
import { fromAslString, shq, toAslString } from "../states.ts";
import type { ActivityKind } from "./kind.ts";
import { shellStaging } from "./s3.ts";
import { shellCommand } from "./shell.ts";
import { emrStepTask } from "./emr-steps.ts";

export const shellCommandActivity: ActivityKind = {
  fields: ["command", "scriptUri", "scriptArgument", "stage", "stdout", "stderr"],
  body(ctx, a, name) {
    const s = ctx.scope(a);
    const runsOn = ctx.refs(a, "runsOn")[0];
    let cmd = shellCommand(ctx, a, s);
    if (!cmd) return undefined;
    if (ctx.word(a, "stage") === "TRUE") {
      const staged = shellStaging(ctx, a);
      if (!staged) return undefined;
      cmd = toAslString(`${staged.before} & ${fromAslString(cmd)} & ${staged.after}`);
    }
    // stdout / stderr: the command's output streams are copied to these S3 paths, whatever its exit status.
    const out = ctx.field(a, "stdout") ? ctx.fieldJsonata(a, "stdout", s) : undefined;
    const err = ctx.field(a, "stderr") ? ctx.fieldJsonata(a, "stderr", s) : undefined;
    if ((ctx.field(a, "stdout") && !out) || (ctx.field(a, "stderr") && !err)) return undefined;
    if (out || err) {
      let wrapped = `'( ' & ${fromAslString(cmd)} & '\n)${out ? " >\"$PIPEC_STDOUT\"" : ""}${err ? " 2>\"$PIPEC_STDERR\"" : ""} || rc=$?\n'`;
      wrapped = `'rc=0; ${out ? 'PIPEC_STDOUT=$(mktemp); ' : ""}${err ? 'PIPEC_STDERR=$(mktemp); ' : ""}' & ${wrapped}`;
      if (out) wrapped += ` & 'aws s3 cp "$PIPEC_STDOUT" ' & ${shq(out)} & '\n'`;
      if (err) wrapped += ` & 'aws s3 cp "$PIPEC_STDERR" ' & ${shq(err)} & '\n'`;
      cmd = toAslString(`${wrapped} & 'exit $rc'`);
    }
    if (runsOn?.type === "EmrCluster") return emrStepTask(ctx, a, runsOn, { Jar: "command-runner.jar", Args: ["bash", "-c", cmd] }, `ShellCommandActivity ${a.id} as a step on ${runsOn.id}`);
    if (runsOn && runsOn.type !== "Ec2Resource") {
      ctx.error("PIPE5201", a.idSpan, `ShellCommandActivity '${a.id}' runs on ${runsOn.type} '${runsOn.id}'; Step Functions runs shell commands as ECS Fargate tasks (runsOn an Ec2Resource)`);
      return undefined;
    }
    void name;
    return { kind: "task", state: { Comment: `ShellCommandActivity ${a.id} as an ECS Fargate task`, ...ecsTask(ctx, a, cmd) } };
  },
};
