/**
 * Secrets: encrypted parameters (`*myPassword`) and encrypted fields (`*password`), the values
 * they hold in a build, and the reference forms that name a secret instead of holding it
 * (docs/secrets.md):
 *
 *   secretsmanager:arn:aws:secretsmanager:<region>:<account>:secret:<name>   AWS Secrets Manager
 *   ssm:/<path>  (or ssm:<name>, ssm:arn:aws:ssm:<region>:<account>:parameter/<path>)   SSM Parameter Store (SecureString)
 *
 * A reference is a whole value: a field's literal, a parameter's default, or a values-file value.
 * The targets decide what a plain value or a reference means for them (Data Pipeline JSON, the
 * state machine, the Terraform stacks); this module only finds them.
 */
import type { ParameterIR, PipelineIR, ValueIR } from "../ir/ir.ts";
import { fieldSpec } from "../model/index.ts";
import type { Span } from "../source/source.ts";

export type SecretRef =
  | { readonly kind: "secretsmanager"; readonly arn: string }
  | { readonly kind: "ssm"; readonly name: string; readonly arn: string | undefined };

/** What a secret's value is: plain text, a reference, or text that starts like a reference but is not one. */
export type SecretValue =
  | { readonly kind: "plain"; readonly text: string }
  | { readonly kind: "reference"; readonly text: string; readonly ref: SecretRef }
  | { readonly kind: "malformed"; readonly text: string; readonly why: string };

const PARTITION = "aws(?:-[a-z]+)*";
const SECRET_ARN = new RegExp(`^arn:${PARTITION}:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\\d:\\d{12}:secret:[\\w/+=.@-]{1,512}$`);
const SSM_ARN = new RegExp(`^arn:${PARTITION}:ssm:[a-z]{2}(?:-[a-z]+)+-\\d:\\d{12}:parameter/([\\w.\\-/]{1,2048})$`);
const SSM_NAME = /^(?:\/[\w.-]+)+$|^[\w.-]+$/;

export const SECRET_REFERENCE_FORMS = "secretsmanager:arn:aws:secretsmanager:<region>:<account>:secret:<name>, or ssm:/<parameter path>";

/** Classifies a secret's text; undefined for the empty string (no secret). */
export function secretValue(text: string): SecretValue | undefined {
  if (text === "") return undefined;
  if (text.startsWith("secretsmanager:")) {
    const arn = text.slice("secretsmanager:".length);
    return SECRET_ARN.test(arn) ? { kind: "reference", text, ref: { kind: "secretsmanager", arn } } : { kind: "malformed", text, why: "after `secretsmanager:` comes a secret's ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)" };
  }
  if (text.startsWith("ssm:")) {
    const name = text.slice("ssm:".length);
    const m = SSM_ARN.exec(name);
    if (m) return { kind: "reference", text, ref: { kind: "ssm", name, arn: name } };
    if (name.length <= 2048 && SSM_NAME.test(name)) return { kind: "reference", text, ref: { kind: "ssm", name, arn: undefined } };
    return { kind: "malformed", text, why: "after `ssm:` comes a parameter's name (/path/to/name) or ARN" };
  }
  return { kind: "plain", text };
}

/** The IAM resource of a reference: the secret's ARN (any version), or the parameter's ARN (open in region and account when given by name). */
export function secretResource(ref: SecretRef): string {
  if (ref.kind === "secretsmanager") return ref.arn;
  if (ref.arn !== undefined) return ref.arn;
  return `arn:aws:ssm:*:*:parameter${ref.name.startsWith("/") ? "" : "/"}${ref.name}`;
}

/** A parameter value given by the build (an environment), with where it was written. */
export interface GivenValue {
  readonly id: string;
  readonly values: readonly string[];
  /** Where it was given: a values file and the key's span, or `<command line>`. */
  readonly source?: { readonly file: string; readonly span: Span };
}

/** One place a secret is written. */
export interface SecretSite {
  /** `*myPassword` (a parameter) or `Db.*password` (a field). */
  readonly name: string;
  readonly kind: "parameter" | "field";
  /** Where the value comes from. */
  readonly origin: "default" | "values file" | "command line" | "field";
  readonly file: string;
  readonly span: Span;
  readonly value: SecretValue;
  /** For a field: the object and key. */
  readonly objectId?: string;
  readonly key?: string;
}

