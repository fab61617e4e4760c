/** The shell text of a ShellCommandActivity or ShellCommandPrecondition. */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { ExprScope } from "../../../expr-eval/scope.ts";
import type { AslContext } from "../context.ts";
import { shq, toAslString } from "../states.ts";

/** `command`, or `scriptUri` fetched and run, with `scriptArgument` values as `$1 $2 ...` (an ASL value). */
export function shellCommand(ctx: AslContext, o: ObjectIR, s: ExprScope): string | undefined {
  if (ctx.field(o, "command") === undefined && ctx.field(o, "scriptUri") === undefined) {
    ctx.error("PIPE5201", o.idSpan, `'${o.id}' has neither command nor scriptUri`);
    return undefined;
  }
  const command = ctx.fieldJsonata(o, "command", s);
  const uri = command === undefined && ctx.field(o, "command") === undefined ? ctx.fieldJsonata(o, "scriptUri", s) : undefined;
  let text: string;
  if (command) text = command;
  else if (uri) text = `'f=$(mktemp) && aws s3 cp ' & ${shq(uri)} & ' "$f" && sh "$f"'`;
  else return undefined; // the field's expression could not be translated (reported)
  const args = ctx.field(o, "scriptArgument");
  if (args) {
    const list: string[] = [];
    for (const v of args.values) {
      const j = ctx.jsonata(v, s, `'${o.id}.scriptArgument'`, args.span);
      if (j === undefined) return undefined;
      list.push(j);
    }
    if (command) text = `'set -- ' & ${list.map(shq).join(" & ' ' & ")} & '\n' & ${text}`;
    else text = `${text} & ' ' & ${list.map(shq).join(" & ' ' & ")}`;
  }
  return toAslString(text);
}
