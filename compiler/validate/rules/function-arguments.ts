import { expressionFunction } from "../../model/index.ts";
import type { ExprIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3020",
  name: "function-arguments",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-expressions-functions.html",
  summary: "A function called with the wrong number or types of arguments.",
  explanation: [
    "Each function has a fixed signature: `format(DateTime, String)`, `plusDays(DateTime, int)`,",
    "`makeDate(int, int, int)`, ... The method form `x.f(a)` passes `x` as the first argument.",
    "Parameters and text fields are accepted where a number or date-time is expected, since their",
    "value is only known at run time.",
    "",
    "```",
    "\"#<format(@scheduledStartTime)>\"          // PIPE3020: format takes 2 arguments",
    "\"#<plusDays(@scheduledStartTime, 'one')>\" // PIPE3020: the 2nd argument must be an int",
    "```",
  ].join("\n"),
};

/** Values whose type is only known at run time (parameters, fields, hops): never a hard mismatch on String. */
export function isSoft(e: ExprIR): boolean {
  return (e.kind === "param" || e.kind === "field" || e.kind === "member" || e.kind === "runtime") && (e.type === "String" || e.type === "unknown");
}

export function accepts(expected: string, arg: ExprIR): boolean {
  if (arg.type === "unknown" || isSoft(arg)) return true;
  switch (expected) {
    case "DateTime":
      return arg.type === "DateTime";
    case "int":
      return arg.type === "Integer";
    case "String":
      return arg.type === "String";
    default:
      return true;
  }
}

const ORDINAL = ["1st", "2nd", "3rd", "4th", "5th", "6th"];

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      expr(e) {
        if (e.kind !== "call") return;
        const spec = expressionFunction(e.fn);
        if (!spec) return;
        const sig = (): string => `${e.fn}(${spec.args.join(", ")})`;
        if (e.args.length !== spec.args.length) {
          ctx.report({ span: e.span, message: `\`${e.fn}\` takes ${spec.args.length} argument${spec.args.length === 1 ? "" : "s"}, not ${e.args.length}: ${sig()}` });
          return;
        }
        for (let i = 0; i < spec.args.length; i++) {
          const t = spec.args[i];
          const a = e.args[i];
          if (accepts(t, a)) continue;
          ctx.report({ span: a.span, message: `the ${ORDINAL[i] ?? `${i + 1}th`} argument of \`${e.fn}\` must be ${t === "int" ? "an int" : `a ${t}`}, not ${a.type === "Integer" ? "an Integer" : `a ${a.type}`}: ${sig()}` });
        }
      },
    };
  },
};
