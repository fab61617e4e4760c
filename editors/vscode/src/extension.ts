/**
 * The VS Code client: starts `pipec lsp --stdio` (the workspace's node_modules/.bin/pipec, else
 * pipec on the PATH, or the `pipec.path` setting) and connects it to `.pipe` documents and, when
 * `pipec.checkDefinitionJson` is on, to Data Pipeline definition JSON.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function serverCommand(): string {
  const configured = vscode.workspace.getConfiguration("pipec").get<string>("path")?.trim();
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = join(folder.uri.fsPath, "node_modules", ".bin", process.platform === "win32" ? "pipec.cmd" : "pipec");
    if (existsSync(local)) return local;
  }
  return "pipec";
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("pipec");
  const command = serverCommand();
  const run = { command, args: ["lsp", "--stdio"], options: { shell: process.platform === "win32" && command.endsWith(".cmd") } };
  const serverOptions: ServerOptions = { run, debug: run };
  const documentSelector: LanguageClientOptions["documentSelector"] = [{ scheme: "file", language: "pipe" }];
  if (config.get<boolean>("checkDefinitionJson", true)) documentSelector.push({ scheme: "file", language: "json" });
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions: { debounceMs: config.get<number>("debounceMs", 15) },
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{pipec.config.json,.pipecrc.json,*.values.*.json}") },
  };
  client = new LanguageClient("pipec", "pipec language server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`pipec: could not start '${command} lsp --stdio': ${(e as Error).message}. Install pipec (npm install --save-dev pipec) or set pipec.path.`);
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("pipec.restartServer", async () => {
      await client?.stop();
      client = undefined;
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("pipec.path") || e.affectsConfiguration("pipec.checkDefinitionJson") || e.affectsConfiguration("pipec.debounceMs")) {
        await client?.stop();
        client = undefined;
        await start(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
