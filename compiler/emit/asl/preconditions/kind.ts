/** What each precondition kind provides: one check (a Task) and when it is satisfied. */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { ExprScope } from "../../../expr-eval/scope.ts";
import type { AslContext } from "../context.ts";
import type { State } from "../states.ts";

export interface PreconditionCheck {
  /** `Resource` and `Arguments` of the check. */
  readonly task: State;
  /** JSONata over `$states.result`: true when the precondition holds. */
  readonly ok: string;
}

export interface PreconditionKind {
  check(ctx: AslContext, pre: ObjectIR, scope: ExprScope): PreconditionCheck | undefined;
}
