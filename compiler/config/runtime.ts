/**
 * Run-time settings of the Step Functions target: what a Data Pipeline definition leaves to the
 * service and a state machine must be told to start its tasks (where shell commands run, the
 * Redshift workgroup and secret, the role of late-action schedules, the secrets of secret
 * fields). The keys are data (`RUNTIME_SETTINGS`); everything else here reads and checks them.
 *
 * Settings are given per environment, as a section `{"*": {...}, "<env>": {...}}`: `*` applies to
 * every environment and an environment's entry goes over it. Sections come from
 * `pipec.config.json` (`runtime`), cdktf.json (`context.pipec.stepfunctions.runtime`) and
 * `pipec build --runtime-file`; `pipec build --runtime key=value` gives settings for the build.
 * Layers merge key by key, later over earlier; `secrets` merge secret by secret.
 *
 * Never throws on user input: problems are PIPE9005 diagnostics with the span of the key or value.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { ENVIRONMENT_NAME } from "../emit/terraform/environments.ts";
import { member, readJson, type JsonMember, type JsonNode } from "../import/json.ts";
import { suggest } from "../model/index.ts";
import type { Span } from "../source/source.ts";
import { configDiagnostic } from "./codes.ts";

/** The JSON type of a setting's value. */
export type RuntimeValueType = "string" | "string[]" | "object";

export interface RuntimeSettingSpec {
  readonly key: string;
  readonly type: RuntimeValueType;
  /** What the value is, as a noun phrase for messages and docs ("an ECS cluster name or ARN"). */
  readonly form: string;
  /** What the state machine uses it for. */
  readonly description: string;
  /** A well-formed (made-up) value. */
  readonly example: string | readonly string[] | Readonly<Record<string, string>>;
  /** Checks one string (for a list: each item; for `secrets`: each secret ARN). */
  readonly valid: (text: string) => boolean;
  /** The allowed values, for a setting that is one of a few words. */
  readonly choices?: readonly string[];
}

