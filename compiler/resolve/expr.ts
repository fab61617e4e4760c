/**
 * `#<...>` expressions -> typed ExprIR. Resolution never reports: names that mean nothing get
 * type `unknown` and the expression rules in validate/rules/ explain why.
 *
 * A bare name is, in order: a parameter (`myX`, or `*myX` for an encrypted one), `node`, a
 * field of the current object (own, inherited, or known to its type), and otherwise an
 * undeclared parameter when it starts with `my`, else an unknown field.
 */
import type * as A from "../ast/nodes.ts";
import type { ExprIR, ExprType, ObjectIR, ParameterIR } from "../ir/ir.ts";
import { expressionFunction, runtimeField } from "../model/index.ts";
import { exprTypeOfKind, specFor } from "./fields.ts";

export interface ExprScope {
  readonly object: ObjectIR;
  readonly params: ReadonlyMap<string, ParameterIR>;
  readonly byId: ReadonlyMap<string, ObjectIR>;
  /** Objects whose onFail/onSuccess/onLateAction/precondition point at an object (for `node`). */
  readonly referrers: (id: string) => readonly ObjectIR[];
  /** One string object per distinct name (see intern.ts). */
  readonly intern: (s: string) => string;
}

const PARAM_TYPES: Readonly<Record<string, ExprType>> = {
  String: "String",
  Integer: "Integer",
  Double: "Double",
  "AWS::S3::ObjectKey": "String",
};

const FN_TYPES: Readonly<Record<string, ExprType>> = { DateTime: "DateTime", String: "String", int: "Integer" };

export function functionReturnType(name: string): ExprType {
  const spec = expressionFunction(name);
  return spec ? ((Object.hasOwn(FN_TYPES, spec.returns) ? FN_TYPES[spec.returns] : undefined) ?? "unknown") : "unknown";
}

/** The field's type on an object: its effective value kind, else its type's spec. */
function fieldType(obj: ObjectIR, name: string): ExprType | undefined {
  if (name === "id" || name === "name" || name === "type") return "String";
  const eff = obj.effective.get(name) ?? obj.effective.get(`*${name}`);
  if (eff) {
    if (eff.field.kind) return exprTypeOfKind(eff.field.kind);
    return eff.field.values.some((v) => v.kind === "ref") ? "Ref" : "String";
  }
  const spec = specFor(obj.type, name);
  if (spec && !spec.runtime) return exprTypeOfKind(spec.kind);
  return undefined;
}

function runtimeType(name: string): ExprType {
  let type = RUNTIME_TYPES.get(name);
  if (type === undefined) {
    const r = runtimeField(`@${name}`);
    type = r ? exprTypeOfKind(r.kind) : "unknown";
    if (RUNTIME_TYPES.size < 4096) RUNTIME_TYPES.set(name, type); // names are whatever a source writes: bounded
  }
  return type;
}

/** `runtimeType` answers by name, so that each name's slot is looked up once. */
const RUNTIME_TYPES = new Map<string, ExprType>();

/** The objects an expression of type Ref can stand for (for hops such as `input.directoryPath`). */
export function objectsOf(e: ExprIR, scope: ExprScope): readonly ObjectIR[] {
  switch (e.kind) {
    case "node":
      return scope.referrers(scope.object.id);
    case "field":
      return refTargets(scope.object, e.name, scope);
    case "member": {
      if (e.runtime) return [];
      const out: ObjectIR[] = [];
      for (const o of objectsOf(e.target, scope)) for (const t of refTargets(o, e.name, scope)) if (!out.includes(t)) out.push(t);
      return out;
    }
    default:
      return [];
  }
}

function refTargets(obj: ObjectIR, field: string, scope: ExprScope): ObjectIR[] {
  const eff = obj.effective.get(field);
  if (!eff) return [];
  const out: ObjectIR[] = [];
  for (const v of eff.field.values) {
    if (v.kind !== "ref") continue;
    const t = scope.byId.get(v.id);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

function memberType(target: ExprIR, name: string, runtime: boolean, scope: ExprScope): ExprType {
  if (runtime) return runtimeType(name);
  const objs = objectsOf(target, scope);
  const types = new Set<ExprType>();
  for (const o of objs) {
    const t = fieldType(o, name);
    if (t) types.add(t);
  }
  if (types.size === 1) return [...types][0];
  return "unknown";
}

function binaryType(op: A.BinaryOperator, l: ExprType, r: ExprType): ExprType {
  if (op === "+" && (l === "String" || r === "String")) return "String";
  const numeric = (t: ExprType): boolean => t === "Integer" || t === "Double";
  if (!numeric(l) || !numeric(r)) return "unknown";
  if (op === "^") return "Double";
  return l === "Integer" && r === "Integer" ? "Integer" : "Double";
}

export function resolveExpr(e: A.Expr, scope: ExprScope): ExprIR {
  switch (e.kind) {
    case "NumberExpr":
      return { kind: "number", span: e.span, type: /[.eE]/.test(e.raw) ? "Double" : "Integer", value: e.value, raw: e.raw };
    case "StringExpr":
      return { kind: "string", span: e.span, type: "String", value: e.value };
    case "RuntimeExpr":
      return { kind: "runtime", span: e.span, type: runtimeType(e.name), name: scope.intern(e.name) };
    case "NameExpr": {
      const id = e.encrypted ? `*${e.name}` : e.name;
      // `myPassword` never stands for `*myPassword`: the id is the same everywhere (PIPE2010 suggests it).
      const param = scope.params.get(id);
      if (param) return { kind: "param", span: e.span, type: (Object.hasOwn(PARAM_TYPES, param.type) ? PARAM_TYPES[param.type] : undefined) ?? "String", id: param.id };
      if (e.encrypted) return { kind: "param", span: e.span, type: "unknown", id };
      if (e.name === "node") return { kind: "node", span: e.span, type: "Ref" };
      const ft = fieldType(scope.object, e.name);
      if (ft) return { kind: "field", span: e.span, type: ft, name: scope.intern(e.name) };
      if (/^my[A-Z_]/.test(e.name)) return { kind: "param", span: e.span, type: "unknown", id: e.name };
      return { kind: "field", span: e.span, type: "unknown", name: e.name };
    }
    case "MemberExpr": {
      const target = resolveExpr(e.target, scope);
      return { kind: "member", span: e.span, type: memberType(target, e.name, e.runtime, scope), target, name: scope.intern(e.name), runtime: e.runtime };
    }
    case "CallExpr": {
      const args = e.args.map((a) => resolveExpr(a, scope));
      return { kind: "call", span: e.span, type: functionReturnType(e.callee), fn: scope.intern(e.callee), args, method: e.method };
    }
    case "BinaryExpr": {
      const left = resolveExpr(e.left, scope);
      const right = resolveExpr(e.right, scope);
      return { kind: "binary", span: e.span, type: binaryType(e.op, left.type, right.type), op: e.op, left, right };
    }
    case "UnaryExpr": {
      const operand = resolveExpr(e.operand, scope);
      return { kind: "negate", span: e.span, type: operand.type === "Integer" || operand.type === "Double" ? operand.type : "unknown", operand };
    }
  }
}
