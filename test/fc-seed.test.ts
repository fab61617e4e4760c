/** Property tests are reproducible: a fixed seed unless PIPEC_FC_SEED names another. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_FC_SEED, fcSeed } from "./helpers/fc.ts";

describe("fast-check seeds", () => {
  it("uses the fixed seed, or PIPEC_FC_SEED", () => {
    expect(fcSeed(42, {})).toBe(42);
    expect(fcSeed(42, { PIPEC_FC_SEED: "" })).toBe(42);
    expect(fcSeed(42, { PIPEC_FC_SEED: "-1234" })).toBe(-1234);
    expect(() => fcSeed(42, { PIPEC_FC_SEED: "abc" })).toThrow(/PIPEC_FC_SEED must be an integer/);
  });

  it("the setup file gives properties without a seed the fixed one", () => {
    expect(fc.readConfigureGlobal().seed).toBe(fcSeed(DEFAULT_FC_SEED));
  });

  it("a failing property reports its seed", () => {
    expect(() => fc.assert(fc.property(fc.nat(), (x) => x < 0), { seed: 5 })).toThrow(/seed: 5\b/);
  });
});
