/**
 * AWS service models (botocore's JSON models, as Debian's `python3-botocore` ships them) for checking
 * the arguments the Step Functions back end passes to AWS APIs, offline.
 *
 * Where the models are:
 * - `PIPEC_BOTOCORE_DATA` wins: botocore's `data` directory (or the botocore package directory holding it).
 * - Otherwise the newest (by botocore's `__version__`) of the botocore `python3` imports (asked once) and
 *   Debian's `/usr/lib/python3/dist-packages/botocore`. Newer models know newer members, so the newest wins.
 * - Each `data/<service>/` holds one folder per API version (`YYYY-MM-DD`); the newest folder's
 *   `service-2.json` (or `service-2.json.gz`) is the model.
 *
 * Step Functions `Resource` strings name an API call in one of three ways (`operationForResource`):
 * - AWS SDK integrations, `arn:aws:states:::aws-sdk:<sdkService>:<action>[.waitForTaskToken]`
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html), and EventBridge
 *   Scheduler universal targets, `arn:aws:scheduler:::aws-sdk:<sdkService>:<action>`
 *   (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html). The action is the
 *   operation in camelCase (found case-insensitively among the model's operations). The SDK service name is the
 *   AWS SDK for JavaScript v2 class name lowercased; `resolveSdkService` maps it to a botocore service directory:
 *   1. the few names whose JS SDK v2 class is not named after the service id (`SDK_NAME_EXCEPTIONS`);
 *   2. a model whose `metadata.serviceId`, lowercased without spaces and dashes, is the name
 *      (`Redshift Data` → `redshiftdata`, `SFN` → `sfn`, `EventBridge` → `eventbridge`, `CloudWatch Logs` → `cloudwatchlogs`);
 *   3. a service directory that is the name without dashes (`stepfunctions`, `elb`);
 *   4. a single model whose `endpointPrefix` or `signingName` is the name.
 * - Optimized integrations, `arn:aws:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]` (`OPTIMIZED`):
 *   each maps to one API operation, some with different argument names (EMR), some accepting JSON where the API
 *   takes a string (Step Functions serializes it). Integration patterns per service:
 *   https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
 *
 * Step Functions spells every argument member in PascalCase, even where the API's model uses camelCase
 * (ECS, Batch), and an API member `Equals` as `EqualsValue` (supported-services-awssdk.html, "API naming
 * conventions"); `validateApiCall` checks names that way, `validateInput` by default as the model spells them.
 */
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { constants as zlibConstants, gunzipSync } from "node:zlib";

const DEBIAN_BOTOCORE = "/usr/lib/python3/dist-packages/botocore";
const INSTALL_HINT =
  "install Debian's python3-botocore (`apt-get install python3-botocore`; CI installs it in .ci/run) or set PIPEC_BOTOCORE_DATA to botocore's data directory";

/** A reference to a named shape, as members, list items and map keys/values are given in the model. */
export interface ShapeRef {
  readonly shape: string;
}

/** A botocore shape (the fields the validator reads). */
export interface Shape {
  readonly type: string;
  readonly members?: Readonly<Record<string, ShapeRef>>;
  readonly required?: readonly string[];
  readonly member?: ShapeRef;
  readonly key?: ShapeRef;
  readonly value?: ShapeRef;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly union?: boolean;
  readonly document?: boolean;
}

export interface ServiceMetadata {
  readonly apiVersion?: string;
  readonly serviceId?: string;
  readonly endpointPrefix?: string;
  readonly signingName?: string;
  readonly protocol?: string;
}

