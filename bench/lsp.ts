/**
 * The language server as an editor uses it: `pipec lsp --stdio` spawned (the bundled CLI, as
 * installed), spoken to over stdio with vscode-jsonrpc (test/lsp/client.ts).
 *
 *   didChange -> publishDiagnostics   on a 1,000-object file: one character typed into a value
 *                                     (an incremental change), the server's default pause included
 *   completion, hover                 on the same file, at a field of an object in its middle
 *   memory                            resident size of the server idle, and with the
 *                                     10,000-object estate open and checked
 *
 * Medians after warm-up runs. `node bench/lsp.ts [--quick]` runs it alone; `npm run bench`
 * runs it as one of its sections.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startClient, uriOf } from "../test/lsp/client.ts";
import { generate } from "./generate.ts";
import { median } from "./stats.ts";

export interface LspBenchResult {
  readonly objects: number;
  readonly reps: number;
  readonly openMs: number;
  readonly diagnosticsMs: number;
  readonly completionMs: number;
  readonly hoverMs: number;
  /** The server's CPU time per operation (mean over the timed runs): what the edit costs whatever the machine's load. */
  readonly cpuMs: { readonly diagnostics: number; readonly completion: number; readonly hover: number };
  readonly memory: { readonly objects: number; readonly idleRssMb: number; readonly openRssMb: number; readonly openMs: number };
  readonly targets: { readonly diagnosticsMs: number; readonly completionMs: number; readonly hoverMs: number };
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SEED = 20260101;

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU time the process has used (user + system), ms; NaN where /proc is missing. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export async function runLspBench(options: { quick: boolean; log: (s: string) => void }): Promise<LspBenchResult> {
  const node = join(root, "node_modules", ".bin", "node");
  const bin = join(root, "bin", "pipec.js");
  const work = mkdtempSync(join(tmpdir(), "pipec-bench-lsp-"));
  const reps = options.quick ? 15 : 41;
  const warmup = options.quick ? 5 : 10;
  try {
    const client = await startClient(bin, { node: existsSync(node) ? node : process.execPath, cwd: work });
    const idleRssMb = rssMb(client.child.pid!);
    const objects = 1000;
    options.log(`lsp: ${objects} objects, ${warmup} warm-up and ${reps} timed edits, completions and hovers...`);
    const text = generate({ objects, seed: SEED });
    const file = join(work, `estate-${objects}.pipe`);
    writeFileSync(file, text);
    let t = performance.now();
    await client.open(file, text);
    const openMs = performance.now() - t;

    // A field in the middle of the file: its value changes on every edit.
    const anchor = text.indexOf("command = ", Math.floor(text.length / 2));
    const valueStart = text.indexOf('"', anchor) + 1;
    // Typing: one character inserted at a time (an incremental change, as editors send them).
    const diag: number[] = [];
    const at = position(text, valueStart);
    const pid = client.child.pid!;
    let current = text;
    let cpuStart = 0;
    for (let i = 0; i < warmup + reps; i++) {
      if (i === warmup) cpuStart = cpuMs(pid);
      const ch = String.fromCharCode(97 + (i % 26));
      t = performance.now();
      await client.edit(file, { start: at, end: at }, ch);
      if (i >= warmup) diag.push(performance.now() - t);
      current = `${current.slice(0, valueStart)}${ch}${current.slice(valueStart)}`;
    }
    const cpuDiagnostics = (cpuMs(pid) - cpuStart) / reps;
    const uri = uriOf(file);
    // Completion of a field name on an empty line of that object; hover on the field's key.
    const lineEnd = current.indexOf("\n", anchor);
    const withLine = `${current.slice(0, lineEnd + 1)}    \n${current.slice(lineEnd + 1)}`;
    await client.change(file, withLine);
    const completionAt = position(withLine, lineEnd + 1 + 4);
    const hoverAt = position(withLine, withLine.indexOf("command = ", Math.floor(text.length / 2)) + 2);
    const comp: number[] = [];
    const hov: number[] = [];
    const many = reps * 10;
    for (let i = 0; i < warmup + many; i++) {
      t = performance.now();
      const c = await client.request<{ items: unknown[] }>("textDocument/completion", { textDocument: { uri }, position: completionAt });
      if (i >= warmup) comp.push(performance.now() - t);
      if (c.items.length === 0) throw new Error("no completion items");
    }
    let c0 = cpuMs(pid);
    for (let i = 0; i < many; i++) await client.request("textDocument/completion", { textDocument: { uri }, position: completionAt });
    const cpuCompletion = (cpuMs(pid) - c0) / many;
    for (let i = 0; i < warmup + many; i++) {
      t = performance.now();
      const h = await client.request<unknown>("textDocument/hover", { textDocument: { uri }, position: hoverAt });
      if (i >= warmup) hov.push(performance.now() - t);
      if (!h) throw new Error("no hover");
    }
    c0 = cpuMs(pid);
    for (let i = 0; i < many; i++) await client.request("textDocument/hover", { textDocument: { uri }, position: hoverAt });
    const cpuHover = (cpuMs(pid) - c0) / many;

    const big = 10_000;
    options.log(`lsp: memory with the ${big}-object estate open...`);
    const bigText = generate({ objects: big, seed: SEED });
    const bigFile = join(work, `estate-${big}.pipe`);
    writeFileSync(bigFile, bigText);
    t = performance.now();
    await client.open(bigFile, bigText);
    const bigOpenMs = performance.now() - t;
    await client.request("textDocument/documentSymbol", { textDocument: { uri: uriOf(bigFile) } });
    await client.request("textDocument/semanticTokens/full", { textDocument: { uri: uriOf(bigFile) } });
    const openRssMb = rssMb(client.child.pid!);
    await client.close();
    return {
      objects,
      reps,
      openMs,
      diagnosticsMs: median(diag),
      completionMs: median(comp),
      hoverMs: median(hov),
      cpuMs: { diagnostics: cpuDiagnostics, completion: cpuCompletion, hover: cpuHover },
      memory: { objects: big, idleRssMb, openRssMb, openMs: bigOpenMs },
      targets: { diagnosticsMs: 50, completionMs: 20, hoverMs: 10 },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function lspReport(r: LspBenchResult): string[] {
  const f = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : "-");
  const status = (ok: boolean): string => (ok ? "met" : "NOT met");
  return [
    `Language server (pipec lsp --stdio, bundled; ${r.reps} timed runs each, medians, ms):`,
    `| measure | wall ms | server CPU ms | target (wall) |`,
    `| --- | ---: | ---: | --- |`,
    `| open ${r.objects} objects -> diagnostics | ${f(r.openMs)} | | |`,
    `| didChange -> publishDiagnostics, ${r.objects} objects | ${f(r.diagnosticsMs)} | ${f(r.cpuMs.diagnostics)} | <= ${r.targets.diagnosticsMs}: ${status(r.diagnosticsMs <= r.targets.diagnosticsMs)} |`,
    `| completion, ${r.objects} objects | ${f(r.completionMs)} | ${f(r.cpuMs.completion, 2)} | <= ${r.targets.completionMs}: ${status(r.completionMs <= r.targets.completionMs)} |`,
    `| hover, ${r.objects} objects | ${f(r.hoverMs)} | ${f(r.cpuMs.hover, 2)} | <= ${r.targets.hoverMs}: ${status(r.hoverMs <= r.targets.hoverMs)} |`,
    `| open ${r.memory.objects} objects -> diagnostics | ${f(r.memory.openMs, 0)} | | |`,
    "",
    `Server memory (RSS): ${f(r.memory.idleRssMb, 0)} MB idle, ${f(r.memory.openRssMb, 0)} MB with the ${r.memory.objects}-object estate open.`,
  ];
}

if (import.meta.main) {
  const r = await runLspBench({ quick: process.argv.includes("--quick"), log: (s) => void process.stderr.write(`${s}\n`) });
  process.stdout.write(`${lspReport(r).join("\n")}\n${JSON.stringify(r)}\n`);
}
