/**
 * A fuzzer over every in-process entry point of the compiler: check, `--fix`, fmt (the
 * synchronous printer), import, and each build target (Data Pipeline in both forms, Step
 * Functions, the Terraform plans of both services). Inputs are seeded mutations of the examples
 * and the definition corpus; the oracles are:
 *
 * - crash: an exception escapes an entry point;
 * - span: a diagnostic (or a fix's edit) about the input points outside it;
 * - fmt-unparseable / fmt-meaning: the printed text of an input without syntax errors has syntax
 *   errors, or compiles to other diagnostics, another syntax tree (literal strings in expressions
 *   as written) or another Data Pipeline definition (compared as data here, with parameters'
 *   text exactly as sent);
 * - import-unparseable: the `.pipe` text printed by the importer has syntax errors;
 * - import-meaning: the importer refused its own output (PIPE9007), or its `.pipe` text builds a
 *   Data Pipeline definition other than the one read (compared as data here, not through the
 *   importer's own check);
 * - slow: one input took longer than the budget (a hang is caught by the runner's watchdog).
 *
 * Everything is deterministic for a given seed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "../../compiler/ast/parse.ts";
import { codeName } from "../../compiler/catalog.ts";
import { check } from "../../compiler/compile.ts";
import { applySuppressions, findSuppressions } from "../../compiler/config/suppress.ts";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { emitAsl } from "../../compiler/emit/asl/emit.ts";
import type { Definition } from "../../compiler/emit/datapipeline/definition.ts";
import { emitDataPipeline, pipelineDefinition } from "../../compiler/emit/datapipeline/emit.ts";
import { planPipeline, SERVICES } from "../../compiler/emit/terraform/pipeline.ts";
import { printAst } from "../../compiler/format/index.ts";
import { importDefinition } from "../../compiler/import/index.ts";
import { fixText } from "../../compiler/lint/fix.ts";
import { SourceFile } from "../../compiler/source/source.ts";
import { meaning as astMeaning } from "../helpers/ast-meaning.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
export const CORPUS = join(ROOT, "..", "shared", "corpus");

export type FindingClass = "crash" | "span" | "fmt-unparseable" | "fmt-meaning" | "import-unparseable" | "import-meaning" | "slow";
export const FINDING_CLASSES: readonly FindingClass[] = ["crash", "span", "fmt-unparseable", "fmt-meaning", "import-unparseable", "import-meaning", "slow"];

export interface Finding {
  readonly cls: FindingClass;
  /** The entry point (check, fix, fmt, import, datapipeline-file, asl, terraform-stepfunctions, ...). */
  readonly entry: string;
  /** What went wrong, without positions: the same bug gives the same detail. */
  readonly detail: string;
}

export interface Input {
  /** `x.pipe` or `x.json`: which front end reads it. */
  readonly path: string;
  readonly text: string;
}

/** A small, fast, seeded PRNG (mulberry32). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

/** The seeds: every example, and the corpus's definitions when `../shared/corpus` is there. */
export function loadSeeds(): { seeds: Input[]; corpus: boolean } {
  const seeds: Input[] = [];
  const examples = join(ROOT, "examples");
  for (const f of readdirSync(examples).sort()) {
    if (f.endsWith(".pipe")) seeds.push({ path: f, text: readFileSync(join(examples, f), "utf8") });
  }
  const corpus = existsSync(CORPUS);
  if (corpus) {
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir).sort()) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (f.endsWith(".json")) seeds.push({ path: f, text: readFileSync(p, "utf8") });
      }
    };
    walk(CORPUS);
  }
  return { seeds, corpus };
}

// ---------------------------------------------------------------------------------------------
// Mutations

