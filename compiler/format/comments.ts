/**
 * Attaches comments to the nodes of a `.pipe` AST for printing. Every comment lands in exactly
 * one place, so none is lost:
 *   - trailing: after a node, on the line where the node ends;
 *   - leading: on the lines before a node (comments inside a node that the printer cannot place,
 *     e.g. `key = /* c *\/ value`, become leading comments of that node);
 *   - dangling: after the last child of a container, before its closing bracket.
 */
import type * as A from "../ast/nodes.ts";

export type Attachable = A.Pipeline | A.Member | A.Field | A.Value | A.MapEntry;
export type Container = A.PipeFile | A.Pipeline | A.ObjectDecl | A.DefaultBlock | A.ParamDecl | A.ListValue | A.MapValue;

export interface Attached {
  readonly leading: Map<object, A.Comment[]>;
  readonly trailing: Map<object, A.Comment[]>;
  readonly dangling: Map<object, A.Comment[]>;
}

function push(map: Map<object, A.Comment[]>, node: object, c: A.Comment): void {
  const list = map.get(node);
  if (list) list.push(c);
  else map.set(node, [c]);
}

const within = (outer: { span: { start: number; end: number } }, c: A.Comment): boolean => outer.span.start <= c.span.start && c.span.end <= outer.span.end;

/** Offset of the bracket `ch` at or after `from`, skipping white space and the given comments. */
function findBracket(text: string, from: number, ch: string, comments: readonly A.Comment[]): number {
  let i = from;
  while (i < text.length) {
    const c = comments.find((x) => x.span.start === i);
    if (c) {
      i = c.span.end;
      continue;
    }
    if (text[i] === ch) return i;
    i++;
  }
  return text.length;
}

export function attachComments(ast: A.PipeFile, text: string | undefined): Attached {
  const out: Attached = { leading: new Map(), trailing: new Map(), dangling: new Map() };
  const comments = [...ast.comments].sort((a, b) => a.span.start - b.span.start);
  if (comments.length === 0) return out;
  if (text === undefined) {
    // Without the source text nothing can be placed precisely: keep every comment at the top.
    for (const c of comments) push(out.dangling, ast, c);
    return out;
  }
  const src = text;

  const seq = (container: object, children: readonly Attachable[], cs: A.Comment[]): void => {
    for (const c of cs) {
      const child = children.find((ch) => within(ch, c));
      if (child) {
        inside(child, [c]);
        continue;
      }
      let prev: Attachable | undefined;
      let next: Attachable | undefined;
      for (const ch of children) {
        if (ch.span.end <= c.span.start) prev = ch;
        else if (ch.span.start >= c.span.end) {
          next = ch;
          break;
        }
      }
      const afterPrev = prev !== undefined && !/[\r\n]/.test(src.slice(prev.span.end, c.span.start));
      // `a, /* c */ b`: a block comment on the line of the next item goes with that item.
      const beforeNext = next !== undefined && c.block && !/[\r\n]/.test(src.slice(c.span.end, next.span.start));
      if (prev && afterPrev && !beforeNext) push(out.trailing, prev, c);
      else if (next) push(out.leading, next, c);
      else push(out.dangling, container, c);
    }
  };

  /** Comments between a header and its `{` go before the node; the rest go to its children. */
  const body = (node: Attachable & Container, headerEnd: number, children: readonly Attachable[], cs: A.Comment[]): void => {
    const brace = findBracket(src, headerEnd, "{", comments);
    const before = cs.filter((c) => c.span.start < brace);
    for (const c of before) push(out.leading, node, c);
    seq(node, children, cs.filter((c) => c.span.start > brace));
  };

  const inside = (node: Attachable, cs: A.Comment[]): void => {
    switch (node.kind) {
      case "Pipeline":
        body(node, node.name?.span.end ?? node.span.start + "pipeline".length, node.members, cs);
        return;
      case "Object":
        body(node, node.id?.span.end ?? node.type.span.end, node.fields, cs);
        return;
      case "Default":
        body(node, node.keywordSpan.end, node.fields, cs);
        return;
      case "Param": {
        const value = node.value;
        const inValue = value ? cs.filter((c) => within(value, c)) : [];
        if (value && inValue.length) inside(value, inValue);
        const rest = cs.filter((c) => !inValue.includes(c));
        if (!node.hasBody) {
          for (const c of rest) push(out.leading, node, c);
          return;
        }
        const headerEnd = Math.max(node.name?.span.end ?? 0, node.type?.span.end ?? 0, value?.span.end ?? 0, node.span.start + "param".length);
        body(node, headerEnd, node.fields, rest);
        return;
      }
      case "Field":
      case "MapEntry": {
        const value = node.value;
        for (const c of cs) {
          if (value && within(value, c) && (value.kind === "List" || value.kind === "Map")) inside(value, [c]);
          else push(out.leading, node, c);
        }
        return;
      }
      case "List":
        for (const c of cs) {
          if (c.span.start <= node.span.start) push(out.leading, node, c);
        }
        seq(node, node.items, cs.filter((c) => c.span.start > node.span.start));
        return;
      case "Map":
        seq(node, node.entries, cs.filter((c) => c.span.start > node.span.start));
        return;
      default:
        for (const c of cs) push(out.leading, node, c);
    }
  };

  seq(ast, ast.pipelines, comments);
  return out;
}
