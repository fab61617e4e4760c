/** Reads the text of one Data Pipeline expression (between `#{` and `}`) with the `.pipe` parser. */
import { parse } from "../ast/parse.ts";
import type * as A from "../ast/nodes.ts";
import { SourceFile } from "../source/source.ts";

const PREFIX = 'pipeline p { f = """#<';
const SUFFIX = '>""" }';

export interface ParsedExpression {
  /** Spans are relative to the start of the trimmed expression text. */
  readonly expr: A.Expr;
  /** Number of white-space characters before the expression in the given text. */
  readonly leading: number;
}

/** The expression, or undefined when the text is not one complete expression of the language. */
export function parseExpressionText(text: string): ParsedExpression | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.includes('"""')) return undefined;
  const leading = text.length - text.trimStart().length;
  const { ast, diagnostics } = parse(new SourceFile("<expression>", PREFIX + trimmed + SUFFIX));
  if (diagnostics.length > 0) return undefined;
  const field = ast.pipelines[0]?.members[0];
  if (field?.kind !== "Field" || field.value?.kind !== "String") return undefined;
  const parts = field.value.parts;
  if (parts.length !== 1 || parts[0].kind !== "Interpolation" || !parts[0].expr) return undefined;
  const expr = shift(parts[0].expr, -PREFIX.length);
  return { expr, leading };
}

function shift<T>(node: T, delta: number): T {
  if (Array.isArray(node)) return node.map((n) => shift(n, delta)) as T;
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if ((k === "span" || k === "calleeSpan" || k === "nameSpan") && v && typeof v === "object") {
      const sp = v as { start: number; end: number };
      out[k] = { start: Math.max(0, sp.start + delta), end: Math.max(0, sp.end + delta) };
    } else out[k] = shift(v, delta);
  }
  return out as T;
}
