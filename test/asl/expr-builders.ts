/** Builders for ExprIR trees in tests (spans are irrelevant here). */
import type { ExprIR, ExprType } from "../../compiler/ir/ir.ts";

const span = { start: 0, end: 0 };

export const num = (value: number, raw = String(value)): ExprIR => ({ kind: "number", span, type: Number.isInteger(value) && !raw.includes(".") ? "Integer" : "Double", value, raw });
export const str = (value: string): ExprIR => ({ kind: "string", span, type: "String", value });
export const param = (id: string, type: ExprType = "String"): ExprIR => ({ kind: "param", span, type, id });
export const rt = (name: string): ExprIR => ({ kind: "runtime", span, type: "DateTime", name });
export const field = (name: string): ExprIR => ({ kind: "field", span, type: "unknown", name });
export const node = (): ExprIR => ({ kind: "node", span, type: "Ref" });
export const member = (target: ExprIR, name: string, runtime = false): ExprIR => ({ kind: "member", span, type: "unknown", target, name, runtime });
export const call = (fn: string, ...args: ExprIR[]): ExprIR => ({ kind: "call", span, type: "unknown", fn, args, method: false });
export const bin = (op: "+" | "-" | "*" | "/" | "^", left: ExprIR, right: ExprIR): ExprIR => ({ kind: "binary", span, type: "unknown", op, left, right });
export const neg = (operand: ExprIR): ExprIR => ({ kind: "negate", span, type: "unknown", operand });
export const start = (): ExprIR => rt("@scheduledStartTime");
