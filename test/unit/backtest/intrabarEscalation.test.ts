import { describe, expect, it } from "vitest";
import { runBacktest } from "../../../src/backtest/runBacktest.ts";
import { PERP_V2 } from "../../../src/backtest/sim/VenueMarginModel.ts";
import { alvh } from "../../../src/backtest/strategies/alvh.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { bars, funding } from "./synthetic.ts";

const noCost = { ...PERP_V2, slippage: 0, takerFee: 0 };
const position = { side: "long", leverage: 5, collateral: 1000, reserve: 0 } as const;
const flat = (n: number, p = 100) => Array.from({ length: n }, () => [p, p, p, p] as const);

/**
 * The default policy's L1 triggers at a 67 % buffer. A 5x long entered at 100 (68.75 %) is there at
 * 1 + 5·(p/100 − 1) = (5p/100)·0.0625/0.33 … i.e. p ≈ 98.69: value 934.6, requirement 308.4, buffer 67.0 %.
 */
function runWick(low: number, close: number, delayMin = 30, side: "long" | "short" = "long", high = 100) {
  const policy = defaultPolicy();
  return runBacktest({
    bars: bars([...flat(60), [100, high, low, close], ...flat(4, close)]),
    funding: funding(),
    policy,
    position: { ...position, side },
    model: noCost,
    fromMs: undefined,
    warmupBars: 0,
    strategies: [alvh(policy)],
    execution: { approvalDelayMs: delayMin * 60_000, emergencyImmediate: true },
  }).strategies.alvh;
}

describe("ALVH's margin-triggered escalations are watched inside the bar (the keeper polls every 2 s)", () => {
  it("a wick through L1 is proposed at the trigger (12:19) and the cut executes, as the keeper's would", () => {
    // low 98 (buffer 66.0 %) crosses 67 % at 98.69, a third along the path 100 → 98 → 100 → 100. Evaluated at
    // closes only, a close back at 100 (68.75 %) would never have entered L1. Entered, L1 holds until its
    // hysteresis exit (67 % × 1.2 = 80.4 %), so the pending cut stays valid ('skip pending') and executes at the
    // first open after the approval (`trades` counts hedge trades).
    for (const delayMin of [30, 60]) {
      const m = runWick(98, 100, delayMin);
      expect(m?.layerActivations.l1).toBe(1);
      expect(m?.trades).toBe(1);
      expect(m?.timeHedged).toBeGreaterThan(0);
    }
  });

  it("a short: a wick up through L1 (at 100.9; high 102: buffer 64.6 %) is entered and cut the same way", () => {
    const m = runWick(100, 100, 30, "short", 102);
    expect(m?.layerActivations.l1).toBe(1);
    expect(m?.trades).toBe(1);
    expect(runWick(100, 100, 30, "short", 100.8)?.layerActivations.l1).toBe(0); // 67.2 %: above the trigger
  });

  it("a bar whose low stays above the trigger proposes nothing", () => {
    const m = runWick(99, 100); // low 99: buffer 67.6 % > 67 %
    expect(m?.layerActivations.l1).toBe(0);
    expect(m?.timeHedged).toBe(0);
  });

  it("a fall through L1, L2 and L3 inside one bar acts at each trigger in path order: L3 through the module", () => {
    const m = runWick(95, 95);
    expect(m?.layerActivations).toEqual({ l1: 1, l2: 1, l3: 1 });
    expect(m?.moduleActions).toBe(1);
    expect(m?.breaches).toBe(0);
  });
});
