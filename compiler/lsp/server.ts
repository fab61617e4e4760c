/**
 * `pipec lsp --stdio`: the language server. Every answer comes from the compiler's own stages
 * (parse, resolve, validate, the rules' fixes, the formatter, `pipec explain`'s texts) run on the
 * editor's text; nothing here checks anything on its own.
 *
 * Robustness: every request handler is guarded, so a failure answers that one request with an
 * error (InternalError) and the server keeps serving; a failure while checking a document is
 * published as one PIPE9003 diagnostic. `PIPEC_LSP_FAIL=<method>[,<method>]` makes those
 * requests fail on purpose, for testing an editor's handling of server errors.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FoldingRangeKind,
  InsertTextFormat,
  MarkupKind,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type Range,
  type SymbolInformation,
  type TextEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { parse } from "../ast/parse.ts";
import { codeInfo } from "../catalog.ts";
import { ConfigLoader } from "../config/config.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { SourceFile, type Span } from "../source/source.ts";
import { codeActions, fixAll } from "./actions.ts";
import { analyse, type Analysis } from "./analysis.ts";
import { complete, type ItemKind } from "./completion.ts";
import { hover } from "./hover.ts";
import { valuesFileRenames } from "./environments.ts";
import { CheckCache } from "./incremental.ts";
import { definitionOf, outline, prepareRename, referencesOf, rename, type OutlineSymbol } from "./navigation.ts";
import { folds, inlayHints, semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from "./presentation.ts";

export interface ServerOptions {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
}

/**
 * The pause, in ms (initializationOptions.debounceMs): an edit made within it of the last check
 * waits for it to pass (and for the edits that follow), an edit after a quiet spell is checked at once.
 */
const DEFAULT_DEBOUNCE_MS = 15;
/** Files read for workspace symbols, at most. */
const MAX_WORKSPACE_FILES = 5000;

