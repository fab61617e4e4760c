/** The depth limit of expressions: both parsers refuse deeper ones, so later stages may recurse. */
import type * as A from "./nodes.ts";

/** Operators (calls, members, unary and binary operators) nested deeper than this are not read (PIPE1009). */
export const MAX_EXPR_DEPTH = 256;

/** Whether the expression nests more than MAX_EXPR_DEPTH deep (walked without recursion). */
export function exprTooDeep(root: A.Expr): boolean {
  const stack: { e: A.Expr; d: number }[] = [{ e: root, d: 1 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { e, d } = top;
    if (d > MAX_EXPR_DEPTH) return true;
    switch (e.kind) {
      case "MemberExpr":
        stack.push({ e: e.target, d: d + 1 });
        break;
      case "CallExpr":
        for (const a of e.args) stack.push({ e: a, d: d + 1 });
        break;
      case "BinaryExpr":
        stack.push({ e: e.left, d: d + 1 }, { e: e.right, d: d + 1 });
        break;
      case "UnaryExpr":
        stack.push({ e: e.operand, d: d + 1 });
        break;
      default:
        break;
    }
  }
  return false;
}