const PARTITION = "aws(?:-[a-z]+)*";
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
const ACCOUNT = "\\d{12}";
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role/[\\w+=,.@/-]{1,512}$`);
const SECRET_ARN = new RegExp(`^arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:[\\w/+=.@-]{1,512}$`);
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN = new RegExp(`^arn:${PARTITION}:ecs:${REGION}:${ACCOUNT}:cluster/[A-Za-z0-9_-]{1,255}$`);
const TASK_DEFINITION = /^[A-Za-z0-9_-]{1,255}(?::[1-9]\d*)?$/;
const TASK_DEFINITION_ARN = new RegExp(`^arn:${PARTITION}:ecs:${REGION}:${ACCOUNT}:task-definition/[A-Za-z0-9_-]{1,255}:[1-9]\\d*$`);
const SUBNET = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const SECURITY_GROUP = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const WORKGROUP = /^[a-z0-9-]{3,64}$/;
const WORKGROUP_ARN = new RegExp(`^arn:${PARTITION}:redshift-serverless:${REGION}:${ACCOUNT}:workgroup/[a-z0-9-]{1,64}$`);

/** Every run-time setting, in the order the docs list them. */
export const RUNTIME_SETTINGS: readonly RuntimeSettingSpec[] = [
  {
    key: "ecsCluster",
    type: "string",
    form: "an ECS cluster name or ARN",
    description: "the cluster that runs shell commands, copies and SQL clients as Fargate tasks",
    example: "arn:aws:ecs:us-east-1:123456789012:cluster/etl",
    valid: (t) => ECS_NAME.test(t) || CLUSTER_ARN.test(t),
  },
  {
    key: "shellTaskDefinition",
    type: "string",
    form: "a task definition family[:revision] or ARN",
    description: "the task definition of those tasks (a shell with the AWS CLI, mysql and psql)",
    example: "pipec-shell:3",
    valid: (t) => TASK_DEFINITION.test(t) || TASK_DEFINITION_ARN.test(t),
  },
  {
    key: "shellContainer",
    type: "string",
    form: "a container name",
    description: "the container of the task definition that runs the command",
    example: "shell",
    valid: (t) => ECS_NAME.test(t),
  },
  {
    key: "subnets",
    type: "string[]",
    form: "a list of subnet ids (subnet-...)",
    description: "the subnets of the Fargate tasks",
    example: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    valid: (t) => SUBNET.test(t),
  },
  {
    key: "securityGroups",
    type: "string[]",
    form: "a list of security group ids (sg-...)",
    description: "the security groups of the Fargate tasks",
    example: ["sg-0123456789abcdef0"],
    valid: (t) => SECURITY_GROUP.test(t),
  },
  {
    key: "assignPublicIp",
    type: "string",
    form: "ENABLED or DISABLED",
    description: "whether the Fargate tasks get a public IP address (default DISABLED)",
    example: "DISABLED",
    choices: ["ENABLED", "DISABLED"],
    valid: (t) => t === "ENABLED" || t === "DISABLED",
  },
  {
    key: "ecsTaskRoleArn",
    type: "string",
    form: "an IAM role ARN",
    description: "the task role of the task definition; the state machine may pass only this role (and the execution role) to ECS",
    example: "arn:aws:iam::123456789012:role/pipec-shell-task",
    valid: (t) => ROLE_ARN.test(t),
  },
  {
    key: "ecsExecutionRoleArn",
    type: "string",
    form: "an IAM role ARN",
    description: "the execution role of the task definition (pulls the image, writes the logs)",
    example: "arn:aws:iam::123456789012:role/pipec-shell-execution",
    valid: (t) => ROLE_ARN.test(t),
  },
  {
    key: "redshiftWorkgroup",
    type: "string",
    form: "a Redshift Serverless workgroup name or ARN",
    description: "where SqlActivity and RedshiftCopyActivity run through the Redshift Data API, for databases without a clusterId (an ARN also scopes the grant to it)",
    example: "analytics",
    valid: (t) => WORKGROUP.test(t) || WORKGROUP_ARN.test(t),
  },
  {
    key: "redshiftSecretArn",
    type: "string",
    form: "a Secrets Manager secret ARN",
    description: "the secret the Redshift Data API signs in with",
    example: "arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift-etl-AbCdEf",
    valid: (t) => SECRET_ARN.test(t),
  },
  {
    key: "redshiftCopyRoleArn",
    type: "string",
    form: "an IAM role ARN",
    description: "the role RedshiftCopyActivity's COPY reads S3 with (IAM_ROLE); without it the cluster's default role",
    example: "arn:aws:iam::123456789012:role/redshift-copy",
    valid: (t) => ROLE_ARN.test(t),
  },
  {
    key: "schedulerRoleArn",
    type: "string",
    form: "an IAM role ARN",
    description: "the role the one-time EventBridge schedules of late actions (onLateAction) publish with",
    example: "arn:aws:iam::123456789012:role/pipec-late-alarms",
    valid: (t) => ROLE_ARN.test(t),
  },
  {
    key: "secrets",
    type: "object",
    form: 'an object of Secrets Manager secret ARNs by "<ObjectId>.<*field>" or "*myParam"',
    description: "where tasks read secret values (a database's *password), which are never compiled into the state machine",
    example: { "SourceDb.*password": "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds-etl-AbCdEf" },
    valid: (t) => SECRET_ARN.test(t),
  },
];

const BY_KEY = new Map(RUNTIME_SETTINGS.map((s) => [s.key, s]));
export const RUNTIME_KEYS: readonly string[] = RUNTIME_SETTINGS.map((s) => s.key);

export function runtimeSetting(key: string): RuntimeSettingSpec | undefined {
  return BY_KEY.get(key);
}

/** A secret's name: `<ObjectId>.<*field>` or `*myParam`. */
const SECRET_NAME = /^(?:[^\s.][^\s]*\.\*[A-Za-z][A-Za-z0-9_]*|\*[A-Za-z][A-Za-z0-9_]*)$/;

/** Checked settings of one environment: known keys only, values of the right type (null prototype). */
export type RuntimeSettings = Readonly<Record<string, unknown>>;

/** Checked settings per environment; `*` for every environment. */
export type RuntimeSection = ReadonlyMap<string, RuntimeSettings>;

const NO_SPAN: Span = { start: 0, end: 0 };

function record(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** A value given as data (construct properties, a cdktf CLI context) as a JSON node without positions. */
export function valueNode(value: unknown, depth = 0): JsonNode {
  if (typeof value === "string") return { kind: "string", span: NO_SPAN, value, offsets: [] };
  if (typeof value === "number") return { kind: "number", span: NO_SPAN, raw: String(value) };
  if (typeof value === "boolean") return { kind: "boolean", span: NO_SPAN, value };
  if (Array.isArray(value)) return { kind: "array", span: NO_SPAN, items: depth > 8 ? [] : value.map((v) => valueNode(v, depth + 1)) };
  if (value !== null && typeof value === "object") {
    const members: JsonMember[] = depth > 8 ? [] : Object.keys(value).map((key) => ({ key, keySpan: NO_SPAN, value: valueNode((value as Record<string, unknown>)[key], depth + 1), span: NO_SPAN }));
    return { kind: "object", span: NO_SPAN, members };
  }
  return { kind: "null", span: NO_SPAN };
}

/** `runtime.prod` + `subnets`; a label ending in a space (`--runtime `) is a prefix. */
function path(label: string, key: string): string {
  return label === "" ? key : label.endsWith(" ") ? `${label}${key}` : `${label}.${key}`;
}

function shown(node: JsonNode): string {
  switch (node.kind) {
    case "string":
      return `'${node.value}'`;
    case "number":
      return node.raw;
    case "boolean":
      return String(node.value);
    case "null":
      return "null";
    case "array":
      return "a list";
    case "object":
      return "an object";
  }
}

/**
 * Reads and checks the settings of one environment (`{"ecsCluster": "...", ...}`). `label` names
 * the object in messages (`runtime.prod`, `--runtime`); problems go to `out`.
 */
export function readRuntimeSettings(node: JsonNode, file: string, label: string, out: Diagnostic[]): RuntimeSettings {
  const settings = record();
  if (node.kind !== "object") {
    out.push(configDiagnostic("PIPE9005", file, node.span, `${label.trim() || "the run-time settings"} must be an object of run-time settings, not ${shown(node)}`));
    return settings;
  }
  for (const m of node.members) {
    const where = path(label, m.key);
    const spec = BY_KEY.get(m.key);
    if (!spec) {
      const s = suggest(m.key, RUNTIME_KEYS);
      out.push(configDiagnostic("PIPE9005", file, m.keySpan, `unknown run-time setting '${where}'`, s ? `did you mean \`${s}\`?` : `the settings are ${RUNTIME_KEYS.join(", ")}`));
      continue;
    }
    const value = readValue(spec, m.value, file, where, out);
    if (value !== undefined) settings[m.key] = value;
  }
  return settings;
}

