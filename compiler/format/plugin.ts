/**
 * The Prettier plugin for `.pipe` files: language, parser (our own front end) and printer.
 *
 * Comments go through Prettier's comment machinery: the printer lets Prettier attach them
 * (`canAttachComment`, `getCommentChildNodes`, `handleComments`) but decides every placement with
 * comments.ts, the same placement the synchronous `printAst` uses; Prettier then prints leading
 * and trailing comments around the nodes with `printComment`, and the printer prints the
 * dangling ones (before a closing bracket) itself. Both paths give the same text.
 */
import type { AstPath, Doc, Parser, Plugin, Printer as PrettierPrinter, SupportLanguage } from "prettier";
import { parse } from "../ast/parse.ts";
import type * as A from "../ast/nodes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { SourceFile } from "../source/source.ts";
import { attachComments, type Attached } from "./comments.ts";
import { PRINT_WIDTH, Printer, type PrintableNode } from "./print.ts";

/** The root handed to Prettier: the file's AST, its text, and (until Prettier takes them) its comments. */
export interface PipeRoot {
  readonly kind: "PipeRoot";
  readonly file: A.PipeFile;
  readonly text: string;
  readonly span: { readonly start: number; readonly end: number };
  comments?: A.Comment[];
}

type Node = PipeRoot | PrintableNode | A.Comment;

/** Thrown by the parser when a file has syntax errors: such a file is never reformatted. */
export class PipeSyntaxError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(`the file has ${diagnostics.length} syntax error${diagnostics.length === 1 ? "" : "s"}: ${diagnostics[0]?.message ?? ""}`);
    this.diagnostics = diagnostics;
  }
}

export const languages: SupportLanguage[] = [{ name: "pipe", parsers: ["pipe"], extensions: [".pipe"] }];

const locStart = (node: { span: { start: number } }): number => node.span.start;
const locEnd = (node: { span: { end: number } }): number => node.span.end;

export const parsers: Record<string, Parser<Node>> = {
  pipe: {
    astFormat: "pipe",
    locStart,
    locEnd,
    parse(text: string, options: { filepath?: string }): PipeRoot {
      const given = handedOver?.text === text ? handedOver.ast : undefined;
      if (given) return { kind: "PipeRoot", file: given, text, span: { start: 0, end: text.length }, comments: [...given.comments] };
      const { ast, diagnostics } = parse(new SourceFile(options.filepath ?? "<stdin>", text));
      const errors = diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) throw new PipeSyntaxError(errors);
      return { kind: "PipeRoot", file: ast, text, span: { start: 0, end: text.length }, comments: [...ast.comments] };
    },
  },
};

/** A tree already parsed from the text Prettier is about to parse (see `withParsed`). */
let handedOver: { readonly text: string; readonly ast: A.PipeFile } | undefined;

/**
 * Runs `f` (a Prettier call) with `ast`, parsed from `text` without syntax errors, handed to the
 * parser, so that formatting parses each file once. Prettier hands the parser the text it was
 * given unless it changed it (a byte order mark, line ends): then the parser parses anew.
 */
export async function withParsed<T>(text: string, ast: A.PipeFile, f: () => Promise<T>): Promise<T> {
  handedOver = { text, ast };
  try {
    return await f();
  } finally {
    handedOver = undefined;
  }
}

/** The children that can carry comments, in source order. */
function children(node: Node): PrintableNode[] {
  switch (node.kind) {
    case "PipeRoot":
      return [...node.file.pipelines];
    case "Pipeline":
      return [...node.members];
    case "Object":
    case "Default":
      return [...node.fields];
    case "Param":
      return node.value ? [node.value, ...node.fields] : [...node.fields];
    case "Field":
    case "MapEntry":
      return node.value ? [node.value] : [];
    case "List":
      return [...node.items];
    case "Map":
      return [...node.entries];
    default:
      return [];
  }
}

const VISITOR_KEYS: Record<string, string[]> = {
  PipeRoot: ["file"],
  File: ["pipelines"],
  Pipeline: ["members"],
  Object: ["fields"],
  Default: ["fields"],
  Param: ["value", "fields"],
  Field: ["value"],
  MapEntry: ["value"],
  List: ["items"],
  Map: ["entries"],
};

/** Per root: the placement of every comment (from comments.ts) and the printer that uses it. */
const state = new WeakMap<object, { attached: Attached; where: Map<A.Comment, { node: object; how: "leading" | "trailing" | "dangling" }> }>();

function placement(root: PipeRoot): { attached: Attached; where: Map<A.Comment, { node: object; how: "leading" | "trailing" | "dangling" }> } {
  let s = state.get(root);
  if (!s) {
    const attached = attachComments(root.file, root.text);
    const where = new Map<A.Comment, { node: object; how: "leading" | "trailing" | "dangling" }>();
    for (const how of ["leading", "trailing", "dangling"] as const) {
      for (const [node, cs] of attached[how]) for (const c of cs) where.set(c, { node: node === root.file ? root : node, how });
    }
    s = { attached, where };
    state.set(root, s);
  }
  return s;
}

/**
 * Records a comment on a node the way Prettier's `util.addLeadingComment` and its siblings do
 * (kept local so that nothing imports Prettier's main module before `pipec fmt` needs it).
 */
function addComment(node: object, comment: A.Comment, how: "leading" | "trailing" | "dangling"): void {
  const c = comment as A.Comment & { leading?: boolean; trailing?: boolean; printed?: boolean };
  c.leading = how === "leading";
  c.trailing = how === "trailing";
  c.printed = false;
  const holder = node as { comments?: A.Comment[] };
  (holder.comments ??= []).push(comment);
}

/** Every comment is placed by comments.ts; Prettier records it on the chosen node. */
function handle(comment: A.Comment, _text: string, _options: unknown, ast: Node): boolean {
  const w = placement(ast as PipeRoot).where.get(comment);
  if (!w) return false;
  addComment(w.node, comment, w.how);
  return true;
}

export const printers: Record<string, PrettierPrinter<Node>> = {
  pipe: {
    print(path: AstPath<Node>, _options, print, args): Doc {
      const node = path.node;
      const root = path.root as PipeRoot;
      const { attached } = placement(root);
      const printer = new Printer(root.file, root.text, (selector, a) => print([...selector], a), attached);
      if (node.kind === "PipeRoot") return printer.file();
      return printer.node(node as PrintableNode, (args as { depth?: number } | undefined)?.depth ?? 0);
    },
    printComment(path: AstPath<Node>): Doc {
      const root = path.root as PipeRoot;
      return new Printer(root.file, root.text, undefined, placement(root).attached).comment(path.node as A.Comment);
    },
    isBlockComment: (node: Node): boolean => node.kind === "Comment" && node.block,
    canAttachComment: (node: Node): boolean => node.kind !== "Comment" && node.kind !== "PipeRoot" && "span" in node,
    getCommentChildNodes: (node: Node): Node[] => children(node),
    getVisitorKeys: (node: Node): string[] => VISITOR_KEYS[node.kind] ?? [],
    handleComments: { ownLine: handle, endOfLine: handle, remaining: handle },
  },
};

export const defaultOptions = { printWidth: PRINT_WIDTH, tabWidth: 2, useTabs: false };

const plugin: Plugin<Node> = { languages, parsers, printers, defaultOptions };
export default plugin;
