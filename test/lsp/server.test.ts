/**
 * `pipec lsp --stdio` driven as an editor drives it: the real CLI (a scratch build of the bin)
 * spawned, LSP spoken over stdio with vscode-jsonrpc and vscode-languageserver-protocol. The
 * answers are checked against the examples as written (positions found in their text, values
 * worked out by hand), against `pipec check` and `pipec fmt` run as separate processes, and on
 * broken files.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, InlayHint, Location, Position, SymbolInformation, TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol";
import { generate } from "../../bench/generate.ts";
import { NODE, REPO, scratchCli, type ScratchCli } from "../helpers/scratch-cli.ts";
import { startClient, uriOf, type LspClient } from "./client.ts";

let cli: ScratchCli;
let client: LspClient;
let work: string;

beforeAll(async () => {
  cli = scratchCli("pipec-lsp-");
  // As installed: docs/ beside dist/ (diagnostics link to docs/diagnostics.md).
  symlinkSync(join(REPO, "docs"), join(cli.bin, "..", "..", "docs"));
  work = join(cli.work, "ws");
  mkdirSync(work, { recursive: true });
  for (const f of ["partner-feeds.pipe", "partner-feeds.values.dev.json", "partner-feeds.values.prod.json", "nightly-sales-etl.pipe", "hello-world.pipe"]) {
    writeFileSync(join(work, f), readFileSync(join(REPO, "examples", f)));
  }
  client = await startClient(cli.bin, { node: NODE, cwd: work, initializationOptions: { debounceMs: 5 } });
}, 180_000);

afterAll(async () => {
  await client?.close();
  cli?.remove();
});

/** The LSP position of `needle` (plus `delta` characters) in `text`. */
function pos(text: string, needle: string, delta = 0): Position {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' is not in the text`);
  const before = text.slice(0, i + delta).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function offsetOf(text: string, p: Position): number {
  const lines = text.split("\n");
  let o = 0;
  for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
  return o + p.character;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetOf(out, e.range.start)) + e.newText + out.slice(offsetOf(out, e.range.end));
  return out;
}

const hoverText = (h: Hover | null): string => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");

/** `pipec check --format json` on a file, as [code, line, column] (1-based). */
function checkWithCli(file: string): [string, number, number][] {
  const r = spawnSync(NODE, [cli.bin, "check", "--format", "json", file], { encoding: "utf8", cwd: work });
  const parsed = JSON.parse(r.stdout) as unknown;
  const list = (Array.isArray(parsed) ? parsed : ((parsed as { diagnostics?: unknown[] }).diagnostics ?? [])) as { code: string; range?: { start: { line: number; column: number } }; line?: number; column?: number }[];
  return list.map((d) => [d.code, d.range?.start.line ?? d.line ?? 0, d.range?.start.column ?? d.column ?? 0]);
}

