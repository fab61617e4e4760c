/**
 * What every part of the Step Functions back end shares while one pipeline is emitted: the IR,
 * field access (with parameters resolved where a literal is needed), translation of values to
 * JSONata, state names, diagnostics, IAM statements and the run-time settings the machine reads.
 */
import type { FieldIR, LiteralIR, ObjectIR, PipelineIR, ValueIR } from "../../ir/ir.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Span } from "../../source/source.ts";
import type { ExprScope } from "../../expr-eval/scope.ts";
import type { DefParameterValue } from "../datapipeline/definition.ts";
import { aslDiagnostic, type AslCode } from "./codes.ts";
import { jstr, translateValue, type JsonataOptions } from "./jsonata.ts";
import { StateNames } from "./names.ts";
import { periodMillis } from "./schedule.ts";
import { link, plain, type States } from "./states.ts";

export interface IamCondition {
  readonly [operator: string]: Readonly<Record<string, string | readonly string[]>>;
}

export interface IamStatement {
  readonly sid: string;
  readonly effect: "Allow";
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: IamCondition;
}

/** A run-time setting the state machine reads (`$runtime.<key>`), and the object that needs it. */
export interface RuntimeNeed {
  readonly key: string;
  readonly objectId: string;
  readonly why: string;
}

export interface ContextOptions {
  readonly runtime?: Readonly<Record<string, unknown>>;
  readonly values?: readonly DefParameterValue[];
  readonly zoneYears?: readonly [number, number];
}

/** A value resolved at compile time: its text, or why it has none. */
export type Static = { readonly ok: true; readonly text: string; readonly span: Span } | { readonly ok: false; readonly span: Span; readonly why: string };

export class AslContext {
  readonly p: PipelineIR;
  readonly options: ContextOptions;
  readonly diagnostics: Diagnostic[] = [];
  readonly names = new StateNames();
  readonly zoneTables = new Map<string, unknown>();
  jopts: JsonataOptions;
  private readonly iam = new Map<string, { actions: Set<string>; resources: Set<string>; condition?: IamCondition }>();
  private readonly taskIam = new Map<string, { actions: Set<string>; resources: Set<string> }>();
  readonly needs: RuntimeNeed[] = [];
  private readonly needsSeen = new Set<string>();
  private readonly reported = new Set<string>();
  private errors = 0;
  /** Variable holding each EmrCluster's id, once its create state is emitted. */
  readonly clusterVar = new Map<string, string>();
  /** Activities whose preconditions were emitted ahead of their cluster's creation. */
  readonly hoisted = new Set<string>();
  /** Parameter values in effect: the environment's over the pipeline's defaults (secret parameters excluded). */
  readonly paramValues = new Map<string, readonly string[]>();

  constructor(p: PipelineIR, options: ContextOptions) {
    this.p = p;
    this.options = options;
    const paramTypes = new Map(p.parameters.map((x) => [x.id, x.type]));
    this.jopts = { zoneTables: this.zoneTables, zoneYears: options.zoneYears, paramTypes };
    for (const x of p.parameters) if (x.default !== undefined) this.paramValues.set(x.id, typeof x.default === "string" ? [x.default] : [...x.default]);
    for (const v of options.values ?? []) this.paramValues.set(v.id, [...v.values]);
    for (const n of ["Init", "Init_times", "Check_parameters", "Invalid_parameters", "Done", "Failed"]) this.names.reserve(n);
  }

  // ---- diagnostics, IAM, run-time settings ----------------------------------------------------