function readValue(spec: RuntimeSettingSpec, node: JsonNode, file: string, where: string, out: Diagnostic[]): unknown {
  const bad = (at: JsonNode, what: string): undefined => {
    const hint = spec.choices ? `use one of ${spec.choices.join(", ")}` : `for example ${JSON.stringify(spec.example)}`;
    out.push(configDiagnostic("PIPE9005", file, at.span, `'${where}' must be ${spec.form}; ${what}`, hint));
    return undefined;
  };
  if (spec.type === "string") {
    if (node.kind !== "string") return bad(node, node.kind === "array" ? "a list was given, and it takes one value" : `got ${shown(node)}`);
    return spec.valid(node.value) ? node.value : bad(node, `got ${shown(node)}`);
  }
  if (spec.type === "string[]") {
    if (node.kind !== "array") return bad(node, `got ${shown(node)}, not a list of strings`);
    if (node.items.length === 0) return bad(node, "the list is empty");
    const items: string[] = [];
    for (const item of node.items) {
      if (item.kind !== "string") bad(item, `the list holds ${shown(item)}, not a string`);
      else if (!spec.valid(item.value)) bad(item, `got ${shown(item)}`);
      else items.push(item.value);
    }
    return items.length === node.items.length ? items : undefined;
  }
  // secrets
  if (node.kind !== "object") return bad(node, `got ${shown(node)}`);
  const secrets = record();
  let ok = true;
  for (const m of node.members) {
    if (!SECRET_NAME.test(m.key)) {
      out.push(
        configDiagnostic("PIPE9005", file, m.keySpan, `'${where}' names '${m.key}', which is neither "<ObjectId>.<*field>" nor "*myParam"`, 'name the secret field ("SourceDb.*password") or the secret parameter ("*myPassword")'),
      );
      ok = false;
      continue;
    }
    if (m.value.kind !== "string" || !spec.valid(m.value.value)) {
      out.push(configDiagnostic("PIPE9005", file, m.value.span, `'${where}.${m.key}' must be a Secrets Manager secret ARN; got ${shown(m.value)}`, "arn:aws:secretsmanager:<region>:<account>:secret:<name>"));
      ok = false;
      continue;
    }
    secrets[m.key] = m.value.value;
  }
  return ok ? secrets : undefined;
}