describe("pipec lsp --stdio", () => {
  it("announces its features", () => {
    const c = client.initialized.capabilities;
    expect(client.initialized.serverInfo?.name).toBe("pipec");
    for (const k of ["hoverProvider", "completionProvider", "definitionProvider", "referencesProvider", "renameProvider", "documentSymbolProvider", "workspaceSymbolProvider", "foldingRangeProvider", "documentFormattingProvider", "codeActionProvider", "semanticTokensProvider", "inlayHintProvider"]) {
      expect(c, k).toHaveProperty(k);
    }
  });

  it("publishes what pipec check reports, at the same places, for every example", async () => {
    for (const f of ["partner-feeds.pipe", "nightly-sales-etl.pipe", "hello-world.pipe"]) {
      const file = join(work, f);
      const diags = await client.open(file, readFileSync(file, "utf8"));
      const fromLsp = diags.map((d) => [String(d.code), d.range.start.line + 1, d.range.start.character + 1]);
      expect(fromLsp, f).toEqual(checkWithCli(file));
      expect(diags.filter((d) => d.severity === 1), f).toEqual([]);
    }
  });

  it("reports mistakes on change, with codes, explanations and related places, and clears them when fixed", async () => {
    const file = join(work, "broken.pipe");
    const good = readFileSync(join(REPO, "examples", "partner-feeds.pipe"), "utf8");
    expect(await client.open(file, good)).toEqual([]);
    // An unknown reference, a misspelt field, a cycle and a duplicate id.
    const broken = good
      .replace("    runsOn = Worker\n    dependsOn = FetchAcme\n", "    runsOn = Wroker\n    dependsOn = MergeFeeds\n    comand = \"x\"\n")
      .replace("ShellCommandActivity FetchGlobex {", "ShellCommandActivity FetchAcme {")
      .replace("dependsOn = [FetchAcme, FetchGlobex]", "dependsOn = [FetchAcme, AuditAcme]");
    writeFileSync(file, broken);
    const diags = await client.change(file, broken);
    const codes = diags.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(["PIPE2003", "PIPE2005", "PIPE2001"]));
    expect(diags.map((d) => [String(d.code), d.range.start.line + 1, d.range.start.character + 1])).toEqual(checkWithCli(file));
    const unknownRef = diags.find((d) => d.code === "PIPE2003")!;
    expect(unknownRef.range).toEqual({ start: pos(broken, "Wroker"), end: pos(broken, "Wroker", 6) });
    expect(unknownRef.codeDescription?.href).toMatch(/diagnostics\.md#pipe2003$/);
    const duplicate = diags.find((d) => d.code === "PIPE2001")!;
    expect(duplicate.relatedInformation?.[0].location.range.start).toEqual(pos(broken, "FetchAcme {"));
    // A cycle AuditAcme -> MergeFeeds -> AuditAcme: one end reported, the other related.
    const cycle = diags.find((d) => d.relatedInformation?.some((r) => /circle/.test(r.message)))!;
    expect(cycle, "a cycle names the other edges").toBeDefined();
    const ends = [pos(broken, "dependsOn = MergeFeeds", 12), pos(broken, "AuditAcme]")];
    expect(ends).toContainEqual(cycle.range.start);
    expect(ends).toContainEqual(cycle.relatedInformation![0].location.range.start);
    expect(cycle.range.start).not.toEqual(cycle.relatedInformation![0].location.range.start);
    // Hover on a diagnostic explains its code as `pipec explain` does.
    const explain = spawnSync(NODE, [cli.bin, "explain", "PIPE2003"], { encoding: "utf8" }).stdout;
    const h = await client.request<Hover>("textDocument/hover", { textDocument: { uri: uriOf(file) }, position: pos(broken, "Wroker", 2) });
    expect(hoverText(h)).toContain(explain.split("\n")[2].trim());
    // Fixed again: no diagnostics.
    expect(await client.change(file, good)).toEqual([]);
  });

  it("agrees with pipec check while a file of several pipelines is edited", async () => {
    const file = join(work, "estate.pipe");
    let text = generate({ objects: 300, seed: 3 });
    writeFileSync(file, text);
    expect(await client.open(file, text)).toEqual([]);
    const starts = [...text.matchAll(/^pipeline /gm)].map((m) => m.index);
    expect(starts.length).toBeGreaterThanOrEqual(3);
    const edits: [number, string][] = [
      [text.indexOf("runsOn = ", starts[2]) + 9, "Nowhere"], // an unknown ref in the third pipeline
      [text.indexOf('description = "', starts[1]) + 15, "typed "], // typing in the second
      [starts[0], "// moved\n"], // everything moves
    ];
    for (const [at, insert] of edits) {
      const before = text.slice(0, at).split("\n");
      const p = { line: before.length - 1, character: before[before.length - 1].length };
      text = `${text.slice(0, at)}${insert}${text.slice(at)}`;
      writeFileSync(file, text);
      const diags = await client.edit(file, { start: p, end: p }, insert);
      expect(diags.map((d) => [String(d.code), d.range.start.line + 1, d.range.start.character + 1])).toEqual(checkWithCli(file));
      expect(diags.length).toBeGreaterThan(0);
    }
  });

  it("answers a burst of edits with the diagnostics of the last one", async () => {
    const file = join(work, "burst.pipe");
    const good = readFileSync(join(REPO, "examples", "hello-world.pipe"), "utf8");
    await client.open(file, good);
    for (let i = 0; i < 20; i++) client.changeNoWait(file, `${good}\n// edit ${i}\nbroken ${i} {`);
    const last = await client.diagnostics(file, client.version(file));
    expect(last.version).toBe(21);
    expect(last.diagnostics.some((d) => d.severity === 1)).toBe(true);
  });

  describe("on partner-feeds.pipe", () => {
    let file: string;
    let text: string;
    const td = (): { uri: string } => ({ uri: uriOf(file) });
    beforeAll(() => {
      file = join(work, "partner-feeds.pipe");
      text = readFileSync(file, "utf8");
    });

    it("hovers object types, fields, functions, run-time slots and parameters per environment", async () => {
      const at = (needle: string, delta = 1) => client.request<Hover>("textDocument/hover", { textDocument: td(), position: pos(text, needle, delta) }).then(hoverText);
      expect(await at("ShellCommandActivity FetchAcme")).toMatch(/\*\*ShellCommandActivity\*\* \(activity\)/);
      const failure = await at("failureAndRerunMode");
      expect(failure).toContain("Allowed values");
      expect(failure).toContain("`cascade`");
      expect(await at("runsOn = Worker", 1)).toMatch(/Refers to: .*resource/i);
      expect(await at("format(@scheduledStartTime", 2)).toMatch(/`format\(DateTime, String\): String`/);
      expect(await at("@scheduledStartTime", 3)).toMatch(/\*\*@scheduledStartTime\*\*: datetime/);
      const param = await at("#<myFeedBucket", 4);
      expect(param).toContain("| dev | `example-partner-feeds-dev` |");
      expect(param).toContain("| prod | `example-partner-feeds-prod` |");
      const retries = await at("param myMaxRetries", 8);
      expect(retries).toMatch(/Integer/);
      expect(retries).toContain("| (default) | `1` |");
    });

    it("shows an expression's value on the first scheduled run", async () => {
      // Nightly starts 2027-01-01T03:00:00; format(..., 'YYYY-MM-dd') of it is 2027-01-01.
      const h = hoverText(await client.request<Hover>("textDocument/hover", { textDocument: td(), position: pos(text, "format(@scheduledStartTime, 'YYYY-MM-dd')>/ s3://", 2) }));
      expect(h).toContain("@scheduledStartTime` = 2027-01-01T03:00:00");
      expect(h).toContain("| defaults | `2027-01-01` |");
    });

    it("completes fields of the object's type, required first, and only allowed references", async () => {
      const modified = text.replace("    runsOn = Worker\n    dependsOn = FetchAcme\n", "    runsOn = Worker\n    dependsOn = FetchAcme\n    \n");
      await client.change(file, modified);
      const line = pos(modified, "dependsOn = FetchAcme\n    \n", 26);
      const fields = await client.request<CompletionList>("textDocument/completion", { textDocument: td(), position: line });
      const labels = fields.items.map((i) => i.label);
      expect(labels).toContain("stage");
      expect(labels).toContain("scriptArgument");
      expect(labels).not.toContain("runsOn"); // already written
      expect(labels).not.toContain("command"); // already written
      expect(labels).not.toContain("@status"); // a run-time slot
      const sorted = [...fields.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
      const firstOptional = sorted.findIndex((i) => !/required/.test(i.detail ?? ""));
      expect(sorted.slice(firstOptional).some((i) => /required/.test(i.detail ?? ""))).toBe(false);

      const withRef = modified.replace("dependsOn = FetchAcme\n    \n", "dependsOn = FetchAcme\n    runsOn = \n");
      await client.change(file, withRef);
      const refs = await client.request<CompletionList>("textDocument/completion", { textDocument: td(), position: pos(withRef, "runsOn = \n", 9) });
      expect(refs.items.map((i) => i.label)).toEqual(["Worker"]); // the only resource, no activities

      const withEnum = modified.replace("dependsOn = FetchAcme\n    \n", "dependsOn = FetchAcme\n    failureAndRerunMode = \n");
      await client.change(file, withEnum);
      const enums = await client.request<CompletionList>("textDocument/completion", { textDocument: td(), position: pos(withEnum, "failureAndRerunMode = \n", 22) });
      expect(enums.items.map((i) => i.label).sort()).toEqual(["cascade", "none"]);
      await client.change(file, text);
    });

    it("completes functions, @ slots and parameters inside #<...>", async () => {
      const t = text.replace('command = "feed-audit --source acme', 'command = "#<  feed-audit --source acme');
      await client.change(file, t);
      const inside = pos(t, "#<  feed", 2);
      const items = (await client.request<CompletionList>("textDocument/completion", { textDocument: td(), position: inside })).items.map((i) => i.label);
      expect(items).toEqual(expect.arrayContaining(["format", "plusDays", "myFeedBucket", "@scheduledStartTime"]));
      const t2 = t.replace("#<  feed", "#<@sc feed");
      await client.change(file, t2);
      const at = (await client.request<CompletionList>("textDocument/completion", { textDocument: td(), position: pos(t2, "#<@sc", 5) })).items.map((i) => i.label);
      expect(at).toContain("@scheduledStartTime");
      expect(at).not.toContain("format");
      await client.change(file, text);
    });

    it("goes to definitions, finds references and renames, refusing a clash", async () => {
      const use = pos(text, "runsOn = Worker", 10);
      const def = await client.request<Location>("textDocument/definition", { textDocument: td(), position: use });
      expect(def.range.start).toEqual(pos(text, "Worker {"));
      const refs = await client.request<Location[]>("textDocument/references", { textDocument: td(), position: use, context: { includeDeclaration: true } });
      expect(refs.length).toBe(1 + (text.match(/runsOn = Worker/g) ?? []).length);
      const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: td(), position: use, newName: "Box" });
      const renamed = applyEdits(text, edit.changes![uriOf(file)]);
      expect(renamed).not.toMatch(/\bWorker\b/);
      expect(renamed).toContain("Ec2Resource Box {");
      const { status } = spawnSync(NODE, [cli.bin, "check", "-"], { input: renamed, encoding: "utf8" });
      expect([0, 2]).toContain(status);
      await expect(client.request("textDocument/rename", { textDocument: td(), position: use, newName: "FetchAcme" })).rejects.toThrow(/already exists/);
      // Parameters: the declaration and every #<...> use.
      const paramEdit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: td(), position: pos(text, "#<myFeedBucket", 4), newName: "myBucket" });
      const p = applyEdits(text, paramEdit.changes![uriOf(file)]);
      expect(p).not.toContain("myFeedBucket");
      expect(p.match(/myBucket/g)!.length).toBe(text.match(/myFeedBucket/g)!.length);
      // ... and its values in the values files next to the source.
      for (const env of ["dev", "prod"]) {
        const valuesFile = join(work, `partner-feeds.values.${env}.json`);
        const before = JSON.parse(readFileSync(valuesFile, "utf8")) as { values: Record<string, string> };
        const after = JSON.parse(applyEdits(readFileSync(valuesFile, "utf8"), paramEdit.changes![uriOf(valuesFile)])) as { values: Record<string, string> };
        expect(after.values.myBucket).toBe(before.values.myFeedBucket);
        expect(after.values).not.toHaveProperty("myFeedBucket");
      }
      await expect(client.request("textDocument/rename", { textDocument: td(), position: pos(text, "#<myFeedBucket", 4), newName: "myAlarmTopicArn" })).rejects.toThrow(/already exists/);
    });

    it("outlines the file and finds workspace symbols", async () => {
      const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: td() });
      expect(symbols.map((s) => s.name)).toEqual(["partner_feeds"]);
      const names = symbols[0].children!.map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(["myFeedBucket", "default", "Nightly", "Worker", "FetchAcme", "FeedFailed"]));
      const ws = await client.request<SymbolInformation[]>("workspace/symbol", { query: "Sales" });
      expect(ws.some((s) => s.location.uri.endsWith("nightly-sales-etl.pipe"))).toBe(true);
    });

    it("folds blocks, colours names and hints inherited values", async () => {
      const folds = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: td() });
      expect(folds).toContainEqual(expect.objectContaining({ startLine: pos(text, "Schedule Nightly").line, endLine: pos(text, "Schedule Nightly").line + 3 }));
      const tokens = await client.request<{ data: number[] }>("textDocument/semanticTokens/full", { textDocument: td() });
      const legend = (client.initialized.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[] } }).legend;
      let line = 0;
      let ch = 0;
      const decoded: { line: number; ch: number; len: number; type: string }[] = [];
      for (let i = 0; i < tokens.data.length; i += 5) {
        line += tokens.data[i];
        ch = tokens.data[i] === 0 ? ch + tokens.data[i + 1] : tokens.data[i + 1];
        decoded.push({ line, ch, len: tokens.data[i + 2], type: legend.tokenTypes[tokens.data[i + 3]] });
      }
      const at = (needle: string, delta = 0) => decoded.find((d) => d.line === pos(text, needle, delta).line && d.ch === pos(text, needle, delta).character)?.type;
      expect(at("Ec2Resource Worker")).toBe("class");
      expect(at("Worker {")).toBe("variable");
      expect(at("runsOn = Worker", 9)).toBe("variable");
      expect(at("cascade")).toBe("enumMember");
      expect(at("format(@scheduledStartTime")).toBe("function");
      expect(at("myFeedBucket>")).toBe("parameter");
      const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: td(), range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
      const worker = hints.find((h) => h.position.line === pos(text, "Worker {").line)!;
      expect(String(worker.label)).toContain("schedule = Nightly");
    });
  });

  it("formats as pipec fmt does", async () => {
    const file = join(work, "messy.pipe");
    const messy = 'pipeline   messy {\n  default { scheduleType=ondemand\n  role="R" resourceRole="RR" }\n  ShellCommandActivity   A {command="echo hi"\n   workerGroup="wg"}\n}\n';
    writeFileSync(file, messy);
    await client.open(file, messy);
    const edits = await client.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri: uriOf(file) }, options: { tabSize: 2, insertSpaces: true } });
    const expected = spawnSync(NODE, [cli.bin, "fmt", file], { encoding: "utf8" }).stdout;
    expect(expected.length).toBeGreaterThan(0);
    expect(applyEdits(messy, edits)).toBe(expected);
  });

  it("offers the safe fixes and did-you-mean suggestions as code actions", async () => {
    const file = join(work, "fixable.pipe");
    const text = "pipeline p {\n  default {\n    scheduleType = ondemand\n    role = 'R'\n    resourceRole = \"RR\"\n  }\n  ShellCommandActivity A {\n    comand = \"echo hi\"\n    workerGroup = \"wg\"\n  }\n}\n";
    const diags = await client.open(file, text);
    const quoted = diags.find((d) => d.range.start.line === 3)!;
    expect(quoted).toBeDefined();
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: uriOf(file) }, range: quoted.range, context: { diagnostics: [quoted] } });
    const fix = actions.find((a) => a.kind === "quickfix" && a.isPreferred)!;
    expect(fix).toBeDefined();
    const fixed = applyEdits(text, fix.edit!.changes![uriOf(file)]);
    expect(fixed).toContain('role = "R"');
    const typo = diags.find((d) => d.code === "PIPE2005")!;
    const suggestions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: uriOf(file) }, range: typo.range, context: { diagnostics: [typo] } });
    const change = suggestions.find((a) => /command/.test(a.title))!;
    const corrected = applyEdits(fixed, change.edit!.changes![uriOf(file)]);
    expect(corrected).toContain('command = "echo hi"');
    const after = await client.change(file, corrected);
    expect(after.filter((d) => d.severity === 1)).toEqual([]);
    expect(after.length).toBeLessThan(diags.length);
    // Fix-all through `pipec check --fix`'s engine, resolved on demand.
    await client.change(file, text.replace("comand", "command"));
    const all = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: uriOf(file) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ["source.fixAll"] } });
    expect(all.map((a) => a.kind)).toEqual(["source.fixAll"]);
    const resolved = await client.request<CodeAction>("codeAction/resolve", all[0]);
    const afterFix = applyEdits(text.replace("comand", "command"), resolved.edit!.changes![uriOf(file)]);
    expect(afterFix).toContain('role = "R"');
    expect((await client.change(file, afterFix)).filter((d) => d.severity === 1)).toEqual([]);
  });

  it("checks Data Pipeline definition JSON with positions in the JSON", async () => {
    const file = join(work, "legacy.json");
    const json = JSON.stringify({ objects: [{ id: "Default", name: "Default", scheduleType: "ondemand", role: "R", resourceRole: "RR" }, { id: "A", name: "A", type: "ShellCommandActivity", command: "echo", runsOn: { ref: "Missing" } }] }, null, 2);
    writeFileSync(file, json);
    const diags = await client.open(file, json);
    const missing = diags.find((d) => d.code === "PIPE2003")!;
    expect(missing).toBeDefined();
    expect([pos(json, '"runsOn"').line, pos(json, '"Missing"').line]).toContain(missing.range.start.line);
    expect(diags.map((d) => [String(d.code), d.range.start.line + 1, d.range.start.character + 1])).toEqual(checkWithCli(file));
    // Other JSON files are left alone.
    expect(await client.open(join(work, "package.json"), '{"name": "x"}')).toEqual([]);
  });
});

