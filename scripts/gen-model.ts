/**
 * Generates `compiler/model/model.data.ts` from the reference Data Pipeline model
 * (`../shared/reference/datapipeline-model.json`, relative to the repository root).
 *
 *   node scripts/gen-model.ts           write the data file
 *   node scripts/gen-model.ts --check   exit 1 when the data file is out of date
 *
 * The source is validated against the shapes in `compiler/model/types.ts`: an unknown key, a
 * wrongly typed value or a dangling type/category name aborts generation, so nothing in the
 * source is silently dropped. Collections (types, fields, functions, rules, ...) keep their
 * source order; the keys inside one entry are written in the order declared by the types.
 * The output is laid out the way Prettier would print it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FieldKind, ModelData } from "../compiler/model/types.ts";

export const SOURCE_PATH = fileURLToPath(new URL("../../shared/reference/datapipeline-model.json", import.meta.url));
export const OUTPUT_PATH = fileURLToPath(new URL("../compiler/model/model.data.ts", import.meta.url));

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// Shape validation and normalisation

/** Validates a value at `path` and returns its normalised form (`undefined` = omit the key). */
type Check = (value: unknown, path: string) => Json | undefined;

class ModelSourceError extends Error {
  override name = "ModelSourceError";
}

function fail(path: string, message: string): never {
  throw new ModelSourceError(`${path}: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str: Check = (v, p) => (typeof v === "string" ? v : fail(p, `expected a string, got ${JSON.stringify(v)}`));
const num: Check = (v, p) =>
  typeof v === "number" && Number.isFinite(v) ? v : fail(p, `expected a number, got ${JSON.stringify(v)}`);
const bool: Check = (v, p) => (typeof v === "boolean" ? v : fail(p, `expected a boolean, got ${JSON.stringify(v)}`));
/** A boolean flag that is written only when true. */
const flag: Check = (v, p) => (bool(v, p) === true ? true : undefined);
const numOrStr: Check = (v, p) => (typeof v === "string" ? v : num(v, p));

function literal(...values: readonly string[]): Check {
  return (v, p) =>
    typeof v === "string" && values.includes(v)
      ? v
      : fail(p, `expected one of ${values.join(", ")}, got ${JSON.stringify(v)}`);
}

function listOf(item: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) fail(p, "expected an array");
    return v.map((element, i) => item(element, `${p}[${i}]`) ?? fail(`${p}[${i}]`, "empty entry"));
  };
}

function range(v: unknown, p: string): Json {
  if (!Array.isArray(v) || v.length !== 2) fail(p, "expected a [min, max] pair");
  const [min, max] = v.map((n, i) => num(n, `${p}[${i}]`) as number) as [number, number];
  if (min > max) fail(p, "min is greater than max");
  return [min, max];
}

interface Member {
  readonly check: Check;
  readonly required?: boolean;
}

const req = (check: Check): Member => ({ check, required: true });
const opt = (check: Check): Member => ({ check });

/** An object with a fixed set of keys, written in the order of `members`. */
function shape(members: Readonly<Record<string, Member>>): Check {
  return (v, p) => {
    if (!isPlainObject(v)) fail(p, "expected an object");
    for (const key of Object.keys(v)) {
      if (!Object.hasOwn(members, key)) fail(p, `unknown key "${key}"`);
    }
    const out: Record<string, Json> = {};
    for (const [key, member] of Object.entries(members)) {
      if (!Object.hasOwn(v, key)) {
        if (member.required) fail(p, `missing key "${key}"`);
        continue;
      }
      const normalised = member.check(v[key], `${p}.${key}`);
      if (normalised !== undefined) out[key] = normalised;
    }
    return out;
  };
}

/** An object used as a map: any keys, kept in source order. */
function mapOf(value: (key: string) => Check): Check {
  return (v, p) => {
    if (!isPlainObject(v)) fail(p, "expected an object");
    const out: Record<string, Json> = {};
    for (const [key, entry] of Object.entries(v)) {
      out[key] = value(key)(entry, `${p}[${JSON.stringify(key)}]`) ?? fail(p, `empty entry "${key}"`);
    }
    return out;
  };
}

/** Prepends a `name` member holding the map key. */
function named(check: Check): (key: string) => Check {
  return (key) => (v, p) => ({ name: key, ...(check(v, p) as JsonObject) });
}

const FIELD_KINDS: readonly FieldKind[] = ["string", "ref", "int", "double", "boolean", "period", "datetime", "enum"];
const kind = literal(...FIELD_KINDS);
const strList = listOf(str);

const fieldSpec = shape({
  kind: req(kind),
  refTo: opt(strList),
  list: opt(flag),
  required: req(bool),
  requiredNote: opt(str),
  requiredWhen: opt(str),
  requiredOneOf: opt(strList),
  enum: opt(strList),
  enumNote: opt(str),
  specialValues: opt(strList),
  default: opt(str),
  min: opt(numOrStr),
  max: opt(numOrStr),
  minNote: opt(str),
  maxNote: opt(str),
  exclusiveMin: opt(num),
  exclusiveMax: opt(num),
  maxItems: opt(num),
  runtime: opt(flag),
  system: opt(flag),
  legacy: opt(flag),
  encrypted: opt(flag),
  forbidden: opt(flag),
  sourceNote: opt(str),
  doc: req(str),
});

const objectTypeSpec = shape({
  category: req(str),
  summary: req(str),
  docPage: req(str),
  idMustBe: opt(str),
  typeField: opt(literal("absent")),
  acceptsAnyInheritableField: opt(flag),
  managedBy: opt(str),
  aliasesUnconfirmed: opt(strList),
  requiredOneOf: opt(listOf(strList)),
  mutuallyExclusive: opt(listOf(strList)),
  notes: opt(strList),
  fields: req(mapOf(() => fieldSpec)),
});

const limit = (value: Check, extra: Readonly<Record<string, Member>> = {}): Member =>
  req(
    shape({
      value: req(value),
      adjustable: opt(bool),
      default: opt(num),
      countsEachValueOfMultiValuedField: opt(bool),
      error: opt(str),
      note: opt(str),
      ...extra,
    }),
  );

const limits = shape({
  pipelinesPerAccount: limit(num),
  objectsPerPipeline: limit(num),
  activeInstancesPerObject: limit(num),
  fieldsPerObject: limit(num),
  utf8BytesPerFieldNameOrIdentifier: limit(num),
  utf8BytesPerFieldValue: limit(num),
  utf8BytesPerObject: limit(num),
  instanceCreationRatePerObject: limit(str),
  maximumRetriesPerTask: limit(num),
  minimumRetryDelay: limit(str),
  minimumSchedulingInterval: limit(str),
  maximumSchedulePeriod: limit(str),
  maximumRollupsIntoSingleObject: limit(num),
  ec2InstancesPerEc2Resource: limit(num),
  parametersPerDefinition: limit(num),
  parameterValuesFileBytes: limit(num),
  onDemandMaxActiveInstances: limit(num),
  tagsPerPipeline: limit(num, { tagKeyLength: req(range), tagValueLength: req(range) }),
  stepsPerEmrActivity: limit(num),
  backfillGuard: limit(str),
  apiShapeLimits: req(
    shape({
      "pipelineObject.id": req(range),
      "pipelineObject.name": req(range),
      "field.key": req(range),
      "field.stringValue": req(range),
      "field.refValue": req(range),
      "parameterObject.id": req(range),
      "parameterAttribute.key": req(range),
      "parameterAttribute.stringValue": req(range),
      "parameterValue.id": req(range),
      "parameterValue.stringValue": req(range),
      allowedCharacters: req(str),
      note: req(str),
    }),
  ),
  olderConflictingStatement: limit(str),
  apiRateLimits: req(mapOf(() => str)),
});

const expressionType = literal("DateTime", "String", "int");

const modelSource = shape({
  meta: req(
    shape({
      description: req(str),
      sources: req(strList),
      conventions: req(mapOf(() => str)),
      envelope: req(shape({ id: req(str), name: req(str), type: req(str) })),
      userDefinedFields: req(shape({ pattern: req(str), doc: req(str), valueKinds: req(listOf(kind)) })),
      encryptedFieldPrefix: req(str),
      notEvaluatedSlots: req(strList),
    }),
  ),
  categories: req(mapOf(() => strList)),
  objectTypes: req(mapOf(named(objectTypeSpec))),
  expressionSyntax: req(
    shape({
      delimiters: req(str),
      notEvaluatedIn: req(str),
      literals: req(mapOf(() => str)),
      references: req(listOf(shape({ form: req(str), meaning: req(str) }))),
      functionCall: req(str),
      methodCallForm: req(str),
      lists: req(str),
      notDataPipelineSyntax: req(str),
      escapingLiteralHashBrace: req(str),
      dateTimeRendering: req(str),
      formatPatterns: req(str),
    }),
  ),
  expressionFunctions: req(
    mapOf(() =>
      shape({ args: req(listOf(expressionType)), returns: req(expressionType), doc: req(str), status: opt(str) }),
    ),
  ),
  expressionOperators: req(mapOf(() => shape({ args: req(strList), returns: req(str), doc: req(str) }))),
  runtimeFields: req(
    listOf(
      shape({
        name: req(str),
        kind: req(kind),
        doc: req(str),
        onTypes: req(strList),
        system: opt(flag),
        spellingNote: opt(str),
        source: opt(str),
      }),
    ),
  ),
  limits: req(limits),
  parameterAttributes: req(
    mapOf(() =>
      shape({
        kind: req(kind),
        required: opt(bool),
        list: opt(flag),
        enum: opt(strList),
        default: opt(str),
        status: opt(str),
        doc: req(str),
      }),
    ),
  ),
  validationRules: req(
    listOf(shape({ id: req(str), severity: req(literal("error", "warning")), rule: req(str), source: req(str) })),
  ),
  statusValues: req(strList),
  periodSyntax: req(shape({ regex: req(str), caseInsensitive: req(bool), doc: req(str) })),
  dateTimeSyntax: req(shape({ regex: req(str), doc: req(str) })),
});

/** Cross-reference checks that the shapes alone cannot express. */
function checkConsistency(model: ModelData): void {
  const typeNames = new Set(Object.keys(model.objectTypes));
  const categoryNames = new Set(Object.keys(model.categories));
  const listed = new Map<string, string>();
  for (const [category, members] of Object.entries(model.categories)) {
    for (const member of members) {
      const path = `categories.${category}`;
      if (!typeNames.has(member)) fail(path, `unknown object type "${member}"`);
      if (listed.has(member)) fail(path, `"${member}" is already listed under ${listed.get(member)}`);
      listed.set(member, category);
    }
  }
  for (const [typeName, type] of Object.entries(model.objectTypes)) {
    const path = `objectTypes.${typeName}`;
    if (listed.get(typeName) !== type.category) fail(path, `category "${type.category}" does not list the type`);
    for (const [fieldName, field] of Object.entries(type.fields)) {
      const fieldPath = `${path}.fields[${JSON.stringify(fieldName)}]`;
      if ((field.kind === "ref") !== (field.refTo !== undefined)) {
        fail(fieldPath, "refTo must be set exactly on ref fields");
      }
      for (const target of field.refTo ?? []) {
        if (target !== "*" && !categoryNames.has(target) && !typeNames.has(target)) {
          fail(fieldPath, `ref target "${target}" is neither a category nor an object type`);
        }
      }
      if (field.kind === "enum" && (field.enum === undefined || field.enum.length === 0)) {
        fail(fieldPath, "enum field without values");
      }
      if (field.requiredOneOf && !type.requiredOneOf?.some((group) => sameMembers(group, field.requiredOneOf ?? []))) {
        fail(fieldPath, "requiredOneOf group is not declared on the type");
      }
    }
    for (const group of [...(type.requiredOneOf ?? []), ...(type.mutuallyExclusive ?? [])]) {
      for (const member of group) {
        if (!Object.hasOwn(type.fields, member)) fail(path, `group member "${member}" is not a field`);
      }
    }
  }
  for (const runtime of model.runtimeFields) {
    for (const typeName of runtime.onTypes) {
      if (!typeNames.has(typeName)) fail(`runtimeFields.${runtime.name}`, `unknown object type "${typeName}"`);
    }
  }
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((member) => b.includes(member));
}

/** Validates and normalises the parsed reference model. */
export function normalizeModel(source: unknown): ModelData {
  const model = modelSource(source, "model") as unknown as ModelData;
  checkConsistency(model);
  return model;
}

// ---------------------------------------------------------------------------------------------
// Printing (Prettier-compatible layout: 2 spaces, width 80, trailing commas, double quotes)

const PRINT_WIDTH = 80;
const INDENT = "  ";

function printString(text: string): string {
  const doubles = text.split('"').length - 1;
  const singles = text.split("'").length - 1;
  const json = JSON.stringify(text);
  if (doubles <= singles) return json;
  // Prettier switches to single quotes when that needs fewer escapes.
  return `'${json.slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

function printKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : printString(key);
}

function isScalar(value: Json): value is string | number | boolean | null {
  return value === null || typeof value !== "object";
}

function printScalar(value: string | number | boolean | null): string {
  return typeof value === "string" ? printString(value) : String(value);
}

/** Single-line form of a value, or undefined when it must span several lines. */
function printFlat(value: Json): string | undefined {
  if (isScalar(value)) return printScalar(value);
  if (!Array.isArray(value)) return Object.keys(value).length === 0 ? "{}" : undefined;
  const items: string[] = [];
  for (const item of value) {
    const flat = printFlat(item);
    if (flat === undefined) return undefined;
    items.push(flat);
  }
  return `[${items.join(", ")}]`;
}

/** Prettier always breaks an array of several arrays (or objects) that have several entries each. */
function mustBreak(list: readonly Json[]): boolean {
  return (
    list.length > 1 &&
    list.every((item) => (Array.isArray(item) ? item.length > 1 : isPlainObject(item) && Object.keys(item).length > 1))
  );
}

/**
 * Prints `value` whose first line starts at column `column` and is followed by `suffixWidth`
 * characters (the trailing comma or semicolon).
 */
function printValue(value: Json, indent: string, column: number, suffixWidth: number): string {
  if (isScalar(value)) return printScalar(value);
  if (Array.isArray(value)) {
    const flat = mustBreak(value) ? undefined : printFlat(value);
    if (flat !== undefined && column + flat.length + suffixWidth <= PRINT_WIDTH) return flat;
    if (value.length === 0) return "[]";
    const inner = indent + INDENT;
    const lines = value.map((item) => `${inner}${printValue(item, inner, inner.length, 1)},`);
    return `[\n${lines.join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const inner = indent + INDENT;
  const lines = entries.map(([key, item]) => `${printProperty(printKey(key), item, inner)},`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/** Keys narrower than this keep a too-long string value on their own line (Prettier's rule). */
const SHORT_KEY_WIDTH = INDENT.length + 3;

function printProperty(key: string, value: Json, indent: string): string {
  const head = `${indent}${key}: `;
  const printed = printValue(value, indent, head.length, 1);
  const tooLong = typeof value === "string" && head.length + printed.length + 1 > PRINT_WIDTH;
  if (tooLong && key.length >= SHORT_KEY_WIDTH) return `${indent}${key}:\n${indent}${INDENT}${printed}`;
  return head + printed;
}

const HEADER = `// Generated by scripts/gen-model.ts from datapipeline-model.json. Do not edit.
// Regenerate with: node scripts/gen-model.ts

import type { ModelData } from "./types.ts";
`;

/** Renders the data module for a parsed reference model. Pure: same input, same text. */
export function renderModelData(source: unknown): string {
  const model = normalizeModel(source) as unknown as Json;
  const head = "export const MODEL_DATA: ModelData = ";
  return `${HEADER}\n${head}${printValue(model, "", head.length, 1)};\n`;
}

export function readModelSource(path: string = SOURCE_PATH): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

function main(args: readonly string[]): number {
  const text = renderModelData(readModelSource());
  if (args.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(OUTPUT_PATH, "utf8");
    } catch {
      // Missing counts as out of date.
    }
    if (current === text) return 0;
    process.stderr.write(`${OUTPUT_PATH} is out of date; run: node scripts/gen-model.ts\n`);
    return 1;
  }
  writeFileSync(OUTPUT_PATH, text);
  process.stdout.write(`wrote ${OUTPUT_PATH}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
