/**
 * Configuration files: `pipec.config.json` or `.pipecrc.json`, the nearest one searched upward
 * from each checked file's directory. Validated against schemas/pipec-config.schema.json; an
 * invalid file is reported (PIPE9004) and ignored as a whole. Its `runtime` section is left to
 * `pipec build`, which checks it with positions (runtime.ts, PIPE9005).
 */
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import schema from "../../schemas/pipec-config.schema.json" with { type: "json" };
import { codeInfo } from "../catalog.ts";
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.ts";
import { SourceFile } from "../source/source.ts";
import type { SeverityOverrides } from "../validate/validate.ts";

export type Level = Severity | "off";

export interface ConfigOverride {
  readonly files: string | readonly string[];
  readonly excludedFiles?: string | readonly string[];
  readonly rules: Readonly<Record<string, Level>>;
}

export interface PipecConfig {
  readonly rules?: Readonly<Record<string, Level>>;
  readonly overrides?: readonly ConfigOverride[];
  /** Run-time settings of the Step Functions target per environment (`*` for all); read by `pipec build` (runtime.ts). */
  readonly runtime?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export const CONFIG_FILE_NAMES = ["pipec.config.json", ".pipecrc.json"] as const;

export interface LoadedConfig {
  /** The config file as given to diagnostics (relative to the working directory when inside it). */
  readonly path: string;
  readonly dir: string;
  readonly config: PipecConfig;
}

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null };
let validator: Validator | undefined;

/** ajv is loaded only when a config file is found (it is not part of the CLI bundle). */
function validatorFn(): Validator {
  if (!validator) {
    const req = createRequire(import.meta.url);
    const Ajv = (req("ajv") as typeof import("ajv")).default;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema) as Validator;
  }
  return validator;
}

function display(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith(`..${sep}`) && rel !== ".." ? rel.split(sep).join("/") : p;
}

/** Parses and validates one config file's text; problems become PIPE9004 diagnostics. */
export function parseConfig(path: string, text: string): { config: PipecConfig | undefined; diagnostics: Diagnostic[] } {
  const diag = (message: string, start = 0, end = 0): Diagnostic => ({ code: "PIPE9004", severity: "error", message, file: path, span: { start, end } });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const offset = at ? Number(at[1]) : 0;
    return { config: undefined, diagnostics: [diag(`the configuration is not valid JSON: ${(e as Error).message}`, offset, Math.min(text.length, offset + 1))] };
  }
  const validate = validatorFn();
  // The run-time settings are checked by `pipec build`, with positions and hints (runtime.ts);
  // a mistake there does not make `pipec check` drop the rule settings.
  const errors = validate(data) ? [] : (validate.errors ?? []).filter((e) => e.instancePath !== "/runtime" && !e.instancePath.startsWith("/runtime/"));
  if (errors.length > 0) {
    const diagnostics = errors.map((e) => {
      const where = e.instancePath ? `\`${e.instancePath.slice(1).replace(/\//g, ".")}\`` : "the configuration";
      const extra = e.params?.allowedValues ? ` (${(e.params.allowedValues as string[]).join(", ")})` : e.params?.additionalProperty ? ` (\`${String(e.params.additionalProperty)}\`)` : "";
      return diag(`${where} ${e.message ?? "is invalid"}${extra}; the file is ignored`);
    });
    return { config: undefined, diagnostics: dedupe(diagnostics) };
  }
  return { config: data as PipecConfig, diagnostics: [] };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => (seen.has(d.message) ? false : (seen.add(d.message), true)));
}

const asList = (g: string | readonly string[] | undefined): string[] => (g === undefined ? [] : typeof g === "string" ? [g] : [...g]);

/** Severity overrides for one file: the base `rules`, then each matching override in order. */
export function severitiesFor(loaded: LoadedConfig | undefined, file: string): SeverityOverrides | undefined {
  if (!loaded) return undefined;
  const out: Record<string, Level> = {};
  // Codes and names may both be written; the later setting wins, whichever spelling it uses.
  const set = (rules: Readonly<Record<string, Level>> | undefined): void => {
    for (const [key, level] of Object.entries(rules ?? {})) out[codeInfo(key)?.code ?? key] = level;
  };
  set(loaded.config.rules);
  const rel = relative(loaded.dir, resolve(file)).split(sep).join("/");
  for (const o of loaded.config.overrides ?? []) {
    const opts = { dot: true };
    if (!picomatch(asList(o.files), opts)(rel)) continue;
    const excluded = asList(o.excludedFiles);
    if (excluded.length > 0 && picomatch(excluded, opts)(rel)) continue;
    set(o.rules);
  }
  return out;
}

/** Finds, reads and caches config files; collects their diagnostics and sources. */
export class ConfigLoader {
  readonly diagnostics: Diagnostic[] = [];
  readonly sources = new Map<string, SourceFile>();
  private readonly byDir = new Map<string, LoadedConfig | undefined>();
  private readonly byPath = new Map<string, LoadedConfig | undefined>();

  /** The config that applies to a file (undefined when none is found up to the root). */
  forFile(file: string): LoadedConfig | undefined {
    return this.forDir(dirname(resolve(file)));
  }

  severities(file: string): SeverityOverrides | undefined {
    return severitiesFor(this.forFile(file), file);
  }

  private forDir(dir: string): LoadedConfig | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    let found: LoadedConfig | undefined;
    let exists = false;
    for (const name of CONFIG_FILE_NAMES) {
      const p = join(dir, name);
      try {
        if (!statSync(p).isFile()) continue;
      } catch {
        continue;
      }
      exists = true;
      found = this.load(p);
      break;
    }
    if (!exists) {
      const parent = dirname(dir);
      found = parent === dir ? undefined : this.forDir(parent);
    }
    this.byDir.set(dir, found);
    return found;
  }

  private load(abs: string): LoadedConfig | undefined {
    if (this.byPath.has(abs)) return this.byPath.get(abs);
    const path = display(abs);
    let loaded: LoadedConfig | undefined;
    try {
      const text = readFileSync(abs, "utf8");
      this.sources.set(path, new SourceFile(path, text));
      const { config, diagnostics } = parseConfig(path, text);
      this.diagnostics.push(...diagnostics);
      if (config) loaded = { path, dir: dirname(abs), config };
    } catch (e) {
      this.diagnostics.push({ code: "PIPE9004", severity: "error", message: `cannot read the configuration: ${(e as Error).message}`, file: path, span: { start: 0, end: 0 } });
    }
    this.byPath.set(abs, loaded);
    return loaded;
  }
}