/**
 * Reads and checks a section `{"*": {...}, "<env>": {...}}`. `label` names the section in
 * messages (`runtime`, `context.pipec.stepfunctions.runtime`; empty for a whole file).
 */
export function readRuntimeSection(node: JsonNode, file: string, label: string, out: Diagnostic[]): Map<string, RuntimeSettings> {
  const section = new Map<string, RuntimeSettings>();
  const name = label || "the run-time settings";
  if (node.kind !== "object") {
    out.push(configDiagnostic("PIPE9005", file, node.span, `${name} must be an object of settings per environment, not ${shown(node)}`, 'write {"*": {...}, "prod": {...}}'));
    return section;
  }
  for (const m of node.members) {
    const where = path(label, m.key);
    if (m.key !== "*" && !ENVIRONMENT_NAME.test(m.key)) {
      out.push(configDiagnostic("PIPE9005", file, m.keySpan, `'${where}': the keys of ${name} are "*" and environment names (letters, digits, '_' and '-')`));
      continue;
    }
    if (BY_KEY.has(m.key) || m.value.kind !== "object") {
      out.push(
        configDiagnostic("PIPE9005", file, m.keySpan, `${name} are given per environment: '${m.key}' is not an environment`, `write {"*": {"${m.key}": ...}} for every environment, or {"<env>": {"${m.key}": ...}} for one`),
      );
      continue;
    }
    section.set(m.key, readRuntimeSettings(m.value, file, where, out));
  }
  return section;
}

/** Merges settings, later over earlier; `secrets` merge secret by secret. Keys come out sorted. */
export function mergeRuntime(...layers: readonly (RuntimeSettings | undefined)[]): RuntimeSettings {
  const merged = record();
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of Object.keys(layer)) {
      const v = layer[key];
      if (key === "secrets" && isRecord(v) && isRecord(merged.secrets)) {
        const secrets = record();
        for (const [k, arn] of [...Object.entries(merged.secrets), ...Object.entries(v)]) secrets[k] = arn;
        merged.secrets = secrets;
      } else merged[key] = v;
    }
  }
  const out = record();
  for (const key of Object.keys(merged).sort()) {
    const v = merged[key];
    if (isRecord(v)) {
      const sorted = record();
      for (const k of Object.keys(v).sort()) sorted[k] = v[k];
      out[key] = sorted;
    } else out[key] = Array.isArray(v) ? [...(v as unknown[])] : v;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The settings of one environment: `*`, then the environment's own entry. */
export function settingsFor(section: RuntimeSection | undefined, environment: string | undefined): RuntimeSettings {
  if (!section) return mergeRuntime();
  return mergeRuntime(section.get("*"), environment !== undefined ? section.get(environment) : undefined);
}

/**
 * True when data given to a construct is a section per environment rather than the settings
 * themselves: it has a `*` entry, or no key is a setting and every value is an object.
 */
export function isRuntimeSection(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.includes("*")) return true;
  return keys.length > 0 && keys.every((k) => !BY_KEY.has(k) && isRecord(value[k]));
}

/**
 * Settings given as data (a construct's `runtime`: the settings, or a section per environment),
 * checked, for one environment. `origin` names the data in diagnostics.
 */
export function resolveRuntime(value: unknown, environment: string | undefined, origin: string, out: Diagnostic[]): RuntimeSettings {
  if (value === undefined) return mergeRuntime();
  const node = valueNode(value);
  if (isRuntimeSection(value)) return settingsFor(readRuntimeSection(node, origin, origin, out), environment);
  return mergeRuntime(readRuntimeSettings(node, origin, origin, out));
}

/** The node at a path of object keys, if every step is an object member (the last of equal keys wins). */
function nodeAt(root: JsonNode | undefined, keys: readonly string[]): JsonNode | undefined {
  let node = root;
  for (const key of keys) {
    if (node?.kind !== "object") return undefined;
    node = member(node, key)?.value;
  }
  return node;
}