const PROTO_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "__defineGetter__", "isPrototypeOf"];
const ODD_UNICODE = ["\u200f", "\u202e", "\u200e", "\ud800", "\udfff", "\u0000", "\ufeff", "\u2028", "\u2029", "\u00a0", "\u0301", "\ud83d\ude00", "\r", "\t", "\u000b"];
const INTERESTING = ["{", "}", "(", ")", "[", "]", "#<", ">", '"', "'", "\\", "=", ",", ":", ".", "@", "//", "/*", "*/", "\n", "#<#<", "pipeline", "param", "default", "-", "+", "0", "1e999", "-1", "9999999999999999999999"];

/** Splits text into tokens: runs of word characters, whitespace runs, single punctuation characters. */
export function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9_@$]+|\s+|[^A-Za-z0-9_@$\s]/gu) ?? [];
}

function splice(text: string, at: number, remove: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
}

function deepNesting(rng: Rng, json: boolean): string {
  const n = rng.pick([50, 200, 1000, 5000]);
  switch (rng.int(json ? 2 : 6)) {
    case 0:
      return "[".repeat(n) + "]".repeat(rng.int(2) === 0 ? n : 0);
    case 1:
      return "{".repeat(n) + "}".repeat(rng.int(2) === 0 ? n : 0);
    case 2:
      return `"#<${Array.from({ length: n }, () => "a").join(" + ")}>"`;
    case 3:
      return `"#<${"plusDays(".repeat(n)}@scheduledStartTime${", 1)".repeat(n)}>"`;
    case 4:
      return `"#<${"(".repeat(n)}1${")".repeat(n)}>"`;
    default:
      return `"#<${Array.from({ length: n }, (_, i) => `x${i}`).join(rng.int(2) === 0 ? " - " : ".")}>"`;
  }
}

/** One mutation of `text`; `json` picks nestings that make sense in JSON. */
export function mutate(rng: Rng, text: string, json: boolean): string {
  const at = (): number => rng.int(text.length + 1);
  switch (rng.int(10)) {
    case 0: {
      // byte-level: flip, insert, delete
      const n = 1 + rng.int(4);
      let t = text;
      for (let i = 0; i < n; i++) {
        const p = rng.int(t.length + 1);
        const k = rng.int(3);
        if (k === 0 && p < t.length) t = splice(t, p, 1, String.fromCharCode(t.charCodeAt(p) ^ (1 << rng.int(7))));
        else if (k === 1) t = splice(t, p, 0, String.fromCharCode(rng.int(128)));
        else t = splice(t, p, 1 + rng.int(8), "");
      }
      return t;
    }
    case 1:
    case 2: {
      // token-level: duplicate, delete, swap
      const ts = tokens(text);
      if (ts.length === 0) return text;
      const i = rng.int(ts.length);
      const j = rng.int(ts.length);
      const k = rng.int(4);
      if (k === 0) ts.splice(i, 0, ts[j]);
      else if (k === 1) ts.splice(i, 1 + rng.int(3));
      else if (k === 2) [ts[i], ts[j]] = [ts[j], ts[i]];
      else ts.splice(i, 0, rng.pick(INTERESTING));
      return ts.join("");
    }
    case 3: {
      // structure: duplicate a block, nest braces, truncate
      const k = rng.int(3);
      if (k === 2) return text.slice(0, at());
      const opens: number[] = [];
      for (let i = 0; i < text.length; i++) if (text[i] === "{" || text[i] === "[") opens.push(i);
      if (opens.length === 0) return text;
      const start = rng.pick(opens);
      const end = matching(text, start);
      if (end < 0) return text;
      const lineStart = text.lastIndexOf("\n", start) + 1;
      const block = text.slice(lineStart, end + 1);
      if (k === 0) return splice(text, end + 1, 0, (json ? "," : "\n") + block);
      return splice(splice(text, end + 1, 0, text[end]), start, 0, text[start]);
    }
    case 4:
      return splice(text, at(), rng.int(3) === 0 ? rng.int(20) : 0, deepNesting(rng, json));
    case 5: {
      // odd Unicode
      const n = 1 + rng.int(3);
      let t = text;
      for (let i = 0; i < n; i++) t = splice(t, rng.int(t.length + 1), 0, rng.pick(ODD_UNICODE));
      return rng.int(6) === 0 ? `\ufeff${t}` : t;
    }
    case 6:
    case 7: {
      // prototype-like names for ids, keys, parameter ids, pipeline names
      const ts = tokens(text);
      const words = ts.map((t, i) => [t, i] as const).filter(([t]) => /^[A-Za-z_@$][A-Za-z0-9_@$]*$/.test(t));
      if (words.length === 0) return text;
      const name = rng.pick(PROTO_NAMES);
      if (rng.int(3) === 0) {
        // every occurrence of one name, so references stay consistent
        const [w] = rng.pick(words);
        return ts.map((t) => (t === w ? name : t)).join("");
      }
      const [, i] = rng.pick(words);
      ts[i] = name;
      return ts.join("");
    }
    case 8: {
      // copy a random chunk elsewhere
      const a = at();
      const b = Math.min(text.length, a + rng.int(200));
      return splice(text, at(), 0, text.slice(a, b));
    }
    default: {
      // delete a line range
      const lines = text.split("\n");
      const i = rng.int(lines.length);
      lines.splice(i, 1 + rng.int(5));
      return lines.join("\n");
    }
  }
}

