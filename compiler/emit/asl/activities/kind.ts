/** What each activity kind provides to the Step Functions back end. */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { AttemptBody, AttemptScope } from "../attempt.ts";
import type { AslContext } from "../context.ts";

export interface ActivityKind {
  /** Fields of this type that the mapping reads (besides those every activity has). */
  readonly fields: readonly string[];
  /**
   * One attempt of the activity (the state named `name` when it is a single Task), or undefined
   * after reporting why it cannot be built.
   */
  body(ctx: AslContext, a: ObjectIR, name: string, scope: AttemptScope): AttemptBody | undefined;
}
