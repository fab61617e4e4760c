/**
 * The VS Code extension packaged as `npm run package:vscode` packages it (esbuild bundle of the
 * client, then @vscode/vsce): the .vsix must hold the manifest, the grammar, the language
 * configuration and the bundled client, and every path the manifest names must be in it. The
 * archive is read with a few lines over node:zlib, not with the packager's own libraries.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, expect, it } from "vitest";
import { NODE, REPO } from "../helpers/scratch-cli.ts";

const out = mkdtempSync(join(tmpdir(), "pipec-vsix-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** name -> contents of every file in a zip archive. */
function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip archive");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory");
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

it("packages the extension with its grammar, language configuration and client", () => {
  const vsix = join(out, "pipe.vsix");
  const script = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts["package:vscode"];
  expect(script).toMatch(/^node editors\/vscode\/scripts\/build\.mts --package$/);
  const r = spawnSync(NODE, ["editors/vscode/scripts/build.mts", "--package", "--out", vsix], { cwd: REPO, encoding: "utf8" });
  expect(r.status, r.stderr + r.stdout).toBe(0);
  const files = unzip(readFileSync(vsix));
  const manifest = JSON.parse(files.get("extension/package.json")!.toString("utf8")) as {
    main: string;
    contributes: { languages: { id: string; extensions: string[]; configuration: string }[]; grammars: { scopeName: string; path: string }[] };
  };
  const inVsix = (p: string): string => `extension/${p.replace(/^\.\//, "")}`;
  expect(manifest.contributes.languages[0]).toMatchObject({ id: "pipe", extensions: [".pipe"] });
  for (const p of [manifest.main, manifest.contributes.grammars[0].path, manifest.contributes.languages[0].configuration]) expect([...files.keys()]).toContain(inVsix(p));
  const grammar = JSON.parse(files.get(inVsix(manifest.contributes.grammars[0].path))!.toString("utf8")) as { scopeName: string };
  expect(grammar.scopeName).toBe(manifest.contributes.grammars[0].scopeName);
  const config = JSON.parse(files.get(inVsix(manifest.contributes.languages[0].configuration))!.toString("utf8")) as { comments: { lineComment: string } };
  expect(config.comments.lineComment).toBe("//");
  const client = files.get(inVsix(manifest.main))!.toString("utf8");
  // The bundled client starts `pipec lsp --stdio` through vscode-languageclient, and leaves `vscode` to the editor.
  expect(client).toContain('"lsp","--stdio"');
  expect(client).toMatch(/require\("vscode"\)/);
  expect(client).not.toMatch(/require\("vscode-languageclient/);
  // Nothing but the extension: no sources, scripts or node_modules.
  expect([...files.keys()].filter((f) => f.startsWith("extension/") && /\/(src|scripts|node_modules)\//.test(f))).toEqual([]);
}, 120_000);