export const COMMAND_LINE_FILE = "<command line>";

/** True for a field that holds a secret: `*x`, or `x` where the type's field is `*x` (`password` on a database). */
export function isSecretField(type: string | undefined, key: string): boolean {
  if (key.startsWith("*")) return true;
  return type !== undefined && key === "password" && fieldSpec(type, "*password") !== undefined;
}

function defaultSpan(prm: ParameterIR): Span {
  return prm.attributes.find((a) => a.key === "default")?.span ?? prm.idSpan;
}

/**
 * The value in effect of every secret parameter (the environment's, else the default) and every
 * literal secret field, with where it was written. `values`: the environment's values (undefined:
 * the pipeline's defaults apply).
 */
export function secretSites(p: PipelineIR, values: readonly GivenValue[] | undefined): SecretSite[] {
  const out: SecretSite[] = [];
  const given = new Map((values ?? []).map((v) => [v.id, v]));
  const declared = new Set<string>();
  for (const prm of p.parameters) {
    if (!prm.id.startsWith("*") || declared.has(prm.id)) continue;
    declared.add(prm.id);
    const v = given.get(prm.id);
    if (v) pushGiven(out, p, v);
    else {
      const defaults = prm.default === undefined ? [] : typeof prm.default === "string" ? [prm.default] : prm.default;
      for (const text of defaults) {
        const value = secretValue(text);
        if (value) out.push({ name: prm.id, kind: "parameter", origin: "default", file: p.file, span: defaultSpan(prm), value });
      }
    }
  }
  // Values for undeclared secret ids are passed on unchanged (PIPE5104): they are secrets too.
  for (const v of values ?? []) if (v.id.startsWith("*") && !declared.has(v.id)) pushGiven(out, p, v);
  for (const o of [p.defaults, ...p.objects]) {
    for (const f of o.fields) {
      if (!isSecretField(o.type, f.key)) continue;
      for (const v of f.values) {
        if (v.kind !== "literal") continue;
        const value = secretValue(v.text);
        if (value) out.push({ name: `${o.id}.${f.key}`, kind: "field", origin: "field", file: p.file, span: v.span, value, objectId: o.id, key: f.key });
      }
    }
  }
  return out;
}

function pushGiven(out: SecretSite[], p: PipelineIR, v: GivenValue): void {
  const commandLine = v.source === undefined || v.source.file === COMMAND_LINE_FILE;
  for (const text of v.values) {
    const value = secretValue(text);
    if (!value) continue;
    out.push({
      name: v.id,
      kind: "parameter",
      origin: commandLine ? "command line" : "values file",
      file: commandLine ? (v.source?.file ?? COMMAND_LINE_FILE) : v.source!.file,
      span: v.source?.span ?? { start: 0, end: 0 },
      value,
    });
  }
}

/** Where a site's value was written, for messages: `the default of`, `the values file's value of`, ... */
export function siteDescription(s: SecretSite): string {
  if (s.kind === "field") return `'${s.name}'`;
  if (s.origin === "default") return `the default of the secret parameter '${s.name}'`;
  if (s.origin === "values file") return `the value of the secret parameter '${s.name}' in this values file`;
  return `the value of the secret parameter '${s.name}' given with --param`;
}

/**
 * The secret a value names when it is a reference, directly (`*password = "ssm:/x"`) or through
 * one secret parameter (`*password = "#<*myPassword>"` whose value in effect is a reference).
 */
export function referenceOf(v: ValueIR | undefined, paramValue: (id: string) => readonly string[] | undefined): SecretRef | undefined {
  if (!v) return undefined;
  let text: string | undefined;
  if (v.kind === "literal") text = v.text;
  else if (v.kind === "template" && v.parts.length === 1 && v.parts[0]!.kind === "expr" && v.parts[0]!.expr.kind === "param") {
    const values = paramValue(v.parts[0]!.expr.id);
    if (values?.length === 1) text = values[0];
  }
  const s = text === undefined ? undefined : secretValue(text);
  return s?.kind === "reference" ? s.ref : undefined;
}
