/**
 * Run-time settings for `pipec build --target asl|terraform`, per source and environment, from
 * (lowest first) the `runtime` section of the pipec.config.json that applies to the source (`*`,
 * then the environment), `--runtime-file F` (`*`, then the environment) and `--runtime key=value`.
 */
import { ConfigLoader } from "../config/config.ts";
import { mergeRuntime, parseRuntimeFlags, readConfigRuntime, readRuntimeFile, settingsFor, type RuntimeSection, type RuntimeSettings } from "../config/runtime.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { SourceFile } from "../source/source.ts";
import { readText } from "./files.ts";
import { UsageError } from "./output.ts";

export interface RuntimeFlags {
  /** `--runtime key=value` entries, in order. */
  readonly runtime: readonly string[];
  readonly runtimeFile?: string;
}

export interface RuntimeSources {
  /** The settings of one environment of one source. */
  for(file: string, environment: string | undefined): RuntimeSettings;
  /** Adds what was found in configuration files (their problems, their text for rendering). */
  finish(): void;
}

/** Reads the flags and the file (usage errors throw UsageError; problems go to `diagnostics`). */
export function runtimeSources(flags: RuntimeFlags, diagnostics: Diagnostic[], sources: Map<string, SourceFile>): RuntimeSources {
  const parsed = parseRuntimeFlags(flags.runtime, diagnostics);
  if (parsed.invalid.length > 0) throw new UsageError(`invalid run-time setting: ${parsed.invalid[0]} (expected --runtime key=value)`);
  let fromFile: RuntimeSection | undefined;
  if (flags.runtimeFile !== undefined) {
    try {
      const text = readText(flags.runtimeFile).text;
      sources.set(flags.runtimeFile, new SourceFile(flags.runtimeFile, text));
      fromFile = readRuntimeFile(flags.runtimeFile, text, diagnostics);
    } catch (e) {
      diagnostics.push(diagnostic("PIPE9001", flags.runtimeFile, { start: 0, end: 0 }, `cannot read '${flags.runtimeFile}': ${(e as Error).message}`));
    }
  }
  const loader = new ConfigLoader();
  const byConfig = new Map<string, RuntimeSection | undefined>();
  const configSection = (file: string): RuntimeSection | undefined => {
    if (file === "-") return undefined;
    const loaded = loader.forFile(file);
    if (!loaded) return undefined;
    if (!byConfig.has(loaded.path)) {
      const text = loader.sources.get(loaded.path)?.text;
      byConfig.set(loaded.path, text === undefined ? undefined : readConfigRuntime(loaded.path, text, diagnostics));
    }
    return byConfig.get(loaded.path);
  };
  return {
    for(file: string, environment: string | undefined): RuntimeSettings {
      return mergeRuntime(settingsFor(configSection(file), environment), settingsFor(fromFile, environment), parsed.settings);
    },
    finish(): void {
      diagnostics.push(...loader.diagnostics);
      for (const [path, src] of loader.sources) sources.set(path, src);
    },
  };
}