/** Where cdktf.json keeps the section. */
export const CDKTF_RUNTIME_PATH: readonly string[] = ["context", "pipec", "stepfunctions", "runtime"];

/**
 * The section of a cdktf.json text (`context.pipec.stepfunctions.runtime`), with positions;
 * undefined when the file has none. JSON syntax problems are reported.
 */
export function readCdktfRuntime(file: string, text: string, out: Diagnostic[]): Map<string, RuntimeSettings> | undefined {
  const json = readJson(file, text);
  out.push(...json.diagnostics);
  const node = nodeAt(json.value, CDKTF_RUNTIME_PATH);
  return node ? readRuntimeSection(node, file, CDKTF_RUNTIME_PATH.join("."), out) : undefined;
}

/**
 * A `--runtime-file`: a section `{"*": {...}, "<env>": {...}}`, or a cdktf.json, whose
 * `context.pipec.stepfunctions.runtime` is read.
 */
export function readRuntimeFile(file: string, text: string, out: Diagnostic[]): Map<string, RuntimeSettings> {
  const json = readJson(file, text);
  out.push(...json.diagnostics);
  const root = json.value;
  if (!root) {
    out.push(configDiagnostic("PIPE9005", file, NO_SPAN, "the run-time settings file is empty", 'write {"*": {...}, "prod": {...}}'));
    return new Map();
  }
  if (root.kind === "object" && member(root, "context")) {
    const node = nodeAt(root, CDKTF_RUNTIME_PATH);
    if (node) return readRuntimeSection(node, file, CDKTF_RUNTIME_PATH.join("."), out);
    out.push(configDiagnostic("PIPE9005", file, root.span, `the file has a 'context' but no ${CDKTF_RUNTIME_PATH.join(".")}`));
    return new Map();
  }
  return readRuntimeSection(root, file, "", out);
}

/** The `runtime` section of a pipec.config.json text, with positions (undefined when it has none). */
export function readConfigRuntime(file: string, text: string, out: Diagnostic[]): Map<string, RuntimeSettings> | undefined {
  const json = readJson(file, text);
  const node = nodeAt(json.value, ["runtime"]);
  return node ? readRuntimeSection(node, file, "runtime", out) : undefined;
}

export const COMMAND_LINE_ORIGIN = "<command line>";

/**
 * `--runtime key=value` entries, in order. A repeated key builds a list, and a list setting
 * also splits its value at commas (`subnets=subnet-a,subnet-b`); `secrets.<name>=<arn>` sets one
 * secret. Entries that are not `key=value` are returned in `invalid`.
 */
export function parseRuntimeFlags(tokens: readonly string[], out: Diagnostic[]): { settings: RuntimeSettings; invalid: string[] } {
  const given = new Map<string, string[]>();
  const secrets = new Map<string, string>();
  const invalid: string[] = [];
  for (const t of tokens) {
    const eq = t.indexOf("=");
    if (eq <= 0) {
      invalid.push(t);
      continue;
    }
    const key = t.slice(0, eq).trim();
    const value = t.slice(eq + 1).trim();
    if (key.startsWith("secrets.") && key.length > "secrets.".length) {
      secrets.set(key.slice("secrets.".length), value);
      continue;
    }
    if (key === "secrets") {
      out.push(configDiagnostic("PIPE9005", COMMAND_LINE_ORIGIN, NO_SPAN, "'secrets' takes one secret per entry", "--runtime 'secrets.SourceDb.*password=arn:aws:secretsmanager:...'"));
      continue;
    }
    const spec = BY_KEY.get(key);
    const parts = spec?.type === "string[]" ? value.split(",").map((v) => v.trim()).filter((v) => v !== "") : [value];
    given.set(key, [...(given.get(key) ?? []), ...parts]);
  }
  const data = record();
  for (const [key, values] of given) data[key] = BY_KEY.get(key)?.type === "string[]" || values.length > 1 ? values : values[0];
  if (secrets.size > 0) {
    const s = record();
    for (const [k, v] of secrets) s[k] = v;
    data.secrets = s;
  }
  return { settings: mergeRuntime(readRuntimeSettings(valueNode(data), COMMAND_LINE_ORIGIN, "--runtime ", out)), invalid };
}