function matching(text: string, start: number): number {
  const open = text[start];
  const close = open === "{" ? "}" : "]";
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return i;
  }
  return -1;
}

/** The `i`-th input of a campaign: a seed with 1 to 4 stacked mutations. */
export function generate(rng: Rng, seeds: readonly Input[]): Input {
  const seed = rng.pick(seeds);
  const json = seed.path.endsWith(".json");
  let text = seed.text;
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) text = mutate(rng, text, json);
  return { path: seed.path, text };
}

// ---------------------------------------------------------------------------------------------
// Oracles

/** Step Functions run-time settings (cdktf.json's, the ones the examples are built with). */
const RUNTIME = (JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as { context: { pipec: { stepfunctions: { runtime: Record<string, unknown> } } } }).context.pipec.stepfunctions.runtime;

function errorDetail(e: unknown): string {
  if (e instanceof Error) {
    const frame = (e.stack ?? "").split("\n").find((l) => l.includes("/compiler/"));
    return `${e.name}: ${e.message.replace(/\d+/g, "N").slice(0, 160)}${frame ? ` @ ${frame.trim().replace(/^at /, "").replace(/:\d+\)?$/, "").replace(/.*\/compiler\//, "compiler/")}` : ""}`;
  }
  return `thrown ${typeof e}: ${String(e).slice(0, 80)}`;
}

function hasSyntaxError(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error" && /^PIPE[01]/.test(d.code));
}

function spansWithin(entry: string, file: string, length: number, ds: readonly Diagnostic[], out: Finding[]): void {
  for (const d of ds) {
    const spans = [d.span, ...(d.fix?.edits.map((e) => e.span) ?? [])];
    if (d.file !== file) continue;
    for (const s of spans) {
      if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= length)) {
        out.push({ cls: "span", entry, detail: `${d.code} span outside the file` });
        return;
      }
    }
  }
}

/**
 * The text inside `#{...}` without white space and grouping parentheses outside quoted strings
 * (a call's parentheses stay): what the printer may change without changing the expression.
 */
function bareExpressions(value: string): string {
  let out = "";
  let i = 0;
  while (i < value.length) {
    const at = value.indexOf("#{", i);
    if (at < 0) return out + value.slice(i);
    out += value.slice(i, at + 2);
    i = at + 2;
    let quote = "";
    const parens: boolean[] = [];
    for (; i < value.length; i++) {
      const c = value[i];
      if (quote) {
        out += c;
        if (c === "\\" && i + 1 < value.length) out += value[++i];
        else if (c === quote) quote = "";
      } else if (c === "'" || c === '"') {
        quote = c;
        out += c;
      } else if (c === "(") {
        const call = /[\w@]/.test(out.at(-1) ?? "");
        parens.push(call);
        if (call) out += c;
      } else if (c === ")") {
        if (parens.pop() !== false) out += c;
      } else if (c === "}") {
        out += c;
        i++;
        break;
      } else if (!/\s/.test(c)) out += c;
    }
  }
  return out;
}

