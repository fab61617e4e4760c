/** Test harness for emitted state machines: both validators, and runs in aws-local-stepfunctions. */
import aslValidator from "asl-validator";
import { getLanguageService } from "amazon-states-language-service";
import { TextDocument } from "vscode-languageserver-textdocument";
import { StateMachine } from "aws-local-stepfunctions";
import { compile } from "../../compiler/compile.ts";
import { emitAsl, type AslResult } from "../../compiler/emit/asl/emit.ts";

// aws-local-stepfunctions needs Promise.withResolvers (Node 22+); keep the harness usable on older Node.
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

type States = Record<string, Record<string, unknown>>;

/** Findings of asl-validator (both checks on, on a clone: it mutates its input) and of AWS's language service. */
export async function validateAsl(definition: unknown, text: string): Promise<string[]> {
  const findings: string[] = [];
  const v = (aslValidator as unknown as (d: unknown, o: object) => { isValid: boolean; errorsText: (sep?: string) => string })(structuredClone(definition), { checkArn: true, checkPaths: true });
  if (!v.isValid) findings.push(`asl-validator: ${v.errorsText("\n")}`);
  const ls = getLanguageService({});
  const doc = TextDocument.create("file:///sm.asl.json", "asl", 1, text);
  const diags = await ls.doValidation(doc, ls.parseJSONDocument(doc));
  for (const d of diags) findings.push(`language service: line ${d.range.start.line + 1}: ${d.message}`);
  return findings;
}

export function buildPipe(text: string, file = "test.pipe"): AslResult {
  const r = compile(file, text);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(`front end: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return emitAsl(r.ir.pipelines[0]!);
}

/** Every state of the machine, branches included. */
export function allStates(def: { States: States }): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  const walk = (states: States): void => {
    for (const [name, s] of Object.entries(states)) {
      out.push([name, s]);
      for (const b of (s.Branches as { States: States }[] | undefined) ?? []) walk(b.States);
    }
  };
  walk(def.States);
  return out;
}

export interface RunLog {
  readonly events: { readonly kind: "start" | "end" | "fail"; readonly state: string }[];
  readonly calls: Map<string, unknown[]>;
  readonly error: { name: string; message: string } | undefined;
}

export interface RunOptions {
  /** Per Task state: what the handler does on its n-th call (1-based). Default: succeed after a short pause. */
  readonly behaviour?: Record<string, (call: number, input: unknown) => Promise<unknown>>;
}

/**
 * Runs a definition with a local handler for every Task (aws-local-stepfunctions would try to call
 * AWS otherwise). Each handler records `start` and `end` in one global order.
 */
export async function runLocal(definition: unknown, options: RunOptions = {}): Promise<RunLog> {
  const def = definition as { States: States };
  const events: { kind: "start" | "end" | "fail"; state: string }[] = [];
  const calls = new Map<string, unknown[]>();
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  const waits: Record<string, number> = {};
  const retries: Record<string, number> = {};
  for (const [name, s] of allStates(def)) {
    if (s.Type === "Wait") waits[name] = 0;
    if (s.Type === "Task") {
      retries[name] = 0;
      handlers[name] = async (input: unknown) => {
        const list = calls.get(name) ?? [];
        list.push(input);
        calls.set(name, list);
        events.push({ kind: "start", state: name });
        const b = options.behaviour?.[name];
        try {
          const out = b ? await b(list.length, input) : await pause(20).then(() => ({}));
          events.push({ kind: "end", state: name });
          return out;
        } catch (e) {
          events.push({ kind: "fail", state: name });
          throw e;
        }
      };
    }
  }
  const sm = new StateMachine(definition as never, { validationOptions: { checkPaths: false, checkArn: false } } as never);
  const exec = sm.run({}, { overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides: waits, retryIntervalOverrides: retries } } as never);
  let error: { name: string; message: string } | undefined;
  try {
    await exec.result;
  } catch (e) {
    const err = e as Error & { cause?: { name?: string; message?: string } };
    error = { name: err.cause?.name ?? err.name, message: err.cause?.message ?? err.message };
  }
  return { events, calls, error };
}

export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A `.pipe` pipeline of shell activities with the given dependency edges `[before, after]`. */
export function dagPipe(nodes: readonly string[], edges: readonly (readonly [string, string])[], extra: Record<string, string> = {}): string {
  const deps = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const [a, b] of edges) deps.get(b)!.push(a);
  let out = `pipeline g {\n  default {\n    scheduleType = ondemand\n    role = "DataPipelineDefaultRole"\n    resourceRole = "DataPipelineDefaultResourceRole"\n    maximumRetries = 0\n  }\n  Ec2Resource Box { terminateAfter = 1 hour }\n`;
  for (const n of nodes) {
    const d = deps.get(n)!;
    out += `  ShellCommandActivity ${n} {\n    runsOn = Box\n    command = "echo ${n}"\n${d.length ? `    dependsOn = [${d.join(", ")}]\n` : ""}${extra[n] ?? ""}  }\n`;
  }
  return `${out}}\n`;
}
