/**
 * An editor's side of the language server, for tests and the benchmark: spawns `pipec lsp
 * --stdio` (a given bin) and speaks LSP over its standard input and output with
 * vscode-jsonrpc and vscode-languageserver-protocol, as an editor would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type Diagnostic,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";

export interface LspClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  readonly initialized: InitializeResult;
  /** Everything the server wrote to stderr. */
  stderr(): string;
  open(path: string, text: string, languageId?: string): Promise<Diagnostic[]>;
  /** Replaces the whole text; resolves with the diagnostics published for the new version. */
  change(path: string, text: string): Promise<Diagnostic[]>;
  /** Sends a change without waiting for its diagnostics. */
  changeNoWait(path: string, text: string): void;
  /** Replaces a range (as an editor sends a keystroke); resolves with the diagnostics of the new version. */
  edit(path: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<Diagnostic[]>;
  /** The next diagnostics published for a document at or after a version. */
  diagnostics(path: string, minVersion: number): Promise<PublishDiagnosticsParams>;
  request<R>(method: string, params: unknown): Promise<R>;
  version(path: string): number;
  close(): Promise<number | null>;
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

export async function startClient(bin: string, options: { cwd?: string; env?: NodeJS.ProcessEnv; node?: string; root?: string; initializationOptions?: unknown } = {}): Promise<LspClient> {
  const child = spawn(options.node ?? process.execPath, [bin, "lsp", "--stdio"], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString("utf8")));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const versions = new Map<string, number>();
  const published = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: { uri: string; min: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const list = published.get(p.uri) ?? [];
    list.push(p);
    published.set(p.uri, list);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w.uri === p.uri && (p.version ?? -1) >= w.min) {
        waiters.splice(i, 1);
        w.resolve(p);
      }
    }
  });
  connection.onRequest("client/registerCapability", () => null);
  connection.onNotification("window/logMessage", () => undefined);
  connection.listen();
  const root = options.root ?? options.cwd;
  const initialized = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: root ? uriOf(root) : null,
    workspaceFolders: root ? [{ uri: uriOf(root), name: "root" }] : null,
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    initializationOptions: options.initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});

  const diagnostics = (path: string, minVersion: number): Promise<PublishDiagnosticsParams> => {
    const uri = uriOf(path);
    const have = (published.get(uri) ?? []).find((p) => (p.version ?? -1) >= minVersion);
    if (have) return Promise.resolve(have);
    return new Promise((resolve) => waiters.push({ uri, min: minVersion, resolve }));
  };
  const changeNoWait = (path: string, text: string): void => {
    const v = (versions.get(path) ?? 0) + 1;
    versions.set(path, v);
    published.delete(uriOf(path));
    void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(path), version: v }, contentChanges: [{ text }] });
  };
  return {
    connection,
    child,
    initialized,
    stderr: () => err,
    async open(path, text, languageId = path.endsWith(".json") ? "json" : "pipe") {
      versions.set(path, 1);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(path), languageId, version: 1, text } });
      return (await diagnostics(path, 1)).diagnostics;
    },
    async change(path, text) {
      changeNoWait(path, text);
      return (await diagnostics(path, versions.get(path)!)).diagnostics;
    },
    changeNoWait,
    async edit(path, range, newText) {
      const v = (versions.get(path) ?? 0) + 1;
      versions.set(path, v);
      published.delete(uriOf(path));
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(path), version: v }, contentChanges: [{ range, text: newText }] });
      return (await diagnostics(path, v)).diagnostics;
    },
    diagnostics,
    request: <R>(method: string, params: unknown) => connection.sendRequest(method, params) as Promise<R>,
    version: (path) => versions.get(path) ?? 0,
    async close() {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        child.kill();
      }
      const code = await Promise.race([exited, new Promise<number | null>((r) => setTimeout(() => (child.kill(), r(null)), 5000))]);
      connection.dispose();
      return code;
    },
  };
}