/** Runs the server until the client sends `exit` or closes the connection; resolves with the exit code. */
export function runLanguageServer(options: ServerOptions = {}): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(options.input ?? process.stdin), new StreamMessageWriter(options.output ?? process.stdout));
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis }>();
  const timers = new Map<string, NodeJS.Timeout>();
  const lastChecked = new Map<string, number>();
  const caches = new Map<string, CheckCache>();
  const failOn = new Set((process.env.PIPEC_LSP_FAIL ?? "").split(",").map((s) => s.trim()).filter(Boolean));
  let configs = new ConfigLoader();
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let roots: string[] = [];
  const explainBase = diagnosticsDocUrl();

  const log = (message: string): void => connection.console.error(`pipec: ${message}`);

  // A failure outside any request (a timer, a stream) is logged; the server keeps serving.
  process.on("uncaughtException", (e) => log(`internal error: ${(e as Error)?.stack ?? String(e)}`));
  process.on("unhandledRejection", (e) => log(`internal error: ${(e as Error)?.stack ?? String(e)}`));

  /** Answers a request; a failure becomes an error response to this request only. */
  function guard<P, R>(method: string, fn: (params: P) => R): (params: P) => R | ResponseError<void> {
    return (params: P) => {
      try {
        if (failOn.has(method)) throw new Error(`${method} failed on purpose (PIPEC_LSP_FAIL)`);
        return fn(params);
      } catch (e) {
        log(`${method} failed: ${(e as Error)?.stack ?? String(e)}`);
        return new ResponseError<void>(ErrorCodes.InternalError, `pipec: ${method} failed: ${(e as Error)?.message ?? String(e)}`);
      }
    };
  }

  function pathOf(uri: string): string {
    if (uri.startsWith("file:")) {
      try {
        return fileURLToPath(uri);
      } catch {
        return uri;
      }
    }
    return uri;
  }

  function analysisOf(doc: TextDocument): Analysis {
    const hit = analyses.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    let cache = caches.get(doc.uri);
    if (!cache) caches.set(doc.uri, (cache = new CheckCache()));
    const analysis = analyse(pathOf(doc.uri), doc.getText(), configs, cache);
    analyses.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  function docOf(uri: string): TextDocument {
    const doc = documents.get(uri);
    if (!doc) throw new Error(`the document ${uri} is not open`);
    return doc;
  }

  const range = (doc: TextDocument, s: Span): Range => ({ start: doc.positionAt(s.start), end: doc.positionAt(s.end) });
  const spanOf = (doc: TextDocument, r: Range): Span => ({ start: doc.offsetAt(r.start), end: doc.offsetAt(r.end) });

  function toLsp(doc: TextDocument, a: Analysis, d: Diagnostic): LspDiagnostic {
    const out: LspDiagnostic = {
      range: range(doc, d.span),
      severity: d.severity === "error" ? DiagnosticSeverity.Error : d.severity === "warning" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
      code: d.code,
      source: "pipec",
      message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    };
    if (explainBase) out.codeDescription = { href: `${explainBase}#${d.code.toLowerCase()}` };
    if (d.related?.length) {
      out.relatedInformation = d.related.map((r) => {
        const same = r.file === a.path;
        const src = same ? undefined : readSourceSafe(r.file);
        const rr: Range = same ? range(doc, r.span) : src ? lineRange(src, r.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        return { location: { uri: same ? doc.uri : pathToFileURL(r.file).href, range: rr }, message: r.message };
      });
    }
    return out;
  }

  function publish(uri: string): void {
    const doc = documents.get(uri);
    if (!doc) return;
    let diagnostics: LspDiagnostic[];
    try {
      if (doc.uri.toLowerCase().endsWith(".json") && !/"(?:objects|pipelineObjects)"\s*:/.test(doc.getText())) diagnostics = [];
      else {
        const a = analysisOf(doc);
        diagnostics = a.diagnostics.filter((d) => d.file === a.path).map((d) => toLsp(doc, a, d));
      }
    } catch (e) {
      log(`checking ${uri} failed: ${(e as Error)?.stack ?? String(e)}`);
      diagnostics = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, code: "PIPE9003", source: "pipec", message: `internal error while checking this file: ${(e as Error)?.message ?? String(e)}` }];
    }
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    lastChecked.set(uri, performance.now());
  }

  function schedule(uri: string, delay: number): void {
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    if (delay <= 0) {
      timers.delete(uri);
      publish(uri);
      return;
    }
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        publish(uri);
      }, delay),
    );
  }

  connection.onInitialize((params) => {
    const init = (params.initializationOptions ?? {}) as { debounceMs?: unknown };
    if (typeof init.debounceMs === "number" && init.debounceMs >= 0 && init.debounceMs <= 10_000) debounceMs = init.debounceMs;
    roots = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri));
    if (roots.length === 0 && params.rootUri) roots = [pathOf(params.rootUri)];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["@", "<", ".", "="], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll], resolveProvider: true },
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
        inlayHintProvider: true,
      },
      serverInfo: { name: "pipec", version: typeof PIPEC_VERSION === "string" ? PIPEC_VERSION : "0.0.0-dev" },
    };
  });

  connection.onInitialized(() => {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/{pipec.config.json,.pipecrc.json}" }] }).catch(() => undefined);
  });

  connection.onDidChangeWatchedFiles(() => {
    configs = new ConfigLoader();
    analyses.clear();
    caches.clear();
    for (const d of documents.all()) schedule(d.uri, 0);
  });

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    // didOpen also fires a content change: the open is checked at once.
    if (!timers.has(uri) && analyses.get(uri)?.version === e.document.version) return;
    // An edit after a quiet spell is checked at once; edits that follow it within the pause wait
    // for the pause to pass, so that typing is checked once per pause, not once per keystroke.
    const quiet = !timers.has(uri) && performance.now() - (lastChecked.get(uri) ?? -Infinity) >= debounceMs;
    schedule(uri, quiet ? 0 : debounceMs);
  });
  documents.onDidClose((e) => {
    const t = timers.get(e.document.uri);
    if (t) clearTimeout(t);
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    lastChecked.delete(e.document.uri);
    caches.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(
    guard("textDocument/hover", (params) => {
      const doc = docOf(params.textDocument.uri);
      const a = analysisOf(doc);
      const offset = doc.offsetAt(params.position);
      const h = hover(a, offset);
      const explained = a.diagnostics.filter((d) => d.file === a.path && d.span.start <= offset && offset <= d.span.end).map((d) => explainText(d.code));
      const parts = [...(h ? [h.markdown] : []), ...new Set(explained.filter((x): x is string => x !== undefined))];
      if (parts.length === 0) return null;
      return { contents: { kind: MarkupKind.Markdown, value: parts.join("\n\n---\n\n") }, range: h ? range(doc, h.span) : undefined };
    }),
  );

  connection.onCompletion(
    guard("textDocument/completion", (params) => {
      const doc = docOf(params.textDocument.uri);
      const a = analysisOf(doc);
      if (a.definition) return { isIncomplete: false, items: [] };
      const c = complete(a, doc.offsetAt(params.position));
      const r = range(doc, c.replace);
      const items: CompletionItem[] = c.items.map((i) => ({
        label: i.label,
        kind: ITEM_KINDS[i.kind],
        detail: i.detail,
        documentation: i.documentation ? { kind: MarkupKind.Markdown, value: i.documentation } : undefined,
        sortText: i.sort,
        insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range: r, newText: i.insert ?? i.label },
        filterText: i.label,
      }));
      return { isIncomplete: false, items };
    }),
  );

  connection.onDefinition(
    guard("textDocument/definition", (params) => {
      const doc = docOf(params.textDocument.uri);
      const s = definitionOf(analysisOf(doc), doc.offsetAt(params.position));
      return s ? { uri: doc.uri, range: range(doc, s) } : null;
    }),
  );

  connection.onReferences(
    guard("textDocument/references", (params) => {
      const doc = docOf(params.textDocument.uri);
      return referencesOf(analysisOf(doc), doc.offsetAt(params.position), params.context.includeDeclaration).map((s) => ({ uri: doc.uri, range: range(doc, s) }));
    }),
  );

  connection.onPrepareRename(
    guard("textDocument/prepareRename", (params) => {
      const doc = docOf(params.textDocument.uri);
      const p = prepareRename(analysisOf(doc), doc.offsetAt(params.position));
      return p ? { range: range(doc, p.span), placeholder: p.name } : null;
    }),
  );

  connection.onRenameRequest((params) => {
    try {
      const doc = docOf(params.textDocument.uri);
      const r = rename(analysisOf(doc), doc.offsetAt(params.position), params.newName);
      if (!r.ok) return new ResponseError<void>(ErrorCodes.InvalidRequest, r.message);
      const changes: Record<string, TextEdit[]> = { [doc.uri]: r.edits.map((e) => ({ range: range(doc, e.span), newText: e.text })) };
      // A parameter's values in the values files next to the source are renamed with it.
      if (r.param) {
        for (const f of valuesFileRenames(pathOf(doc.uri), r.param.from, r.param.to)) {
          const src = new SourceFile(f.path, f.text);
          changes[pathToFileURL(f.path).href] = f.edits.map((e) => ({ range: lineRange(src, e.span), newText: e.text }));
        }
      }
      return { changes };
    } catch (e) {
      log(`rename failed: ${(e as Error)?.stack ?? String(e)}`);
      return new ResponseError<void>(ErrorCodes.InternalError, `pipec: textDocument/rename failed: ${(e as Error)?.message ?? String(e)}`);
    }
  });

  connection.onDocumentSymbol(
    guard("textDocument/documentSymbol", (params) => {
      const doc = docOf(params.textDocument.uri);
      const toSymbol = (s: OutlineSymbol): DocumentSymbol => ({ name: s.name || " ", detail: s.detail, kind: SYMBOL_KINDS[s.kind], range: range(doc, s.span), selectionRange: range(doc, s.selection), children: s.children.map(toSymbol) });
      return outline(analysisOf(doc).ast).map(toSymbol);
    }),
  );

  connection.onWorkspaceSymbol(
    guard("workspace/symbol", (params) => {
      const query = params.query.toLowerCase();
      const out: SymbolInformation[] = [];
      const seen = new Set<string>();
      const add = (uri: string, src: SourceFile, symbols: readonly OutlineSymbol[], container?: string): void => {
        for (const s of symbols) {
          if (s.kind !== "field" && (query === "" || s.name.toLowerCase().includes(query))) {
            out.push({ name: s.name, kind: SYMBOL_KINDS[s.kind], containerName: container, location: { uri, range: lineRange(src, s.selection) } });
          }
          if (s.kind === "namespace") add(uri, src, s.children, s.name);
        }
      };
      for (const doc of documents.all()) {
        seen.add(pathOf(doc.uri));
        const a = analysisOf(doc);
        add(doc.uri, a.source, outline(a.ast));
      }
      for (const file of workspaceFiles(roots)) {
        if (seen.has(file) || out.length > 2000) continue;
        const parsed = parsedFile(file);
        if (parsed) add(pathToFileURL(file).href, parsed.source, parsed.symbols);
      }
      return out.slice(0, 2000);
    }),
  );

  connection.onFoldingRanges(
    guard("textDocument/foldingRange", (params) => {
      const doc = docOf(params.textDocument.uri);
      const a = analysisOf(doc);
      if (a.definition) return [];
      return folds(a).map((f) => ({ startLine: f.startLine, endLine: f.endLine, kind: f.comment ? FoldingRangeKind.Comment : undefined }));
    }),
  );

  connection.languages.semanticTokens.on(
    guard("textDocument/semanticTokens/full", (params) => {
      const doc = docOf(params.textDocument.uri);
      const a = analysisOf(doc);
      return { data: a.definition ? [] : semanticTokens(a) };
    }),
  );

  connection.languages.inlayHint.on(
    guard("textDocument/inlayHint", (params) => {
      const doc = docOf(params.textDocument.uri);
      const a = analysisOf(doc);
      if (a.definition) return [];
      return inlayHints(a, spanOf(doc, params.range)).map((h) => ({ position: doc.positionAt(h.offset), label: h.label, tooltip: h.tooltip, paddingLeft: true }));
    }),
  );

  connection.onDocumentFormatting(async (params) => {
    try {
      if (failOn.has("textDocument/formatting")) throw new Error("textDocument/formatting failed on purpose (PIPEC_LSP_FAIL)");
      const doc = docOf(params.textDocument.uri);
      if (doc.uri.toLowerCase().endsWith(".json")) return [];
      const { formatSource } = await import("../format/index.ts");
      const text = doc.getText();
      const r = await formatSource(text, pathOf(doc.uri));
      if (r.formatted === undefined || r.formatted === text) return [];
      const edit: TextEdit = { range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: r.formatted };
      return [edit];
    } catch (e) {
      log(`formatting failed: ${(e as Error)?.stack ?? String(e)}`);
      return new ResponseError<void>(ErrorCodes.InternalError, `pipec: textDocument/formatting failed: ${(e as Error)?.message ?? String(e)}`);
    }
  });

  connection.onCodeAction(
    guard("textDocument/codeAction", (params) => {
      const doc = docOf(params.textDocument.uri);
      const a = analysisOf(doc);
      const out: CodeAction[] = [];
      for (const act of codeActions(a, spanOf(doc, params.range), params.context.only)) {
        const action: CodeAction = { title: act.title, kind: act.kind === "quickfix" ? CodeActionKind.QuickFix : CodeActionKind.SourceFixAll, isPreferred: act.preferred || undefined };
        if (act.diagnostic) action.diagnostics = [toLsp(doc, a, act.diagnostic)];
        if (act.kind === "quickfix") action.edit = { changes: { [doc.uri]: act.edits.map((e) => ({ range: range(doc, e.span), newText: e.text })) } };
        else action.data = { uri: doc.uri, version: doc.version };
        out.push(action);
      }
      return out;
    }),
  );

  connection.onCodeActionResolve(
    guard("codeAction/resolve", (action: CodeAction) => {
      const data = action.data as { uri?: unknown; version?: unknown } | undefined;
      if (!data || typeof data.uri !== "string") return action;
      const doc = docOf(data.uri);
      if (doc.version !== data.version) return action;
      const a = analysisOf(doc);
      const fixed = fixAll(a, (t) => analyse(a.path, t, configs).diagnostics);
      if (fixed !== undefined) action.edit = { changes: { [doc.uri]: [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(a.text.length) }, newText: fixed }] } };
      return action;
    }),
  );

  documents.listen(connection);
  return new Promise<number>((resolveDone) => {
    // Exit code 0 after `shutdown` then `exit`, 1 when the editor went away without them (as the protocol asks).
    let shutdown = false;
    const done = (): void => {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      const code = shutdown ? 0 : 1;
      resolveDone(code);
      // The library watches the editor's process with a timer that would keep this one alive:
      // once the command has finished (the code cache saved), the process ends.
      setTimeout(() => process.exit(code), 500).unref();
    };
    connection.onShutdown(() => {
      shutdown = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    });
    connection.onExit(done);
    const input = options.input ?? process.stdin;
    input.on("end", done);
    input.on("close", done);
    connection.listen();
  });

  function explainText(code: string): string | undefined {
    const info = codeInfo(code);
    if (!info) return undefined;
    return `**${info.code}** ${info.name} (${info.severity}): ${info.summary}${info.explanation ? `\n\n${info.explanation}` : ""}`;
  }
}

