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

/** Children in source order without overlaps (so that binary search can place a comment among them). */
function ordered(children: readonly Attachable[]): boolean {
  for (let i = 1; i < children.length; i++) if (children[i].span.start < children[i - 1].span.end) return false;
  return true;
}

/**
 * Where a comment lies among children: the child holding it, or the last child before it and the
 * first after it. Binary search over ordered children; a linear scan otherwise (a built AST).
 */
function locate(children: readonly Attachable[], sorted: boolean, c: A.Comment): { child?: Attachable; prev?: Attachable; next?: Attachable } {
  if (!sorted) {
    const child = children.find((ch) => within(ch, c));
    if (child) return { child };
    let prev: Attachable | undefined;
    for (const ch of children) {
      if (ch.span.end <= c.span.start) prev = ch;
      else if (ch.span.start >= c.span.end) return { prev, next: ch };
    }
    return { prev };
  }
  // The first child that ends after the comment starts.
  let lo = 0;
  let hi = children.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (children[mid].span.end <= c.span.start) lo = mid + 1;
    else hi = mid;
  }
  const prev = lo > 0 ? children[lo - 1] : undefined;
  const at = children[lo];
  if (at === undefined) return { prev };
  if (within(at, c)) return { child: at };
  if (at.span.start >= c.span.end) return { prev, next: at };
  // Overlapping the comment without holding it (not produced by the parsers): as the scan would.
  for (let i = lo + 1; i < children.length; i++) if (children[i].span.start >= c.span.end) return { prev, next: children[i] };
  return { prev };
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
  const commentAt = new Map<number, A.Comment>();
  for (const c of comments) commentAt.set(c.span.start, c);

  /** Offset of the bracket `ch` at or after `from`, skipping white space and comments. */
  const findBracket = (from: number, ch: string): number => {
    let i = from;
    while (i < src.length) {
      const c = commentAt.get(i);
      if (c) {
        i = c.span.end;
        continue;
      }
      if (src[i] === ch) return i;
      i++;
    }
    return src.length;
  };

  // The first line break after an offset and the last one before an offset, each found once.
  const breakAfter = new Map<number, number>();
  const firstBreakFrom = (from: number): number => {
    let at = breakAfter.get(from);
    if (at === undefined) {
      at = src.length;
      for (let i = from; i < src.length; i++) {
        const k = src.charCodeAt(i);
        if (k === 10 || k === 13) {
          at = i;
          break;
        }
      }
      breakAfter.set(from, at);
    }
    return at;
  };
  const breakBefore = new Map<number, number>();
  const lastBreakBefore = (to: number): number => {
    let at = breakBefore.get(to);
    if (at === undefined) {
      at = -1;
      for (let i = to - 1; i >= 0; i--) {
        const k = src.charCodeAt(i);
        if (k === 10 || k === 13) {
          at = i;
          break;
        }
      }
      breakBefore.set(to, at);
    }
    return at;
  };

  const seq = (container: object, children: readonly Attachable[], cs: readonly A.Comment[]): void => {
    const sorted = ordered(children);
    // The comments inside one child are consecutive (they are sorted): each run goes to it at once.
    let holder: Attachable | undefined;
    let run: A.Comment[] = [];
    const flush = (): void => {
      if (holder) inside(holder, run);
      holder = undefined;
      run = [];
    };
    for (const c of cs) {
      const { child, prev, next } = locate(children, sorted, c);
      if (child) {
        if (child !== holder) flush();
        holder = child;
        run.push(c);
        continue;
      }
      flush();
      const afterPrev = prev !== undefined && firstBreakFrom(prev.span.end) >= c.span.start;
      // `a, /* c */ b`: a block comment on the line of the next item goes with that item.
      const beforeNext = next !== undefined && c.block && lastBreakBefore(next.span.start) < c.span.end;
      if (prev && afterPrev && !beforeNext) push(out.trailing, prev, c);
      else if (next) push(out.leading, next, c);
      else push(out.dangling, container, c);
    }
    flush();
  };

  /** Comments between a header and its `{` go before the node; the rest go to its children. */
  const body = (node: Attachable & Container, headerEnd: number, children: readonly Attachable[], cs: readonly A.Comment[]): void => {
    const brace = findBracket(headerEnd, "{");
    for (const c of cs) if (c.span.start < brace) push(out.leading, node, c);
    seq(node, children, cs.filter((c) => c.span.start > brace));
  };

  const inside = (node: Attachable, cs: readonly A.Comment[]): void => {
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
        const taken = new Set(inValue);
        const rest = cs.filter((c) => !taken.has(c));
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
