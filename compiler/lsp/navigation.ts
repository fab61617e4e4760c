/** Definitions, references, renaming and outlines over object ids and parameters. */
import type * as A from "../ast/nodes.ts";
import { printName } from "../format/print.ts";
import type { Span } from "../source/source.ts";
import type { Analysis, Occurrence } from "./analysis.ts";

export function definitionOf(a: Analysis, offset: number): Span | undefined {
  const o = a.occurrenceAt(offset);
  if (!o) return undefined;
  return a.occurrences().find((x) => x.decl && x.kind === o.kind && x.name === o.name && x.pipeline === o.pipeline)?.span;
}

export function referencesOf(a: Analysis, offset: number, includeDeclaration: boolean): Span[] {
  const o = a.occurrenceAt(offset);
  if (!o) return [];
  return sameSymbol(a, o)
    .filter((x) => includeDeclaration || !x.decl)
    .map((x) => x.span);
}

function sameSymbol(a: Analysis, o: Occurrence): Occurrence[] {
  return a.occurrences().filter((x) => x.kind === o.kind && x.name === o.name && x.pipeline === o.pipeline);
}

export type RenameResult =
  | { readonly ok: true; readonly edits: { span: Span; text: string }[]; /** A parameter's ids, for its values files. */ readonly param?: { readonly from: string; readonly to: string } }
  | { readonly ok: false; readonly message: string };

/** The span and the current name of what can be renamed at an offset. */
export function prepareRename(a: Analysis, offset: number): { span: Span; name: string } | undefined {
  const o = a.occurrenceAt(offset);
  if (!o || a.definition) return undefined;
  return { span: o.span, name: o.kind === "param" ? o.name.replace(/^\*/, "") : o.name };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function rename(a: Analysis, offset: number, newName: string): RenameResult {
  const o = a.occurrenceAt(offset);
  if (!o) return { ok: false, message: "nothing to rename here: place the cursor on an object id or a parameter" };
  if (a.definition) return { ok: false, message: "definition JSON is not renamed from the editor; import it with `pipec import` first" };
  if (o.kind === "param") {
    const bare = newName.replace(/^\*/, "");
    if (!/^my[A-Za-z0-9_]+$/.test(bare)) return { ok: false, message: `'${newName}' is not a parameter id: it starts with \`my\`, then letters, digits and \`_\`` };
    const id = o.name.startsWith("*") ? `*${bare}` : bare;
    if (id === o.name) return { ok: true, edits: [] };
    if (o.pipeline.parameters.some((p) => p.id === id || p.id.replace(/^\*/, "") === bare)) return { ok: false, message: `a parameter '${bare}' already exists in pipeline ${o.pipeline.name}` };
    return { ok: true, edits: sameSymbol(a, o).map((x) => ({ span: x.span, text: a.text.slice(x.span.start, x.span.end).startsWith("*") ? `*${bare}` : bare })), param: { from: o.name, to: id } };
  }
  if (newName.length === 0 || /[\r\n]/.test(newName)) return { ok: false, message: "an object id cannot be empty or hold a line break" };
  if (newName === o.name) return { ok: true, edits: [] };
  if (o.pipeline.byId.has(newName) || newName === "Default") return { ok: false, message: `an object '${newName}' already exists in pipeline ${o.pipeline.name}` };
  const text = IDENT.test(newName) ? printName(newName, false) : printName(newName, true);
  return { ok: true, edits: sameSymbol(a, o).map((x) => ({ span: x.span, text })) };
}

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: "namespace" | "object" | "variable" | "constant" | "field" | "class";
  readonly span: Span;
  readonly selection: Span;
  readonly children: OutlineSymbol[];
}

export function outline(ast: A.PipeFile): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const p of ast.pipelines) {
    const children: OutlineSymbol[] = [];
    for (const m of p.members) {
      switch (m.kind) {
        case "Object":
          children.push({ name: m.id?.value ?? "(no id)", detail: m.type.value, kind: "object", span: m.span, selection: m.id?.span ?? m.type.span, children: fields(m.fields) });
          break;
        case "Default":
          children.push({ name: "default", detail: "Default", kind: "class", span: m.span, selection: m.keywordSpan, children: fields(m.fields) });
          break;
        case "Param":
          if (m.name) children.push({ name: `${m.encrypted ? "*" : ""}${m.name.value}`, detail: m.type ? `param: ${m.type.value}` : "param", kind: "variable", span: m.span, selection: m.name.span, children: [] });
          break;
        case "Field":
          children.push({ name: m.key.value, detail: "", kind: "field", span: m.span, selection: m.key.span, children: [] });
          break;
      }
    }
    out.push({ name: p.name?.value ?? "pipeline", detail: "pipeline", kind: "namespace", span: p.span, selection: p.name?.span ?? p.span, children });
  }
  return out;
}

function fields(fs: readonly A.Field[]): OutlineSymbol[] {
  return fs.map((f) => ({ name: f.key.value, detail: "", kind: "field" as const, span: f.span, selection: f.key.span, children: [] }));
}