/**
 * A Data Pipeline definition as data: objects by id, each with its name and the multiset of its
 * (key, value) pairs; parameters likewise; values. `refsAsWords`: a reference counts as its id
 * written as text (the importer writes some references as words, and says so: PIPE5163).
 */
function definitionData(def: Definition, refsAsWords = false): string {
  const sorted = (xs: string[]): string[] => xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const objects = def.objects
    .map((o) => {
      const pairs = sorted(o.fields.flatMap((f) => f.values.map((v) => JSON.stringify([f.key, v.kind === "ref" && !refsAsWords ? `ref:${v.id}` : `str:${bareExpressions(v.kind === "ref" ? v.id : v.value)}`]))));
      return JSON.stringify([o.id, o.name ?? o.id, pairs]);
    })
    .filter((o) => o !== JSON.stringify(["Default", "Default", []]));
  const parameters = def.parameters.map((p) => JSON.stringify([p.id, sorted(p.attributes.flatMap((a) => a.values.map((v) => JSON.stringify([a.key, v]))))]));
  const values = def.values.map((v) => JSON.stringify([v.id, sorted([...v.values])]));
  return JSON.stringify([sorted(objects), sorted(parameters), sorted(values)]);
}

/**
 * What a text compiles to, for comparing fmt's output with its input: the diagnostic codes, the
 * tree without spans (literal strings in expressions keep their spelling: the Data Pipeline
 * target sends them as written), and the Data Pipeline definitions as data (white space and
 * grouping parentheses inside `#{...}` aside; a parameter's text exactly).
 */
function compiledMeaning(path: string, text: string): string {
  const r = check(path, text);
  // PIPE4004 (size-limit) counts the bytes of each expression as written, and fmt may re-space
  // an expression (insignificant inside `#{...}`, and compared below without spaces): a value at
  // the limit can move across it. Every other finding must stay.
  const codes = r.diagnostics.filter((d) => d.code !== "PIPE4004").map((d) => `${d.severity}:${d.code}`).sort();
  const definitions = r.ir.pipelines.map((p) => definitionData(pipelineDefinition(p, [])));
  return JSON.stringify({ codes, tree: astMeaning(r.ast), definitions });
}

function guard(entry: string, out: Finding[], times: Map<string, number> | undefined, f: () => void): void {
  const start = performance.now();
  try {
    f();
  } catch (e) {
    out.push({ cls: "crash", entry, detail: errorDetail(e) });
  }
  if (times) times.set(entry, (times.get(entry) ?? 0) + performance.now() - start);
}

