/**
 * The language server never dies on hostile text: a few hundred mutated examples (the fuzz
 * harness's mutations, fixed seed) are sent as edits of one document, with hover, completion,
 * definitions, references, renaming, symbols, folding, semantic tokens, inlay hints, code actions
 * and formatting asked at random places in between; every request must be answered with a result (not an error), and the server must
 * publish the diagnostics of the last version and still be running.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { join } from "node:path";
import { loadSeeds, mutate, Rng } from "../fuzz/harness.ts";
import { NODE, scratchCli, type ScratchCli } from "../helpers/scratch-cli.ts";
import { startClient, uriOf, type LspClient } from "./client.ts";

const SEED = Number(process.env.PIPEC_FC_SEED ?? 18_2026);
const EDITS = 300;

let cli: ScratchCli;
let client: LspClient;

beforeAll(async () => {
  cli = scratchCli("pipec-lsp-fuzz-");
  client = await startClient(cli.bin, { node: NODE, cwd: cli.work, initializationOptions: { debounceMs: 0 } });
}, 180_000);

afterAll(async () => {
  await client?.close();
  cli?.remove();
});

it(`survives ${EDITS} mutated texts (seed ${SEED})`, async () => {
  const rng = new Rng(SEED);
  const seeds = loadSeeds().seeds.filter((s) => s.path.endsWith(".pipe"));
  const file = join(cli.work, "fuzz.pipe");
  const uri = uriOf(file);
  await client.open(file, seeds[0].text);
  const failures: string[] = [];
  let answered = 0;
  let text = seeds[0].text;
  for (let i = 0; i < EDITS; i++) {
    text = rng.int(4) === 0 ? mutate(rng, rng.pick(seeds).text, false) : mutate(rng, text, false);
    if (text.length > 200_000) text = rng.pick(seeds).text;
    client.changeNoWait(file, text);
    if (i % 3 !== 0) continue;
    const lines = text.split(/\r\n|\r|\n/);
    const line = rng.int(lines.length + 1);
    const position = { line, character: rng.int((lines[line]?.length ?? 0) + 2) };
    const range = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
    const requests: [string, unknown][] = [
      ["textDocument/hover", { textDocument: { uri }, position }],
      ["textDocument/completion", { textDocument: { uri }, position }],
      ["textDocument/definition", { textDocument: { uri }, position }],
      ["textDocument/documentSymbol", { textDocument: { uri } }],
      ["textDocument/foldingRange", { textDocument: { uri } }],
      ["textDocument/semanticTokens/full", { textDocument: { uri } }],
      ["textDocument/inlayHint", { textDocument: { uri }, range }],
      ["textDocument/codeAction", { textDocument: { uri }, range, context: { diagnostics: [] } }],
      ["textDocument/references", { textDocument: { uri }, position, context: { includeDeclaration: true } }],
      ["textDocument/prepareRename", { textDocument: { uri }, position }],
      ["textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }],
    ];
    const [method, params] = requests[rng.int(requests.length)];
    try {
      await client.request(method, params);
      answered++;
    } catch (e) {
      failures.push(`edit ${i}, ${method}: ${(e as Error).message}\n${JSON.stringify(text.slice(0, 400))}`);
    }
  }
  const last = await client.diagnostics(file, client.version(file));
  expect(last.version).toBe(client.version(file));
  expect(failures).toEqual([]);
  expect(answered).toBe(Math.ceil(EDITS / 3));
  expect(client.child.exitCode).toBe(null);
  expect(client.stderr()).not.toMatch(/internal error|failed:/);
}, 300_000);

it("survives mutated definition JSON", async () => {
  const rng = new Rng(SEED + 1);
  const file = join(cli.work, "fuzz.json");
  const uri = uriOf(file);
  const seed = JSON.stringify(
    { objects: [{ id: "Default", name: "Default", scheduleType: "ondemand", role: "R", resourceRole: "RR" }, { id: "A", name: "A", type: "ShellCommandActivity", command: "echo #{@scheduledStartTime}", runsOn: { ref: "B" } }, { id: "B", name: "B", type: "Ec2Resource" }], parameters: [{ id: "myX", type: "String" }] },
    null,
    2,
  );
  await client.open(file, seed);
  let text = seed;
  for (let i = 0; i < 100; i++) {
    text = rng.int(4) === 0 ? seed : mutate(rng, text, true);
    client.changeNoWait(file, text);
    const lines = text.split("\n");
    const position = { line: rng.int(lines.length), character: rng.int(40) };
    await client.request("textDocument/hover", { textDocument: { uri }, position });
    await client.request("textDocument/documentSymbol", { textDocument: { uri } });
  }
  const last = await client.diagnostics(file, client.version(file));
  expect(last.version).toBe(client.version(file));
  expect(client.child.exitCode).toBe(null);
}, 120_000);
