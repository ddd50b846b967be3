import { describe, expect, it } from "vitest";
import { runBacktest } from "../../../src/backtest/runBacktest.ts";
import { MarginAccount } from "../../../src/backtest/sim/MarginAccount.ts";
import { PERP_V2 } from "../../../src/backtest/sim/VenueMarginModel.ts";
import { deleverage, sizeRestoringBuffer } from "../../../src/backtest/strategies/deleverage.ts";
import { stopLoss } from "../../../src/backtest/strategies/stopLoss.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { bars, funding } from "./synthetic.ts";

const frictionless = { ...PERP_V2, slippage: 0, takerFee: 0 };

type Row = readonly [number, number, number, number];
function run(rows: Row[], side: "long" | "short", model = frictionless) {
  return runBacktest({
    bars: bars(rows),
    funding: funding(),
    policy: defaultPolicy(),
    position: { side, leverage: 5, collateral: 1000, reserve: 0 },
    model,
    strategies: [deleverage(), stopLoss(2)],
    // hand-computed at the trigger itself: no reaction latency (the latency rule is tested in simulate.test.ts)
    execution: { approvalDelayMs: 30 * 60_000, emergencyImmediate: true, reactionLatencyMs: 0 },
    record: true,
  });
}
const ratios = (r: ReturnType<typeof run>) => Array.from(r.series?.books.deleverage?.hedgeRatio ?? []);

// 5x long, 1000 collateral at 100: size 50, cash −4000. Buffer 50 % ⇔ value/notional = 0.0625 / 0.5 = 0.125:
// price 4000 / (50 × 0.875) = 91.428571…; there value 571.43, requirement 285.71. Without fees the cut
// Δ = (285.714 − 0.3 × 571.429) / (91.4286 × 0.0625) = 20 base, keeping 30 (buffer 1 − 171.43 / 571.43 = 70 %).
describe("deleverage baseline (hand-computed fills)", () => {
  it("long: triggers inside the bar at buffer 50 % and cuts 20 of 50 base, restoring 70 %", () => {
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 100, 90, 95],
        [95, 95, 95, 95],
      ],
      "long",
    );
    const m = r.strategies.deleverage;
    expect(ratios(r)).toEqual([0, expect.closeTo(0.4, 6), expect.closeTo(0.4, 6)]);
    expect(m?.trades).toBe(1);
    // the next trigger (30 base, cash −2171.43) is at 2171.43 / (30 × 0.875) = 82.72 < the low 90: one fill
    // final equity: −4000 + 20 × 91.428571 + 30 × 95 = 678.571…
    expect(m?.finalEquity).toBeCloseTo(-4000 + 20 * (4000 / 43.75) + 30 * 95, 9);
    // buffer at the low after the cut: value 528.57, requirement 0.0625 × 30 × 90 = 168.75
    expect(m?.minMarginBuffer).toBeCloseTo(1 - 168.75 / (-4000 + 20 * (4000 / 43.75) + 30 * 90), 9);
    // the stop-loss triggers at the same price (2× maintenance ⇔ buffer 50 %) but closes everything
    expect(r.strategies.stopLoss?.finalEquity).toBeCloseTo(-4000 + 50 * (4000 / 43.75), 9);
  });

  it("long: repeatable inside one bar — a fall to 80 fills at 91.43 (keep 30) and at 82.72 (keep 18)", () => {
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 100, 80, 81],
      ],
      "long",
    );
    // without fees each cut keeps (1 − 0.7) / (1 − 0.5) = 60 %: 50 → 30 → 18; the third trigger
    // (cash −1178.78, 18 base) is at 1178.78 / (18 × 0.875) = 74.84 < 80
    expect(ratios(r)[1]).toBeCloseTo(1 - 18 / 50, 6);
    expect(r.strategies.deleverage?.trades).toBe(2);
    const p1 = 4000 / (50 * 0.875);
    const cash1 = -4000 + 20 * p1;
    const p2 = -cash1 / (30 * 0.875);
    expect(p2).toBeCloseTo(82.7211, 4);
    expect(r.strategies.deleverage?.finalEquity).toBeCloseTo(cash1 + 12 * p2 + 18 * 81, 9);
  });

  it("long: a bar gapping through the trigger fills at the open (88): cut 155 / 5.5 = 28.18 base", () => {
    const r = run(
      [
        [100, 100, 100, 100],
        [88, 89, 87, 88],
      ],
      "long",
    );
    // at 88: value −4000 + 4400 = 400, requirement 275; Δ = (275 − 0.3 × 400) / (88 × 0.0625) = 28.1818…
    expect(ratios(r)[1]).toBeCloseTo(155 / 5.5 / 50, 6);
    expect(r.strategies.deleverage?.finalEquity).toBeCloseTo(400, 9); // no fees: a cut at the close price
  });

  it("short: triggers at 106.67 (6000 / (50 × 1.125)) and buys back 20 of 50 base", () => {
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 108, 100, 104],
      ],
      "short",
    );
    expect(ratios(r)[1]).toBeCloseTo(0.4, 6);
    const p = 6000 / 56.25;
    expect(r.strategies.deleverage?.finalEquity).toBeCloseTo(6000 - 20 * p - 30 * 104, 9);
  });

  it("never re-adds exposure: a recovery after the cut leaves the kept size", () => {
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 100, 90, 95],
        [95, 130, 95, 130],
        [130, 131, 129, 130],
      ],
      "long",
    );
    expect(ratios(r).slice(1)).toEqual([0.4, 0.4, 0.4].map((x) => expect.closeTo(x, 6)));
    expect(r.strategies.deleverage?.trades).toBe(1);
  });

  it("with Perp v2 fees and slippage: fills at trigger × (1 − 0.05 %) and the buffer after the cut is 70 %", () => {
    const acc = new MarginAccount(PERP_V2, 1000);
    acc.trade(50, 100 / (1 + PERP_V2.slippage)); // exactly 50 base bought at 100
    const cash0 = acc.cash;
    const trigger = -cash0 / (50 * 0.875);
    // c = 1 − (1 − 0.0005)(1 − 0.001) = 0.0014995; Δ = (mm·S·p − 0.3·V) / (p·(mm − 0.3·c))
    const V = cash0 + 50 * trigger;
    const cut = (0.0625 * 50 * trigger - 0.3 * V) / (trigger * (0.0625 - 0.3 * 0.0014995));
    expect(sizeRestoringBuffer(acc, trigger, 0.7)).toBeCloseTo(50 - cut, 9);
    const fill = acc.trade(-cut, trigger);
    expect(fill.price).toBeCloseTo(trigger * 0.9995, 9);
    expect(fill.fee).toBeCloseTo(0.001 * cut * trigger * 0.9995, 9);
    expect(acc.buffer(trigger)).toBeCloseTo(0.7, 12);
  });

  it("closes the whole position when no partial cut can restore the target", () => {
    const acc = new MarginAccount(frictionless, 1000);
    acc.trade(50, 100);
    expect(sizeRestoringBuffer(acc, 80, 0.7)).toBe(0); // value 0 at 80
  });

  it("rejects a target at or below the trigger", () => {
    expect(() => deleverage({ trigger: 0.5, target: 0.5 })).toThrow(/invalid deleverage/);
  });
});
