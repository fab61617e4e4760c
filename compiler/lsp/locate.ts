/** What the syntax tree holds at an offset: the innermost declaration, field, value or expression. */
import type * as A from "../ast/nodes.ts";

export type Owner = A.ObjectDecl | A.DefaultBlock | A.ParamDecl | A.Pipeline;

export type Located =
  | { readonly kind: "objectType"; readonly pipeline: A.Pipeline; readonly object: A.ObjectDecl }
  | { readonly kind: "objectId"; readonly pipeline: A.Pipeline; readonly object: A.ObjectDecl }
  | { readonly kind: "paramName"; readonly pipeline: A.Pipeline; readonly param: A.ParamDecl }
  | { readonly kind: "paramType"; readonly pipeline: A.Pipeline; readonly param: A.ParamDecl }
  | { readonly kind: "fieldKey"; readonly pipeline: A.Pipeline; readonly owner: Owner; readonly field: A.Field }
  | { readonly kind: "value"; readonly pipeline: A.Pipeline; readonly owner: Owner; readonly field: A.Field; readonly value: A.Value }
  | {
      readonly kind: "expr";
      readonly pipeline: A.Pipeline;
      readonly owner: Owner;
      readonly field: A.Field;
      readonly interpolation: A.Interpolation;
      /** Innermost first. */
      readonly path: readonly A.Expr[];
    };

const inside = (s: A.Span, offset: number): boolean => s.start <= offset && offset <= s.end;

export function locate(file: A.PipeFile, offset: number): Located | undefined {
  for (const p of file.pipelines) {
    if (!inside(p.span, offset)) continue;
    for (const m of p.members) {
      if (!inside(m.span, offset)) continue;
      switch (m.kind) {
        case "Field": {
          const r = inField(p, p, m, offset);
          if (r) return r;
          break;
        }
        case "Object":
          if (inside(m.type.span, offset)) return { kind: "objectType", pipeline: p, object: m };
          if (m.id && inside(m.id.span, offset)) return { kind: "objectId", pipeline: p, object: m };
          for (const f of m.fields) if (inside(f.span, offset)) return inField(p, m, f, offset);
          break;
        case "Default":
          for (const f of m.fields) if (inside(f.span, offset)) return inField(p, m, f, offset);
          break;
        case "Param":
          if (m.name && inside(m.name.span, offset)) return { kind: "paramName", pipeline: p, param: m };
          if (m.type && inside(m.type.span, offset)) return { kind: "paramType", pipeline: p, param: m };
          for (const f of m.fields) if (inside(f.span, offset)) return inField(p, m, f, offset);
          break;
      }
    }
  }
  return undefined;
}

function inField(p: A.Pipeline, owner: Owner, f: A.Field, offset: number): Located | undefined {
  if (inside(f.key.span, offset)) return { kind: "fieldKey", pipeline: p, owner, field: f };
  if (!f.value || !inside(f.value.span, offset)) return undefined;
  return inValue(p, owner, f, f.value, offset);
}

function inValue(p: A.Pipeline, owner: Owner, f: A.Field, v: A.Value, offset: number): Located | undefined {
  if (v.kind === "List") {
    for (const item of v.items) if (inside(item.span, offset)) return inValue(p, owner, f, item, offset);
    return undefined;
  }
  if (v.kind === "Map") {
    for (const e of v.entries) if (e.value && inside(e.value.span, offset)) return inValue(p, owner, f, e.value, offset);
    return undefined;
  }
  if (v.kind === "String") {
    for (const part of v.parts) {
      if (part.kind === "Interpolation" && inside(part.span, offset)) {
        const path: A.Expr[] = [];
        if (part.expr) exprPath(part.expr, offset, path);
        return { kind: "expr", pipeline: p, owner, field: f, interpolation: part, path: path.reverse() };
      }
    }
  }
  return { kind: "value", pipeline: p, owner, field: f, value: v };
}

function exprPath(e: A.Expr, offset: number, path: A.Expr[]): void {
  if (!inside(e.span, offset)) return;
  path.push(e);
  switch (e.kind) {
    case "MemberExpr":
      exprPath(e.target, offset, path);
      return;
    case "CallExpr":
      for (const a of e.args) exprPath(a, offset, path);
      return;
    case "BinaryExpr":
      exprPath(e.left, offset, path);
      exprPath(e.right, offset, path);
      return;
    case "UnaryExpr":
      exprPath(e.operand, offset, path);
      return;
    default:
      return;
  }
}
