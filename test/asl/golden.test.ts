/**
 * Golden Step Functions output for every example: test/fixtures/asl/<example>/ holds the state
 * machine, the schedule and the IAM statements, or the diagnostics when the example has no faithful
 * mapping. `npm run golden` rewrites them (PIPEC_UPDATE_GOLDEN=1). Also: the corpus of real
 * definitions either compiles or gets a PIPE52xx error naming an object.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { emitAsl } from "../../compiler/emit/asl/emit.ts";
import { validateAsl } from "./harness.ts";
import { CORPUS_ENTRY, needShared } from "../helpers/shared.ts";
import { UPDATE_GOLDEN, writeGoldens } from "../helpers/golden.ts";

const update = UPDATE_GOLDEN;
const examples = new URL("../../examples/", import.meta.url);
const fixtures = new URL("../fixtures/asl/", import.meta.url);

function outputs(file: string, text: string): Record<string, string> {
  const r = compile(`examples/${file}`, text);
  const out: Record<string, string> = {};
  for (const p of r.ir.pipelines) {
    const a = emitAsl(p);
    const prefix = r.ir.pipelines.length > 1 ? `${p.name}.` : "";
    if (a.text) out[`${prefix}state-machine.asl.json`] = a.text;
    if (a.schedule) out[`${prefix}schedule.json`] = `${JSON.stringify(a.schedule, null, 2)}\n`;
    if (a.text) out[`${prefix}iam.json`] = `${JSON.stringify(a.iam, null, 2)}\n`;
    const diags = a.diagnostics.map((d) => `${d.code} ${d.severity}: ${d.message}`);
    if (diags.length) out[`${prefix}diagnostics.txt`] = `${diags.join("\n")}\n`;
  }
  return out;
}

describe("golden ASL for the examples", () => {
  for (const file of readdirSync(examples).filter((f) => f.endsWith(".pipe")).sort()) {
    it(file, (ctx) => {
      const dir = new URL(`${file.replace(/\.pipe$/, "")}/`, fixtures);
      const got = outputs(file, readFileSync(new URL(file, examples), "utf8"));
      if (update) writeGoldens(ctx, new Map(Object.entries(got).map(([name, text]) => [fileURLToPath(new URL(name, dir)), text])), [fileURLToPath(dir)]);
      expect(existsSync(dir), `missing golden ${dir.pathname}: run npm run golden`).toBe(true);
      const want: Record<string, string> = {};
      for (const name of readdirSync(dir)) want[name] = readFileSync(new URL(name, dir), "utf8");
      expect(got).toEqual(want);
    });
  }
});

describe("corpus definitions", () => {
  const entry = needShared(CORPUS_ENTRY, "test/asl/golden.test.ts");
  const corpus = pathToFileURL(`${entry.path}/`);
  it.skipIf(!entry.present)(`each compiles to valid ASL or gets PIPE52xx errors naming an object${entry.note}`, async () => {
    let built = 0;
    let refused = 0;
    for (const f of readdirSync(corpus).filter((x) => x.endsWith(".json")).sort()) {
      const r = compile(f, readFileSync(new URL(f, corpus), "utf8"));
      if (r.diagnostics.some((d) => d.severity === "error")) continue;
      for (const p of r.ir.pipelines) {
        const a = emitAsl(p);
        const errors = a.diagnostics.filter((d) => d.severity === "error");
        if (errors.length === 0) {
          built++;
          expect(await validateAsl(a.definition, a.text!), f).toEqual([]);
        } else {
          refused++;
          for (const e of errors) {
            expect(e.code).toMatch(/^PIPE52\d\d$/);
            expect(e.message).toMatch(/'[^']+'/);
          }
        }
      }
    }
    expect(built + refused).toBeGreaterThan(0);
  });
});
