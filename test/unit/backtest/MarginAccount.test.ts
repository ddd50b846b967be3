import { describe, expect, it } from "vitest";
import { MarginAccount } from "../../../src/backtest/sim/MarginAccount.ts";
import { PERP_V2, type VenueMarginModel } from "../../../src/backtest/sim/VenueMarginModel.ts";

// Perp v2 ratios without slippage so every figure below is computed by hand.
const model: VenueMarginModel = { ...PERP_V2, slippage: 0 };

function long5x(): MarginAccount {
  const acc = new MarginAccount(model, 1000);
  acc.trade(50, 100); // 5x long: 50 base at 100, fee 0.1 % of 5000 = 5
  return acc;
}

describe("MarginAccount (hand-computed, Perp v2 ratios)", () => {
  it("opens a 5x long: cash, value, requirement, buffer", () => {
    const acc = long5x();
    expect(acc.cash).toBeCloseTo(-4005, 9);
    expect(acc.value(100)).toBeCloseTo(995, 9);
    expect(acc.requirement(100)).toBeCloseTo(312.5, 9); // 6.25 % of 5000
    expect(acc.buffer(100)).toBeCloseTo((995 - 312.5) / 995, 12);
  });

  it("liquidation price solves value = requirement: 4005 / (50 × 0.9375) = 85.44", () => {
    const acc = long5x();
    expect(acc.liquidationPrice()).toBeCloseTo(85.44, 9);
    expect(acc.buffer(85.44)).toBeCloseTo(0, 9);
  });

  it("detects a breach inside a bar that closes back above maintenance", () => {
    const acc = long5x();
    // O 90 H 91 L 85 C 89: the close alone looks safe (value 445 > requirement 278.125) …
    expect(acc.value(89)).toBeCloseTo(445, 9);
    expect(acc.requirement(89)).toBeCloseTo(278.125, 9);
    expect(acc.buffer(89)).toBeGreaterThan(0.37);
    // … but the low 85 went through 85.44.
    expect(acc.breachInBar(90, 91, 85)).toBeCloseTo(85.44, 9);
    const penalty = acc.liquidate(85.44);
    expect(penalty).toBeCloseTo(0.025 * 50 * 85.44, 9); // 106.8
    expect(acc.size).toBe(0);
    expect(acc.cash).toBeCloseTo(-4005 + 4272 - 106.8, 9); // 160.2 left
    expect(acc.liquidated).toBe(true);
  });

  it("no breach when the low stays above the liquidation price", () => {
    expect(Number.isNaN(long5x().breachInBar(90, 91, 85.5))).toBe(true);
  });

  it("a bar that gaps through the liquidation price breaches at the open; equity floored at 0", () => {
    const acc = long5x();
    expect(acc.breachInBar(80, 82, 79)).toBe(80);
    acc.liquidate(80); // -4005 + 4000 - 100 = -105 → bad debt is the venue's
    expect(acc.cash).toBe(0);
  });

  it("a short breaches on the high: 5995 / (50 × 1.0625) = 112.847…", () => {
    const acc = new MarginAccount(model, 1000);
    acc.trade(-50, 100);
    expect(acc.cash).toBeCloseTo(5995, 9);
    const p = 5995 / (50 * 1.0625);
    expect(acc.liquidationPrice()).toBeCloseTo(p, 9);
    expect(Number.isNaN(acc.breachInBar(110, 112.8, 105))).toBe(true);
    expect(acc.breachInBar(110, 113, 105)).toBeCloseTo(p, 9);
  });

  it("funding: a long pays a positive rate, a short receives it", () => {
    const acc = long5x();
    expect(acc.applyFunding(0.0001, 100)).toBeCloseTo(0.5, 12);
    expect(acc.cash).toBeCloseTo(-4005.5, 9);
    const short = new MarginAccount(model, 1000);
    short.trade(-50, 100);
    expect(short.applyFunding(0.0001, 100)).toBeCloseTo(-0.5, 12);
    expect(short.cash).toBeCloseTo(5995.5, 9);
  });

  it("slippage moves fills against the trader", () => {
    const acc = new MarginAccount({ ...model, slippage: 0.001 }, 1000);
    const buy = acc.trade(10, 100);
    expect(buy.price).toBeCloseTo(100.1, 12);
    expect(buy.slippageCost).toBeCloseTo(1, 9);
    const sell = acc.trade(-10, 100);
    expect(sell.price).toBeCloseTo(99.9, 12);
    expect(acc.size).toBe(0);
  });
});
