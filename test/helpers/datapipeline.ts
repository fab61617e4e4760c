/** Shared helpers of the Data Pipeline tests: compile + emit, schema validators, corpus access. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020Module from "ajv/dist/2020.js";
import { compile } from "../../compiler/compile.ts";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { pipelineDefinition, emitDataPipeline } from "../../compiler/emit/datapipeline/emit.ts";
import type { Definition, DefinitionForm, DefParameterValue } from "../../compiler/emit/datapipeline/definition.ts";

export const ROOT = new URL("../..", import.meta.url).pathname;
export const NODE = join(ROOT, "node_modules/.bin/node");
export const CLI = join(ROOT, "test/helpers/pipec-src.ts");
export const CORPUS = join(ROOT, "../shared/corpus/datapipeline-samples");

/** The corpus's definitions; none when it is absent (callers gate on `needShared(CORPUS_ENTRY, ...)`). */
export function corpusFiles(): string[] {
  if (!existsSync(CORPUS)) return [];
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith(".json"))
    .sort();
}

export function readCorpus(name: string): string {
  return readFileSync(join(CORPUS, name), "utf8");
}

export interface Built {
  readonly definitions: Definition[];
  readonly texts: string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: readonly Diagnostic[];
}

/**
 * Compiles `.pipe` text and emits every pipeline. Definitions are emitted even when validation
 * reports errors (the CLI refuses to write them; tests look at both).
 */
export function build(path: string, text: string, form: DefinitionForm = "file", values: readonly DefParameterValue[] = []): Built {
  const r = compile(path, text);
  const definitions: Definition[] = [];
  const texts: string[] = [];
  const diagnostics: Diagnostic[] = [...r.diagnostics];
  for (const p of r.ir.pipelines) {
    definitions.push(pipelineDefinition(p, values));
    const e = emitDataPipeline(p, { form, values });
    texts.push(e.text);
    diagnostics.push(...e.diagnostics);
  }
  return { definitions, texts, diagnostics, errors: diagnostics.filter((d) => d.severity === "error") };
}

// The CommonJS module exports the class as `default` under Node's ESM interop.
const Ajv2020 = Ajv2020Module.default;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const fileSchema = ajv.compile(JSON.parse(readFileSync(join(ROOT, "schemas/datapipeline-definition-file.schema.json"), "utf8")));
const apiSchema = ajv.compile(JSON.parse(readFileSync(join(ROOT, "schemas/datapipeline-definition-api.schema.json"), "utf8")));

/** Schema errors of an emitted definition (empty when valid). */
export function schemaErrors(text: string, form: DefinitionForm): string[] {
  const validate = form === "api" ? apiSchema : fileSchema;
  if (validate(JSON.parse(text))) return [];
  return (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message ?? ""}`);
}
