/** ShellCommandPrecondition: the command in an ECS Fargate task; exit status 0 means satisfied. */
import { ecsTask } from "../ecs.ts";
import { shellCommand } from "../activities/shell.ts";
import type { PreconditionKind } from "./kind.ts";

export const shellCommandPrecondition: PreconditionKind = {
  check(ctx, pre, s) {
    const cmd = shellCommand(ctx, pre, s);
    if (!cmd) return undefined;
    return { task: ecsTask(ctx, pre, cmd), ok: "true" };
  },
};
