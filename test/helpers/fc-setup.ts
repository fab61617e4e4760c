/** Vitest setup: fast-check properties that pass no seed of their own use a fixed one (see fc.ts). */
import fc from "fast-check";
import { DEFAULT_FC_SEED, fcSeed } from "./fc.ts";

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: fcSeed(DEFAULT_FC_SEED) });