declare const PIPEC_VERSION: string | undefined;

const ITEM_KINDS: Readonly<Record<ItemKind, CompletionItemKind>> = {
  class: CompletionItemKind.Class,
  field: CompletionItemKind.Field,
  reference: CompletionItemKind.Reference,
  enumMember: CompletionItemKind.EnumMember,
  value: CompletionItemKind.Value,
  function: CompletionItemKind.Function,
  property: CompletionItemKind.Property,
  variable: CompletionItemKind.Variable,
  keyword: CompletionItemKind.Keyword,
  typeParameter: CompletionItemKind.TypeParameter,
};

const SYMBOL_KINDS: Readonly<Record<OutlineSymbol["kind"], SymbolKind>> = {
  namespace: SymbolKind.Namespace,
  object: SymbolKind.Object,
  variable: SymbolKind.Variable,
  constant: SymbolKind.Constant,
  field: SymbolKind.Field,
  class: SymbolKind.Class,
};

function lineRange(src: SourceFile, s: Span): Range {
  const a = src.position(s.start);
  const b = src.position(s.end);
  return { start: { line: a.line - 1, character: a.column - 1 }, end: { line: b.line - 1, character: b.column - 1 } };
}

function readSourceSafe(file: string): SourceFile | undefined {
  try {
    return new SourceFile(file, readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** `docs/diagnostics.md` of the installed package (what `pipec explain` prints, per code), as a file URL. */
function diagnosticsDocUrl(): string | undefined {
  try {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 4; i++) {
      const candidate = join(dir, "docs", "diagnostics.md");
      if (existsSync(candidate)) return pathToFileURL(candidate).href;
      dir = dirname(dir);
    }
  } catch {
    // no file URL for this module: no links
  }
  return undefined;
}

const parsedCache = new Map<string, { mtimeMs: number; source: SourceFile; symbols: OutlineSymbol[] }>();

function parsedFile(file: string): { source: SourceFile; symbols: OutlineSymbol[] } | undefined {
  try {
    const mtimeMs = statSync(file).mtimeMs;
    const hit = parsedCache.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit;
    const source = new SourceFile(file, readFileSync(file, "utf8"));
    const entry = { mtimeMs, source, symbols: outline(parse(source).ast) };
    parsedCache.set(file, entry);
    return entry;
  } catch {
    return undefined;
  }
}

/** `.pipe` files under the workspace folders (not in node_modules or hidden directories). */
function workspaceFiles(roots: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 12 || out.length >= MAX_WORKSPACE_FILES) return;
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile() && e.name.endsWith(".pipe")) out.push(p);
      if (out.length >= MAX_WORKSPACE_FILES) return;
    }
  };
  for (const r of roots) walk(r, 0);
  return out;
}
