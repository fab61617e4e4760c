/** The meaning of a `.pipe` AST: the tree without spans, comments and spelling-only details. */
import type * as A from "../../compiler/ast/nodes.ts";

const DROP = new Set(["span", "keywordSpan", "nameSpan", "calleeSpan", "comments"]);

function mergeParts(parts: readonly A.StringPart[]): unknown[] {
  const out: unknown[] = [];
  for (const p of parts) {
    if (p.kind === "Text") {
      if (p.text === "") continue;
      const prev = out.at(-1) as { kind: string; text: string } | undefined;
      if (prev?.kind === "Text") prev.text += p.text;
      else out.push({ kind: "Text", text: p.text });
    } else out.push(strip(p));
  }
  return out;
}

function strip(node: unknown, parentKind?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => strip(n, parentKind));
  if (node === null || typeof node !== "object") return node;
  const n = node as Record<string, unknown>;
  if (n.kind === "String") return { kind: "String", parts: mergeParts(n.parts as A.StringPart[]) };
  if (n.kind === "Duration") return { kind: "Duration", count: n.count, unit: n.unit };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(n).sort()) {
    if (DROP.has(key)) continue;
    // Map keys may be written bare, with backticks or as strings.
    if (parentKind === "MapEntry" && key === "quoted") continue;
    out[key] = strip(n[key], n.kind as string);
  }
  return out;
}

export function meaning(ast: A.PipeFile): unknown {
  return strip(ast);
}

/** Every comment's text in order (white space at line ends and before a doc comment's `*` aside). */
export function commentTexts(ast: A.PipeFile): string[] {
  return ast.comments.map((c) => c.text.replace(/[ \t]+(?=\r?\n|$)/g, "").replace(/\n[ \t]*\*/g, "\n*"));
}