describe("pipec lsp in the CLI bundle", () => {
  it("is bundled, and initialised only by the lsp command", () => {
    const bundle = readFileSync(join(cli.bin, "..", "..", "dist", "pipec.cjs"), "latin1");
    const def = /var (init_server\d*) = __esm\(\{\s*"[^"]*compiler\/lsp\/server\.ts"\(\)/.exec(bundle);
    expect(def, "the server module is a lazily initialised part of the bundle").not.toBeNull();
    const calls = [...bundle.matchAll(new RegExp(`\\b${def![1]}\\(\\)`, "g"))].map((m) => m.index);
    expect(calls.length).toBe(1);
    expect(bundle.slice(calls[0] - 200, calls[0])).toMatch(/runLanguageServer/);
    const help = spawnSync(NODE, [cli.bin, "--help"], { encoding: "utf8" }).stdout;
    expect(help).toMatch(/^\s+lsp \[options\]\s+run the language server/m);
  });
});

describe("pipec lsp --stdio under failure", () => {
  it("exits when the editor goes away without shutting it down", async () => {
    const c = await startClient(cli.bin, { node: NODE, cwd: work });
    const exited = new Promise<number | null>((resolve) => c.child.once("exit", resolve));
    c.child.stdin!.end();
    expect(await exited).toBe(1);
    expect(c.stderr()).not.toMatch(/unsettled|Error/);
  });

  it("answers a failing request with an error and keeps serving", async () => {
    const c = await startClient(cli.bin, { node: NODE, cwd: work, env: { PIPEC_LSP_FAIL: "textDocument/hover" } });
    try {
      const file = join(work, "hello-world.pipe");
      const text = readFileSync(file, "utf8");
      await c.open(file, text);
      await expect(c.request("textDocument/hover", { textDocument: { uri: uriOf(file) }, position: { line: 0, character: 0 } })).rejects.toMatchObject({ code: -32603 });
      const symbols = await c.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: uriOf(file) } });
      expect(symbols.length).toBe(1);
      await expect(c.request("textDocument/hover", { textDocument: { uri: uriOf(file) }, position: { line: 0, character: 0 } })).rejects.toMatchObject({ code: -32603 });
      expect((await c.change(file, `${text}\n}`)).length).toBeGreaterThan(0);
      // A request about a document that is not open is an error, not a crash.
      await expect(c.request("textDocument/definition", { textDocument: { uri: "file:///nowhere.pipe" }, position: { line: 0, character: 0 } })).rejects.toMatchObject({ code: -32603 });
      expect(c.child.exitCode).toBe(null);
    } finally {
      expect(await c.close()).toBe(0);
    }
  });
});