  /** Reports a finding once: an action or precondition shared by many activities is mapped for each. */
  error(code: AslCode, span: Span, message: string, hint?: string): void {
    const key = `${code}\u0000${span.start}\u0000${span.end}\u0000${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.errors++;
    this.diagnostics.push(aslDiagnostic(code, this.p.file, span, message, hint));
  }

  /** Errors reported through `error` so far. */
  errorCount(): number {
    return this.errors;
  }

  allow(sid: string, actions: readonly string[], resources: readonly string[], condition?: IamCondition): void {
    let s = this.iam.get(sid);
    if (!s) this.iam.set(sid, (s = { actions: new Set(), resources: new Set(), condition }));
    for (const a of actions) s.actions.add(a);
    for (const r of resources) s.resources.add(r);
  }

  /** A grant the ECS task role needs (reading a referenced secret); the state machine's role does not get it. */
  allowTask(sid: string, actions: readonly string[], resources: readonly string[]): void {
    let s = this.taskIam.get(sid);
    if (!s) this.taskIam.set(sid, (s = { actions: new Set(), resources: new Set() }));
    for (const a of actions) s.actions.add(a);
    for (const r of resources) s.resources.add(r);
  }

  /** The ECS task role's statements, sorted (empty when no task reads a referenced secret). */
  taskStatements(): IamStatement[] {
    return AslContext.sorted(this.taskIam);
  }

  statements(): IamStatement[] {
    return AslContext.sorted(this.iam);
  }

  private static sorted(iam: ReadonlyMap<string, { actions: Set<string>; resources: Set<string>; condition?: IamCondition }>): IamStatement[] {
    return [...iam.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([sid, s]) => {
        const resources = s.resources.has("*") ? ["*"] : [...s.resources].sort();
        const base = { sid, effect: "Allow" as const, actions: [...s.actions].sort(), resources };
        return s.condition ? { ...base, condition: s.condition } : base;
      });
  }

  /** A run-time setting this machine reads; returns its compile-time value when one is given. */
  need(key: string, o: ObjectIR, why: string): unknown {
    const seen = `${key}\u0000${o.id}`;
    if (!this.needsSeen.has(seen)) {
      this.needsSeen.add(seen);
      this.needs.push({ key, objectId: o.id, why });
    }
    return this.runtimeValue(key);
  }

  runtimeValue(key: string): unknown {
    const r = this.options.runtime;
    if (!r || !Object.prototype.hasOwnProperty.call(r, key)) return undefined;
    return r[key];
  }

  /** A secret's Secrets Manager ARN from the run-time settings (`secrets["Db.*password"]`). */
  secretArn(name: string): string | undefined {
    const s = this.runtimeValue("secrets");
    if (s === null || typeof s !== "object" || Array.isArray(s) || !Object.prototype.hasOwnProperty.call(s, name)) return undefined;
    const v = (s as Record<string, unknown>)[name];
    return typeof v === "string" ? v : undefined;
  }

  // ---- field access ----------------------------------------------------------------------------

  field(o: ObjectIR, key: string): FieldIR | undefined {
    return o.effective.get(key)?.field;
  }

  refs(o: ObjectIR, key: string): ObjectIR[] {
    const f = this.field(o, key);
    if (!f) return [];
    const out: ObjectIR[] = [];
    for (const v of f.values) if (v.kind === "ref") {
      const t = this.p.byId.get(v.id);
      if (t) out.push(t);
    }
    return out;
  }

  literal(o: ObjectIR, key: string): LiteralIR | undefined {
    const v = this.field(o, key)?.values[0];
    return v?.kind === "literal" ? v : undefined;
  }

  /**
   * A value the target needs as a literal: plain text, or text built from parameters only, with
   * the parameters' values in effect (the environment's, else their defaults). Anything else
   * (a run-time field, a function call) has no compile-time value.
   */
  staticValue(v: ValueIR): Static {
    if (v.kind === "literal") return { ok: true, text: v.text, span: v.span };
    if (v.kind === "ref") return { ok: true, text: v.id, span: v.span };
    let text = "";
    for (const part of v.parts) {
      if (part.kind === "text") {
        text += part.text;
        continue;
      }
      const e = part.expr;
      if (e.kind !== "param") return { ok: false, span: part.span, why: `'#<${part.source}>' is computed when the pipeline runs` };
      if (e.id.startsWith("*")) return { ok: false, span: part.span, why: `'${e.id}' is a secret parameter, which is never compiled into a state machine` };
      const values = this.paramValues.get(e.id);
      if (!values || values.length === 0) return { ok: false, span: part.span, why: `parameter '${e.id}' has no value${this.options.values ? " in this environment" : ""} and no default` };
      if (values.length > 1) return { ok: false, span: part.span, why: `parameter '${e.id}' holds a list` };
      text += values[0];
    }
    return { ok: true, text, span: v.span };
  }

  /** The compile-time text of a field, or undefined when absent; an error when it has none. */
  staticText(o: ObjectIR, key: string): Static | undefined {
    const f = this.field(o, key);
    const v = f?.values[0];
    if (!v) return undefined;
    const s = this.staticValue(v);
    if (!s.ok) this.error("PIPE5213", s.span, `'${o.id}.${key}' must be known when the state machine is built: ${s.why}`, "give the parameter a value in the environment's values file (or a default), or write the value");
    return s;
  }

  seconds(o: ObjectIR, key: string): number | undefined {
    const s = this.staticText(o, key);
    if (!s?.ok) return undefined;
    const m = /^\s*(\d+)\s*(second|minute|hour|day|week|month|year)s?\s*$/i.exec(s.text);
    if (!m) {
      this.error("PIPE5213", s.span, `'${o.id}.${key}' is '${s.text}', which is not a period ('10 minutes')`);
      return undefined;
    }
    const unit = m[2]!.toLowerCase();
    if (unit === "second") return Number(m[1]);
    return Math.round(periodMillis(Number(m[1]), unit as "minute") / 1000);
  }

  integer(o: ObjectIR, key: string): number | undefined {
    const s = this.staticText(o, key);
    if (!s?.ok) return undefined;
    const n = Number(s.text.trim());
    if (!Number.isInteger(n) || s.text.trim() === "") {
      this.error("PIPE5213", s.span, `'${o.id}.${key}' is '${s.text}', which is not an integer`);
      return undefined;
    }
    return n;
  }

  /** A field's compile-time text, upper-cased (enums such as insertMode). */
  word(o: ObjectIR, key: string): string | undefined {
    const s = this.staticText(o, key);
    return s?.ok ? s.text.trim().toUpperCase() : undefined;
  }

  scope(o: ObjectIR, node?: ObjectIR): ExprScope {
    return { pipeline: this.p, object: o, node };
  }

  /** A field value as an ASL value: plain text, or a `{% %}` JSONata string. */
  value(v: ValueIR, scope: ExprScope, what: string, span: Span): string | undefined {
    const t = translateValue(v, scope, this.jopts);
    if (!t.ok) {
      this.error("PIPE5202", span, `${what}: ${t.message}`);
      return undefined;
    }
    return "literal" in t.value ? plain(t.value.literal) : `{% ${t.value.jsonata} %}`;
  }

  /** The JSONata (without delimiters) of a field value. */
  jsonata(v: ValueIR, scope: ExprScope, what: string, span: Span): string | undefined {
    const t = translateValue(v, scope, this.jopts);
    if (!t.ok) {
      this.error("PIPE5202", span, `${what}: ${t.message}`);
      return undefined;
    }
    return "literal" in t.value ? jstr(t.value.literal) : `(${t.value.jsonata})`;
  }

  fieldValue(o: ObjectIR, key: string, scope?: ExprScope): string | undefined {
    const f = this.field(o, key);
    if (!f || f.values.length === 0) return undefined;
    return this.value(f.values[0]!, scope ?? this.scope(o), `'${o.id}.${key}'`, f.span);
  }

  fieldJsonata(o: ObjectIR, key: string, scope?: ExprScope): string | undefined {
    const f = this.field(o, key);
    if (!f || f.values.length === 0) return undefined;
    return this.jsonata(f.values[0]!, scope ?? this.scope(o), `'${o.id}.${key}'`, f.span);
  }

  /** `next`, or (at the end of a Parallel branch) a new Pass state that ends the branch. */
  endTarget(states: States, next: string | undefined, base: string): string {
    if (next !== undefined) return next;
    const name = this.names.take(`${base}_end`);
    states[name] = { Type: "Pass", ...link(undefined) };
    return name;
  }
}
