/** Walking the resolved expression trees (read by validation and by the back ends). */
import type { ExprIR } from "./ir.ts";

/** Calls `visit` on every node of an expression tree, parents first. */
export function walkExpr(e: ExprIR, visit: (e: ExprIR, parent: ExprIR | undefined) => void, parent?: ExprIR): void {
  visit(e, parent);
  switch (e.kind) {
    case "member":
      walkExpr(e.target, visit, e);
      break;
    case "call":
      for (const a of e.args) walkExpr(a, visit, e);
      break;
    case "binary":
      walkExpr(e.left, visit, e);
      walkExpr(e.right, visit, e);
      break;
    case "negate":
      walkExpr(e.operand, visit, e);
      break;
    default:
      break;
  }
}
