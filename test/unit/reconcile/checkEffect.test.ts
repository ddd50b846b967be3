import { describe, expect, it } from "vitest";
import { checkEffect } from "../../../src/reconcile/moduleRules.ts";

const params = { minEffectPpm: 5_000 };
const l3 = { marginBufferPpm: 550_000 };

describe("checkEffect: the module's rule 7 (EffectTooSmall)", () => {
  it("accepts any action that lifts the buffer above Layer 3's threshold, however small the gain", () => {
    expect(checkEffect(params, l3, 549_999n, 550_001n)).toBeUndefined();
  });

  it("inside Layer 3 the gain must reach minEffectPpm: 5 000 passes, 4 999 reverts with (gain, min)", () => {
    expect(checkEffect(params, l3, 500_000n, 505_000n)).toBeUndefined();
    expect(checkEffect(params, l3, 500_000n, 504_999n)).toEqual({ error: "EffectTooSmall", args: [4_999n, 5_000n] });
  });

  it("a buffer left exactly at the threshold is still in Layer 3 (≤), so the gain counts", () => {
    expect(checkEffect(params, l3, 549_000n, 550_000n)).toEqual({ error: "EffectTooSmall", args: [1_000n, 5_000n] });
  });

  it("an action that lowers the buffer has a gain of 0; minEffectPpm 0 accepts it, as the contract does", () => {
    expect(checkEffect(params, l3, 500_000n, 490_000n)).toEqual({ error: "EffectTooSmall", args: [0n, 5_000n] });
    expect(checkEffect({ minEffectPpm: 0 }, l3, 500_000n, 490_000n)).toBeUndefined();
  });
});
