/**
 * The folder beside the repository, `../shared`, holds the definition corpus and the reference
 * model. CI always has it; a user's clone does not. Tests that read it ask `needShared` first:
 * - the folder is there: the tests run (a missing entry inside it is an error, never a skip);
 * - CI (`CI` set and not "false"/"0") without it: an error, so that a CI run cannot pass by skipping;
 * - otherwise: the tests skip, with one warning line naming what is missing.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

/** `../shared`, beside the repository root. */
export const SHARED_ROOT = join(import.meta.dirname, "..", "..", "..", "shared");

export interface SharedEntry {
  /** Whether the tests that need it run. */
  readonly present: boolean;
  /** Absolute path of the entry. */
  readonly path: string;
  /** `../shared/<entry>`. */
  readonly label: string;
  /** Appended to the name of a skipped suite: empty when present. */
  readonly note: string;
}

export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env.CI;
  return v !== undefined && v !== "" && v !== "false" && v !== "0";
}

/**
 * What to do about an entry of `../shared`: "run" or "skip"; throws when the tests may not skip.
 * `exists` answers for paths relative to `../shared` ("" is the folder itself).
 */
export function sharedDecision(entry: string, exists: (rel: string) => boolean, env: Readonly<Record<string, string | undefined>>): "run" | "skip" {
  if (exists(entry)) return "run";
  const label = `../shared/${entry}`;
  if (exists("")) throw new Error(`${label} is missing although ../shared is present: the tests that need it cannot run`);
  if (isCi(env)) throw new Error(`${label} is missing in CI (CI=${env.CI}): the tests that need it must run there, not skip`);
  return "skip";
}

const warned = new Set<string>();

/** Looks up an entry of `../shared` (such as "corpus/datapipeline-samples") for the tests of `who`. */
export function needShared(entry: string, who: string, env: Readonly<Record<string, string | undefined>> = process.env, root: string = SHARED_ROOT): SharedEntry {
  const label = `../shared/${entry}`;
  const path = join(root, entry);
  const present = sharedDecision(entry, (rel) => existsSync(join(root, rel)), env) === "run";
  if (!present && !warned.has(`${who}\0${entry}`)) {
    warned.add(`${who}\0${entry}`);
    console.warn(`SKIPPED ${who}: ${label} is absent (it is present in CI only)`);
  }
  return { present, path, label, note: present ? "" : ` (skipped: ${label} is absent)` };
}

/** The definition corpus: `../shared/corpus/datapipeline-samples`. */
export const CORPUS_ENTRY = "corpus/datapipeline-samples";
/** The reference model: `../shared/reference/datapipeline-model.json`. */
export const MODEL_ENTRY = "reference/datapipeline-model.json";