/** Runs one input through every entry point and returns what the oracles found (slow excepted). */
export function runInput(input: Input, times?: Map<string, number>): Finding[] {
  const out: Finding[] = [];
  const { path, text } = input;
  const json = path.endsWith(".json");

  let checked: ReturnType<typeof check> | undefined;
  guard("check", out, times, () => {
    checked = check(path, text);
    spansWithin("check", path, text.length, checked.diagnostics, out);
  });

  if (!json) {
    guard("fix", out, times, () => {
      const run = (t: string): Diagnostic[] => {
        const r = check(path, t);
        const { kept, unused } = applySuppressions(r.diagnostics, findSuppressions(r.ast.comments, r.source), r.source, codeName);
        return [...kept, ...unused];
      };
      const fixed = fixText(path, text, (t) => {
        const ds = run(t);
        spansWithin("fix", path, t.length, ds, out);
        return ds;
      });
      spansWithin("fix", path, fixed.text.length, fixed.diagnostics, out);
    });

    guard("fmt", out, times, () => {
      const parsed = parse(new SourceFile(path, text));
      spansWithin("fmt", path, text.length, parsed.diagnostics, out);
      if (hasSyntaxError(parsed.diagnostics)) return;
      const printed = printAst(parsed.ast, { text });
      const reparsed = parse(new SourceFile(path, printed));
      if (hasSyntaxError(reparsed.diagnostics)) {
        const d = reparsed.diagnostics.find((x) => x.severity === "error");
        out.push({ cls: "fmt-unparseable", entry: "fmt", detail: `${d?.code}: ${d?.message.replace(/'[^']*'/g, "'…'").slice(0, 100)}` });
        return;
      }
      if (compiledMeaning(path, text) !== compiledMeaning(path, printed)) out.push({ cls: "fmt-meaning", entry: "fmt", detail: "the formatted text compiles differently" });
    });
  } else {
    guard("import", out, times, () => {
      const r = importDefinition(path, text);
      spansWithin("import", path, text.length, r.diagnostics, out);
      if (r.ast === undefined) return;
      const pipe = path.replace(/\.json$/i, ".pipe");
      const reparsed = parse(new SourceFile(pipe, r.text));
      if (hasSyntaxError(reparsed.diagnostics)) {
        const d = reparsed.diagnostics.find((x) => x.severity === "error");
        out.push({ cls: "import-unparseable", entry: "import", detail: `${d?.code}: ${d?.message.replace(/'[^']*'/g, "'…'").slice(0, 100)}` });
        return;
      }
      if (r.selfCheck) {
        out.push({ cls: "import-meaning", entry: "import", detail: `refused its own output: ${r.selfCheck.message.replace(/"[^"]*"/g, '"…"').slice(0, 100)}` });
        return;
      }
      // Parts not imported (errors) make another definition on purpose.
      if (r.definition === undefined || r.diagnostics.some((d) => d.severity === "error")) return;
      const built = check(pipe, r.text).ir.pipelines;
      const words = r.diagnostics.some((d) => d.code === "PIPE5163");
      if (built.length !== 1 || definitionData(pipelineDefinition(built[0], []), words) !== definitionData({ ...r.definition, values: [] }, words)) {
        out.push({ cls: "import-meaning", entry: "import", detail: "the imported text builds another definition" });
      }
    });
  }

  // Build targets: like `pipec build`, only for a file without errors.
  if (checked && !checked.diagnostics.some((d) => d.severity === "error")) {
    for (const p of checked.ir.pipelines) {
      for (const form of ["file", "api"] as const) {
        guard(`datapipeline-${form}`, out, times, () => spansWithin(`datapipeline-${form}`, path, text.length, emitDataPipeline(p, { form, warnMissingValues: true }).diagnostics, out));
      }
      guard("asl", out, times, () => spansWithin("asl", path, text.length, emitAsl(p, { runtime: RUNTIME["*"] as Record<string, unknown>, requireRuntime: false }).diagnostics, out));
      for (const service of SERVICES) {
        guard(`terraform-${service}`, out, times, () => spansWithin(`terraform-${service}`, path, text.length, planPipeline({ pipeline: p, service, id: "p", options: { runtime: RUNTIME } }).diagnostics, out));
      }
    }
  }
  return out;
}

/** A finding's identity: one bug, one key. */
export function findingKey(f: Finding): string {
  return `${f.cls} ${f.entry} ${f.detail}`;
}

/** Delta debugging: removes chunks (halving their size) while `fails` still holds; then lines, then characters. */
export function minimize(text: string, fails: (t: string) => boolean, budgetMs = 20_000): string {
  const deadline = Date.now() + budgetMs;
  let cur = text;
  for (let chunk = Math.max(1, Math.floor(cur.length / 2)); chunk >= 1 && Date.now() < deadline; chunk = Math.floor(chunk / 2)) {
    let i = 0;
    while (i < cur.length && Date.now() < deadline) {
      const cand = cur.slice(0, i) + cur.slice(i + chunk);
      if (cand !== cur && fails(cand)) cur = cand;
      else i += chunk;
    }
  }
  return cur;
}