export interface ServiceModel {
  /** botocore's name for the service: its directory under `data/`. */
  readonly service: string;
  readonly apiVersion: string;
  readonly file: string;
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, { readonly name: string; readonly input?: ShapeRef }>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** An operation's input: the structure its request takes. */
export interface OperationInput {
  readonly service: string;
  readonly operation: string;
  readonly shapeName: string;
  readonly shape: Shape;
  readonly model: ServiceModel;
}

export interface BotocoreInfo {
  readonly dataDir: string;
  /** botocore's `__version__`, when the data directory sits in a botocore package. */
  readonly version: string | undefined;
  readonly source: "PIPEC_BOTOCORE_DATA" | "python3" | "debian";
}

export type IntegrationPattern = "" | ".sync" | ".sync:2" | ".waitForTaskToken";

/** The API call a `Resource` string names. */
export interface ApiCall {
  readonly resource: string;
  readonly kind: "aws-sdk" | "optimized" | "scheduler-target";
  /** `aws-sdk:s3:listObjectsV2`, `elasticmapreduce:addStep`, ... */
  readonly integration: string;
  readonly pattern: IntegrationPattern;
  /** botocore service directory. */
  readonly service: string;
  /** Operation name as the model spells it. */
  readonly operation: string;
}

export interface ValidateOptions {
  /** `model` (default): member names exactly as the model spells them; `step-functions`: Step Functions' spelling. */
  readonly names?: "model" | "step-functions";
  /** Values only known at run time: not checked (their member names still are). */
  readonly isDynamic?: (value: unknown) => boolean;
  /** A member `Name.$` (JSONPath) stands for `Name` with a run-time value. */
  readonly jsonPathKeys?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Locating and loading the models

let info: BotocoreInfo | undefined;
let infoError: Error | undefined;

function versionOf(packageDir: string): string | undefined {
  try {
    const m = /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(readFileSync(join(packageDir, "__init__.py"), "utf8"));
    return m?.[1];
  } catch {
    return undefined;
  }
}

function compareVersions(a: string | undefined, b: string | undefined): number {
  const pa = (a ?? "0").split(/[.+~-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = (b ?? "0").split(/[.+~-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function isDataDir(dir: string): boolean {
  return existsSync(join(dir, "endpoints.json")) || existsSync(join(dir, "sdk-default-configuration.json"));
}

function python3Botocore(): string | undefined {
  try {
    const out = execFileSync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 30_000,
    });
    const dir = out.trim();
    return dir !== "" ? dir : undefined;
  } catch {
    return undefined;
  }
}

function locate(): BotocoreInfo {
  const env = process.env.PIPEC_BOTOCORE_DATA;
  if (env !== undefined && env !== "") {
    for (const dir of [env, join(env, "data")]) {
      if (isDataDir(dir)) return { dataDir: dir, version: versionOf(dirname(dir)), source: "PIPEC_BOTOCORE_DATA" };
    }
    throw new Error(`AWS service models not found: PIPEC_BOTOCORE_DATA=${env} is not botocore's data directory (no endpoints.json in it or in its data/); ${INSTALL_HINT}`);
  }
  const candidates: BotocoreInfo[] = [];
  const fromPython = python3Botocore();
  if (fromPython !== undefined && isDataDir(join(fromPython, "data"))) candidates.push({ dataDir: join(fromPython, "data"), version: versionOf(fromPython), source: "python3" });
  if (isDataDir(join(DEBIAN_BOTOCORE, "data")) && !candidates.some((c) => c.dataDir === join(DEBIAN_BOTOCORE, "data"))) {
    candidates.push({ dataDir: join(DEBIAN_BOTOCORE, "data"), version: versionOf(DEBIAN_BOTOCORE), source: "debian" });
  }
  if (candidates.length === 0) throw new Error(`AWS service models not found: ${INSTALL_HINT}`);
  return candidates.reduce((best, c) => (compareVersions(c.version, best.version) > 0 ? c : best));
}

/** Where the models are and which botocore they come from. Throws, saying how to install them, when there are none. */
export function botocoreInfo(): BotocoreInfo {
  if (info !== undefined) return info;
  if (infoError !== undefined) throw infoError;
  try {
    info = locate();
    return info;
  } catch (e) {
    infoError = e instanceof Error ? e : new Error(String(e));
    throw infoError;
  }
}

export function botocoreDataDir(): string {
  return botocoreInfo().dataDir;
}

interface ModelFile {
  readonly service: string;
  readonly apiVersion: string;
  readonly file: string;
}

let modelFiles: Map<string, ModelFile> | undefined;

function serviceFiles(): Map<string, ModelFile> {
  if (modelFiles !== undefined) return modelFiles;
  const data = botocoreDataDir();
  const files = new Map<string, ModelFile>();
  for (const service of readdirSync(data).sort()) {
    const dir = join(data, service);
    if (!statSync(dir).isDirectory()) continue;
    const versions = readdirSync(dir)
      .filter((v) => statSync(join(dir, v)).isDirectory())
      .sort()
      .reverse();
    for (const v of versions) {
      const plain = join(dir, v, "service-2.json");
      const file = existsSync(plain) ? plain : existsSync(`${plain}.gz`) ? `${plain}.gz` : undefined;
      if (file !== undefined) {
        files.set(service, { service, apiVersion: v, file });
        break;
      }
    }
  }
  modelFiles = files;
  return files;
}

/** botocore's service names (its `data/` directories that hold a model). */
export function listServices(): string[] {
  return [...serviceFiles().keys()];
}

function readModelText(file: string): string {
  const buf = readFileSync(file);
  return (file.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8");
}

const models = new Map<string, ServiceModel>();

export function loadService(service: string): ServiceModel {
  const cached = models.get(service);
  if (cached !== undefined) return cached;
  const mf = serviceFiles().get(service);
  if (mf === undefined) throw new Error(`no botocore model for service "${service}" in ${botocoreDataDir()}`);
  const raw = JSON.parse(readModelText(mf.file)) as { metadata: ServiceMetadata; operations: ServiceModel["operations"]; shapes: ServiceModel["shapes"] };
  const model: ServiceModel = { service, apiVersion: mf.apiVersion, file: mf.file, metadata: raw.metadata, operations: raw.operations, shapes: raw.shapes };
  models.set(service, model);
  return model;
}

/** The model's spelling of an operation named in any case (`listObjectsV2` → `ListObjectsV2`). */
export function findOperation(model: ServiceModel, name: string): string | undefined {
  if (Object.hasOwn(model.operations, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(model.operations).find((op) => op.toLowerCase() === lower);
}

/** An operation's input structure (operation found case-insensitively). Throws for an unknown service or operation. */
export function loadOperation(service: string, operation: string): OperationInput {
  const model = loadService(service);
  const op = findOperation(model, operation);
  if (op === undefined) throw new Error(`botocore model ${service} ${model.apiVersion} has no operation "${operation}"`);
  const ref = model.operations[op].input;
  if (ref === undefined) return { service, operation: op, shapeName: `${op}Input`, shape: { type: "structure", members: {} }, model };
  return { service, operation: op, shapeName: ref.shape, shape: model.shapes[ref.shape], model };
}

// ---------------------------------------------------------------------------------------------
// SDK service names

/**
 * AWS SDK for JavaScript v2 class names (lowercased) that are not the model's service id without spaces, from
 * the SDK's apis/metadata.json (its `prefix` is botocore's directory).
 */
const SDK_NAME_EXCEPTIONS: Readonly<Record<string, string>> = {
  augmentedairuntime: "sagemaker-a2i-runtime",
  cloudwatchevents: "events",
  cognitoidentityserviceprovider: "cognito-idp",
  elasticinference: "elastic-inference",
  forecastqueryservice: "forecastquery",
  forecastservice: "forecast",
  iot1clickdevicesservice: "iot1click-devices",
  kinesisvideosignalingchannels: "kinesis-video-signaling",
  pinpointsmsvoice: "sms-voice",
  qldbsession: "qldb-session",
  rdsdataservice: "rds-data",
  transcribeservice: "transcribe",
};

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");

let metadataIndex: Map<string, ServiceMetadata> | undefined;

/** The `metadata` object of a model, read from the head of its file (it comes first), else from the whole file. */
function readMetadata(file: string): ServiceMetadata {
  const fd = openSync(file, "r");
  let head: string;
  try {
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    head = file.endsWith(".gz") ? gunzipSync(buf.subarray(0, n), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString("utf8") : buf.subarray(0, n).toString("utf8");
  } catch {
    head = "";
  } finally {
    closeSync(fd);
  }
  const m = /"metadata"\s*:\s*(\{[^{}]*\})/.exec(head);
  if (m !== null) {
    try {
      return JSON.parse(m[1]) as ServiceMetadata;
    } catch {
      // fall through to the whole file
    }
  }
  return (JSON.parse(readModelText(file)) as { metadata: ServiceMetadata }).metadata;
}

function metadataOfAll(): Map<string, ServiceMetadata> {
  if (metadataIndex !== undefined) return metadataIndex;
  const index = new Map<string, ServiceMetadata>();
  for (const [service, mf] of serviceFiles()) index.set(service, readMetadata(mf.file));
  metadataIndex = index;
  return index;
}

/** botocore's service for an SDK service name (`redshiftdata` → `redshift-data`), or undefined. See the file's comment. */
export function resolveSdkService(sdkName: string): string | undefined {
  const name = sdkName.toLowerCase();
  const files = serviceFiles();
  if (Object.hasOwn(SDK_NAME_EXCEPTIONS, name)) {
    const exception = SDK_NAME_EXCEPTIONS[name];
    return files.has(exception) ? exception : undefined;
  }
  const meta = metadataOfAll();
  const byServiceId = [...meta].filter(([, m]) => m.serviceId !== undefined && squash(m.serviceId) === name).map(([s]) => s);
  if (byServiceId.length === 1) return byServiceId[0];
  const byDir = [...files.keys()].filter((s) => squash(s) === name);
  if (byDir.length === 1) return byDir[0];
  if (byServiceId.length > 1) return byServiceId.find((s) => squash(s) === name);
  const byEndpoint = [...meta].filter(([, m]) => (m.endpointPrefix !== undefined && squash(m.endpointPrefix) === name) || (m.signingName !== undefined && squash(m.signingName) === name)).map(([s]) => s);
  return byEndpoint.length === 1 ? byEndpoint[0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Validation

/** A shape as the validator sees it: model shapes, plus the argument shapes of optimized integrations. */
interface VShape extends Shape {
  /** How findings name the shape. */
  readonly label?: string;
  /** `json`: any JSON value (serialized by Step Functions), or a string checked as `base`. */
  readonly base?: string;
  /** What to say about a member this shape does not have (an API member an integration spells differently). */
  readonly hints?: Readonly<Record<string, string>>;
}

interface Ctx {
  readonly model: ServiceModel;
  readonly overlay: ReadonlyMap<string, VShape>;
  readonly stepFunctionsNames: boolean;
  readonly isDynamic: (value: unknown) => boolean;
  readonly jsonPathKeys: boolean;
  readonly findings: string[];
}

const patternCache = new Map<string, RegExp | null>();

/** The model's pattern as a JS RegExp (not anchored: patterns match anywhere, as Smithy's `pattern` does), or null if JS cannot compile it. */
function compilePattern(p: string): RegExp | null {
  let re = patternCache.get(p);
  if (re !== undefined) return re;
  re = null;
  for (const flags of ["u", ""]) {
    try {
      re = new RegExp(p, flags);
      break;
    } catch {
      // try the next flags, else skip the pattern
    }
  }
  patternCache.set(p, re);
  return re;
}

function stepFunctionsName(member: string): string {
  if (member === "Equals") return "EqualsValue";
  return member.charAt(0).toUpperCase() + member.slice(1);
}

function memberPath(path: string, name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "number") return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`;
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function lookup(ctx: Ctx, name: string): VShape | undefined {
  return ctx.overlay.get(name) ?? ctx.model.shapes[name];
}

function suggest(name: string, candidates: readonly string[]): string {
  const lower = name.toLowerCase();
  const hit = candidates.find((c) => c.toLowerCase() === lower);
  return hit !== undefined ? ` (did you mean ${hit}?)` : "";
}

function checkLength(ctx: Ctx, shape: VShape, n: number, path: string, unit: string): void {
  if (shape.min !== undefined && n < shape.min) ctx.findings.push(`${path}: ${unit} ${n} is below the minimum ${shape.min}`);
  if (shape.max !== undefined && n > shape.max) ctx.findings.push(`${path}: ${unit} ${n} is above the maximum ${shape.max}`);
}

function checkString(ctx: Ctx, name: string, shape: VShape, value: string, path: string): void {
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    ctx.findings.push(`${path}: ${JSON.stringify(value)} is not one of ${shape.enum.join(", ")} (${name})`);
    return;
  }
  checkLength(ctx, shape, [...value].length, path, "length");
  if (shape.pattern !== undefined) {
    const re = compilePattern(shape.pattern);
    if (re !== null && !re.test(value)) ctx.findings.push(`${path}: ${JSON.stringify(value)} does not match the pattern ${shape.pattern} (${name})`);
  }
}

function check(ctx: Ctx, shapeName: string, value: unknown, path: string): void {
  if (ctx.isDynamic(value)) return;
  const shape = lookup(ctx, shapeName);
  if (shape === undefined) {
    ctx.findings.push(`${path}: the model has no shape ${shapeName}`);
    return;
  }
  const label = shape.label ?? shapeName;
  const wrongType = (expected: string): void => void ctx.findings.push(`${path}: expected ${expected} (${label}), got ${describe(value)}`);
  switch (shape.type) {
    case "structure": {
      if (shape.document === true) return;
      if (!isObject(value)) return wrongType("an object");
      const members = shape.members ?? {};
      const byName = new Map<string, string>();
      for (const m of Object.keys(members)) byName.set(ctx.stepFunctionsNames ? stepFunctionsName(m) : m, m);
      const present = new Set<string>();
      for (const [key, v] of Object.entries(value)) {
        if (v === undefined) continue;
        const runtime = ctx.jsonPathKeys && key.endsWith(".$");
        const name = runtime ? key.slice(0, -2) : key;
        const modelName = byName.get(name);
        if (modelName === undefined) {
          const hint = shape.hints !== undefined && Object.hasOwn(shape.hints, name) ? ` (${shape.hints[name]})` : suggest(name, [...byName.keys()]);
          ctx.findings.push(`${memberPath(path, name)}: unknown member of ${label}${hint}`);
          continue;
        }
        present.add(modelName);
        if (!runtime) check(ctx, members[modelName].shape, v, memberPath(path, name));
      }
      for (const req of shape.required ?? []) {
        if (!present.has(req)) ctx.findings.push(`${memberPath(path, ctx.stepFunctionsNames ? stepFunctionsName(req) : req)}: missing required member of ${label}`);
      }
      if (shape.union === true && present.size !== 1) ctx.findings.push(`${path}: ${label} is a union: set exactly one member, not ${present.size}`);
      return;
    }
    case "list": {
      if (!Array.isArray(value)) return wrongType("a list");
      checkLength(ctx, shape, value.length, path, "item count");
      if (shape.member !== undefined) value.forEach((item, i) => check(ctx, shape.member!.shape, item, `${path}[${i}]`));
      return;
    }
    case "map": {
      if (!isObject(value)) return wrongType("an object (map)");
      checkLength(ctx, shape, Object.keys(value).length, path, "entry count");
      const keyShape = shape.key !== undefined ? lookup(ctx, shape.key.shape) : undefined;
      for (const [k, v] of Object.entries(value)) {
        if (keyShape !== undefined && keyShape.type === "string") checkString(ctx, shape.key!.shape, keyShape, k, `${memberPath(path, k)} (key)`);
        if (shape.value !== undefined) check(ctx, shape.value.shape, v, memberPath(path, k));
      }
      return;
    }
    case "string": {
      if (typeof value !== "string") return wrongType("a string");
      checkString(ctx, label, shape, value, path);
      return;
    }
    case "integer":
    case "long": {
      if (typeof value !== "number" || !Number.isInteger(value)) return wrongType(`an integer`);
      checkLength(ctx, shape, value, path, "value");
      return;
    }
    case "float":
    case "double": {
      if (typeof value !== "number" || !Number.isFinite(value)) return wrongType("a number");
      checkLength(ctx, shape, value, path, "value");
      return;
    }
    case "boolean": {
      if (typeof value !== "boolean") wrongType("a boolean");
      return;
    }
    case "timestamp": {
      if (typeof value === "number" && Number.isFinite(value)) return;
      if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return;
      wrongType("a timestamp (ISO 8601 string or epoch seconds)");
      return;
    }
    case "blob": {
      if (typeof value !== "string") return wrongType("a string (blob)");
      checkLength(ctx, shape, value.length, path, "length");
      return;
    }
    case "json": {
      if (typeof value === "string" && shape.base !== undefined) check(ctx, shape.base, value, path);
      return;
    }
    default:
      ctx.findings.push(`${path}: shape ${shapeName} has a type the validator does not know: ${shape.type}`);
  }
}

function runValidation(model: ServiceModel, shapeName: string, value: unknown, options: ValidateOptions, overlay: ReadonlyMap<string, VShape> = new Map()): string[] {
  const ctx: Ctx = {
    model,
    overlay,
    stepFunctionsNames: options.names === "step-functions",
    isDynamic: options.isDynamic ?? (() => false),
    jsonPathKeys: options.jsonPathKeys ?? false,
    findings: [],
  };
  check(ctx, shapeName, value, "$");
  return ctx.findings;
}

/**
 * Checks a request against an operation's input shape. Findings start with the JSON path of the value:
 * unknown members, missing required members, wrong types, enums, min/max (length of strings, item count of
 * lists, entry count of maps, value of numbers) and patterns a JS RegExp compiles.
 */
export function validateInput(service: string, operation: string, value: unknown, options: ValidateOptions = {}): string[] {
  const op = loadOperation(service, operation);
  return runValidation(op.model, op.shapeName, value, options);
}

// ---------------------------------------------------------------------------------------------
// Step Functions resources

/** An optimized integration's arguments where they differ from the API's input. */
interface Adapter {
  /** API members the integration spells differently; `single`: it takes one item where the API takes a list. */
  readonly renames?: readonly { readonly from: string; readonly to: string; readonly single?: boolean }[];
  /** API members the integration does not accept. */
  readonly drop?: readonly string[];
  /** Members (paths of member names; `[]` for list items) that take any JSON value, which Step Functions serializes. */
  readonly json?: readonly (readonly string[])[];
  /** Further rules of the integration, on the arguments as written. */
  readonly extra?: (args: Record<string, unknown>, isDynamic: (v: unknown) => boolean) => string[];
}

interface Optimized {
  readonly service: string;
  readonly operation: string;
  readonly patterns: readonly IntegrationPattern[];
  readonly adapter?: Adapter;
}

const REQUEST: IntegrationPattern[] = [""];
const SYNC: IntegrationPattern[] = ["", ".sync"];
const CALLBACK: IntegrationPattern[] = ["", ".waitForTaskToken"];

/**
 * Optimized integrations (`arn:aws:states:::<key>`), their API operation and integration patterns
 * (https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html).
 */
const OPTIMIZED: Readonly<Record<string, Optimized>> = {
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html: RunTask's request, members in PascalCase.
  "ecs:runTask": { service: "ecs", operation: "RunTask", patterns: ["", ".sync", ".waitForTaskToken"] },
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-emr.html ("Optimized Amazon EMR APIs"):
  // createCluster is RunJobFlow's request, except that Steps is not allowed and Instances.KeepJobFlowAliveWhenNoSteps must be true.
  "elasticmapreduce:createCluster": {
    service: "emr",
    operation: "RunJobFlow",
    patterns: SYNC,
    adapter: {
      drop: ["Steps"],
      extra: (args, isDynamic) => {
        const instances = args.Instances;
        if (!isObject(instances) || isDynamic(instances)) return [];
        const keep = instances.KeepJobFlowAliveWhenNoSteps;
        if (keep === undefined) return ["$.Instances.KeepJobFlowAliveWhenNoSteps: missing; elasticmapreduce:createCluster requires it to be true"];
        return keep === true || isDynamic(keep) ? [] : [`$.Instances.KeepJobFlowAliveWhenNoSteps: elasticmapreduce:createCluster requires true, got ${describe(keep)}`];
      },
    },
  },
  // addStep is AddJobFlowSteps with ClusterId for JobFlowId and a single Step for the list Steps (same page).
  "elasticmapreduce:addStep": {
    service: "emr",
    operation: "AddJobFlowSteps",
    patterns: SYNC,
    adapter: { renames: [{ from: "JobFlowId", to: "ClusterId" }, { from: "Steps", to: "Step", single: true }] },
  },
  // terminateCluster is TerminateJobFlows with one ClusterId for the list JobFlowIds (same page).
  "elasticmapreduce:terminateCluster": { service: "emr", operation: "TerminateJobFlows", patterns: SYNC, adapter: { renames: [{ from: "JobFlowIds", to: "ClusterId", single: true }] } },
  // cancelStep is CancelSteps with one StepId for the list StepIds (same page).
  "elasticmapreduce:cancelStep": { service: "emr", operation: "CancelSteps", patterns: REQUEST, adapter: { renames: [{ from: "StepIds", to: "StepId", single: true }] } },
  // setClusterTerminationProtection is SetTerminationProtection with one ClusterId for JobFlowIds (same page).
  "elasticmapreduce:setClusterTerminationProtection": {
    service: "emr",
    operation: "SetTerminationProtection",
    patterns: REQUEST,
    adapter: { renames: [{ from: "JobFlowIds", to: "ClusterId", single: true }] },
  },
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html: Publish; Message may be a JSON object.
  "sns:publish": { service: "sns", operation: "Publish", patterns: CALLBACK, adapter: { json: [["Message"]] } },
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html: SendMessage; MessageBody may be a JSON object.
  "sqs:sendMessage": { service: "sqs", operation: "SendMessage", patterns: CALLBACK, adapter: { json: [["MessageBody"]] } },
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html: StartExecution; Input may be a JSON object.
  "states:startExecution": { service: "stepfunctions", operation: "StartExecution", patterns: ["", ".sync", ".sync:2", ".waitForTaskToken"], adapter: { json: [["Input"]] } },
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-glue.html: StartJobRun's request.
  "glue:startJobRun": { service: "glue", operation: "StartJobRun", patterns: SYNC },
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-athena.html: "the same as the corresponding Athena APIs".
  "athena:startQueryExecution": { service: "athena", operation: "StartQueryExecution", patterns: SYNC },
  "athena:stopQueryExecution": { service: "athena", operation: "StopQueryExecution", patterns: REQUEST },
  "athena:getQueryExecution": { service: "athena", operation: "GetQueryExecution", patterns: REQUEST },
  "athena:getQueryResults": { service: "athena", operation: "GetQueryResults", patterns: REQUEST },
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-batch.html: SubmitJob's request, members in PascalCase.
  "batch:submitJob": { service: "batch", operation: "SubmitJob", patterns: SYNC },
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html: Invoke; Payload may be any JSON.
  "lambda:invoke": { service: "lambda", operation: "Invoke", patterns: CALLBACK, adapter: { json: [["Payload"]] } },
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html: the item APIs' requests.
  "dynamodb:getItem": { service: "dynamodb", operation: "GetItem", patterns: REQUEST },
  "dynamodb:putItem": { service: "dynamodb", operation: "PutItem", patterns: REQUEST },
  "dynamodb:updateItem": { service: "dynamodb", operation: "UpdateItem", patterns: REQUEST },
  "dynamodb:deleteItem": { service: "dynamodb", operation: "DeleteItem", patterns: REQUEST },
  // https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html: PutEvents; an entry's Detail may be a JSON object.
  "events:putEvents": { service: "events", operation: "PutEvents", patterns: CALLBACK, adapter: { json: [["Entries", "[]", "Detail"]] } },
};

const PARTITION = "aws(?:-[a-z]+)*";
const SDK_RE = new RegExp(`^arn:${PARTITION}:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)(\\.waitForTaskToken)?$`);
const SCHEDULER_RE = new RegExp(`^arn:${PARTITION}:scheduler:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$`);
const OPTIMIZED_RE = new RegExp(`^arn:${PARTITION}:states:::([a-z0-9-]+):([A-Za-z0-9]+)(\\.sync(?::2)?|\\.waitForTaskToken)?$`);

function sdkCall(resource: string, kind: ApiCall["kind"], sdkName: string, action: string, pattern: IntegrationPattern): ApiCall | undefined {
  const service = resolveSdkService(sdkName);
  if (service === undefined) return undefined;
  const operation = findOperation(loadService(service), action);
  if (operation === undefined) return undefined;
  return { resource, kind, integration: `aws-sdk:${sdkName}:${action}`, pattern, service, operation };
}

/**
 * The API call a Step Functions Task `Resource` (or an EventBridge Scheduler universal target ARN) names, or
 * undefined for an unknown integration, action or integration pattern.
 */
export function operationForResource(resourceArn: string): ApiCall | undefined {
  let m = SDK_RE.exec(resourceArn);
  if (m !== null) return sdkCall(resourceArn, "aws-sdk", m[1], m[2], (m[3] ?? "") as IntegrationPattern);
  m = SCHEDULER_RE.exec(resourceArn);
  if (m !== null) return sdkCall(resourceArn, "scheduler-target", m[1], m[2], "");
  m = OPTIMIZED_RE.exec(resourceArn);
  if (m === null) return undefined;
  const key = `${m[1]}:${m[2]}`;
  const o = Object.hasOwn(OPTIMIZED, key) ? OPTIMIZED[key] : undefined;
  const pattern = (m[3] ?? "") as IntegrationPattern;
  if (o === undefined || !o.patterns.includes(pattern)) return undefined;
  if (!serviceFiles().has(o.service)) return undefined;
  const operation = findOperation(loadService(o.service), o.operation);
  return operation === undefined ? undefined : { resource: resourceArn, kind: "optimized", integration: key, pattern, service: o.service, operation };
}

/** Step Functions' JSONata expression: a string `{% ... %}`. */
export function isJsonata(value: unknown): boolean {
  return typeof value === "string" && value.startsWith("{%") && value.endsWith("%}");
}

/** The model's name of a structure's member given in the model's or in Step Functions' spelling. */
function memberNamed(shape: Shape, name: string): string | undefined {
  const members = Object.keys(shape.members ?? {});
  return members.find((m) => m === name) ?? members.find((m) => stepFunctionsName(m) === name);
}

/** Shapes for an optimized integration's arguments, over the API's model; returns the root shape's name. */
function adaptShapes(model: ServiceModel, inputShape: string, integration: string, adapter: Adapter | undefined, overlay: Map<string, VShape>): string {
  if (adapter === undefined) return inputShape;
  const root = `${integration} arguments`;
  const input = model.shapes[inputShape];
  const members: Record<string, ShapeRef> = { ...input.members };
  const hints: Record<string, string> = {};
  let required = [...(input.required ?? [])];
  for (const d of adapter.drop ?? []) {
    const m = memberNamed(input, d);
    if (m === undefined) continue;
    delete members[m];
    required = required.filter((r) => r !== m);
    hints[d] = `${integration} does not accept it`;
  }
  for (const r of adapter.renames ?? []) {
    const m = memberNamed(input, r.from);
    if (m === undefined) continue;
    const ref = members[m];
    delete members[m];
    members[r.to] = r.single === true ? (model.shapes[ref.shape].member ?? ref) : ref;
    required = required.map((x) => (x === m ? r.to : x));
    hints[r.from] = `${integration} takes ${r.to}${r.single === true ? ", a single item," : ""} for the API's ${r.from}`;
  }
  overlay.set(root, { ...input, members, required, label: root, hints });
  for (const path of adapter.json ?? []) setJson(model, overlay, root, path, integration);
  return root;
}

/** Replaces the shape at `path` (member names, `[]` for list items) below `shapeName` with a `json` shape, copying the shapes on the way. */
function setJson(model: ServiceModel, overlay: Map<string, VShape>, shapeName: string, path: readonly string[], integration: string): void {
  const shape = overlay.get(shapeName) ?? model.shapes[shapeName];
  const [step, ...rest] = path;
  if (step === undefined || shape === undefined) return;
  if (step === "[]") {
    if (shape.member === undefined) return;
    const name = `${shape.member.shape} (${integration})`;
    if (!overlay.has(name)) overlay.set(name, { ...(overlay.get(shape.member.shape) ?? model.shapes[shape.member.shape]), label: shape.member.shape });
    overlay.set(shapeName, { ...shape, member: { shape: name } });
    setJson(model, overlay, name, rest, integration);
    return;
  }
  const member = memberNamed(shape, step);
  if (member === undefined) return;
  const ref = shape.members![member];
  const name = `${ref.shape} (${integration} ${step})`;
  if (rest.length === 0) overlay.set(name, { type: "json", base: ref.shape, label: ref.shape });
  else if (!overlay.has(name)) overlay.set(name, { ...(overlay.get(ref.shape) ?? model.shapes[ref.shape]), label: ref.shape });
  overlay.set(shapeName, { ...shape, members: { ...shape.members, [member]: { shape: name } } });
  if (rest.length > 0) setJson(model, overlay, name, rest, integration);
}

/**
 * Checks a Task's arguments against the API its `Resource` calls, as Step Functions takes them: members in
 * Step Functions' spelling, JSONata expressions (`{% ... %}`) and JSONPath members (`Name.$`) left to run time,
 * an optimized integration's own argument names (EMR) and JSON-valued members. An unknown resource is a finding.
 */
export function validateApiCall(resource: string, args: unknown): string[] {
  const call = operationForResource(resource);
  if (call === undefined) return [`unknown integration: ${resource}`];
  if (isJsonata(args)) return [];
  const op = loadOperation(call.service, call.operation);
  const adapter = call.kind === "optimized" ? OPTIMIZED[call.integration].adapter : undefined;
  const overlay = new Map<string, VShape>();
  const root = adaptShapes(op.model, op.shapeName, call.integration, adapter, overlay);
  const value = args ?? {};
  const options: ValidateOptions = { names: "step-functions", isDynamic: isJsonata, jsonPathKeys: true };
  const findings = runValidation(op.model, root, value, options, overlay);
  if (adapter?.extra !== undefined && isObject(value)) findings.push(...adapter.extra(value, isJsonata));
  return findings;
}