/** One reproducer: the first input that showed a finding, and its minimized form. */
export interface Reproducer {
  readonly key: string;
  readonly finding: Finding;
  readonly path: string;
  readonly input: string;
  readonly minimized: string;
  /** Milliseconds (slow inputs). */
  readonly ms?: number;
}

export interface CampaignOptions {
  readonly seed: number;
  /** Stop after this many inputs ... */
  readonly inputs?: number;
  /** ... or at this time (ms since the epoch), whichever comes first. */
  readonly until?: number;
  /** An input slower than this is a "slow" finding. */
  readonly slowMs?: number;
  /** Minimize the first input of each new finding (a budget in ms; 0: no minimizing). */
  readonly minimizeMs?: number;
  /** Whether slow inputs are minimized too (each probe then takes seconds); default true. */
  readonly minimizeSlow?: boolean;
  /** Called before each input runs (for a watchdog). */
  readonly onInput?: (index: number, input: Input) => void;
  readonly onReproducer?: (r: Reproducer) => void;
  /** Start at this index of the seeded sequence (after a hang). */
  readonly startAt?: number;
}

export interface CampaignResult {
  readonly inputs: number;
  /** Inputs with at least one finding of the class. */
  readonly counts: Record<FindingClass, number>;
  readonly reproducers: Reproducer[];
  readonly slowest: { readonly ms: number; readonly entry: string };
}

/** Runs the seeded sequence of inputs through `runInput`. */
export function campaign(seeds: readonly Input[], options: CampaignOptions): CampaignResult {
  const rng = new Rng(options.seed);
  const slowMs = options.slowMs ?? 2000;
  const counts = Object.fromEntries(FINDING_CLASSES.map((c) => [c, 0])) as Record<FindingClass, number>;
  const reproducers: Reproducer[] = [];
  const seen = new Set<string>();
  let slowest = { ms: 0, entry: "" };
  let n = 0;
  for (let i = 0; ; i++) {
    if (options.inputs !== undefined && n >= options.inputs) break;
    if (options.until !== undefined && Date.now() >= options.until) break;
    const input = generate(rng, seeds);
    if (i < (options.startAt ?? 0)) continue;
    options.onInput?.(i, input);
    const times = new Map<string, number>();
    const start = performance.now();
    const findings = runInput(input, times);
    const ms = performance.now() - start;
    n++;
    const [entry] = [...times].sort((a, b) => b[1] - a[1])[0] ?? [""];
    if (ms > slowest.ms) slowest = { ms, entry };
    if (ms > slowMs) findings.push({ cls: "slow", entry, detail: `over ${slowMs} ms` });
    for (const cls of new Set(findings.map((f) => f.cls))) counts[cls]++;
    for (const f of findings) {
      const key = findingKey(f);
      if (seen.has(key)) continue;
      seen.add(key);
      const fails = f.cls === "slow"
        ? (t: string): boolean => {
            const s = performance.now();
            runInput({ path: input.path, text: t });
            return performance.now() - s > slowMs;
          }
        : (t: string): boolean => runInput({ path: input.path, text: t }).some((g) => findingKey(g) === key);
      const minimized = options.minimizeMs && (f.cls !== "slow" || options.minimizeSlow !== false) ? minimize(input.text, fails, options.minimizeMs) : input.text;
      const r: Reproducer = { key, finding: f, path: input.path, input: input.text, minimized, ms: f.cls === "slow" ? Math.round(ms) : undefined };
      reproducers.push(r);
      options.onReproducer?.(r);
    }
  }
  return { inputs: n, counts, reproducers, slowest };
}
