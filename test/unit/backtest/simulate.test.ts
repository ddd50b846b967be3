import { describe, expect, it } from "vitest";
import type { Decision, StrategyFactory } from "../../../src/backtest/BacktestStrategy.ts";
import { backtestJson, runBacktest } from "../../../src/backtest/runBacktest.ts";
import { PERP_V2 } from "../../../src/backtest/sim/VenueMarginModel.ts";
import { staticHedge } from "../../../src/backtest/strategies/staticHedge.ts";
import { stopLoss } from "../../../src/backtest/strategies/stopLoss.ts";
import { unhedged } from "../../../src/backtest/strategies/unhedged.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { bars, funding, HOUR, path, T0 } from "./synthetic.ts";

const noSlip = { ...PERP_V2, slippage: 0 };
const position = { side: "long", leverage: 5, collateral: 1000, reserve: 0 } as const;

/** Decides `decision` at the close of bar `at`, nothing otherwise. */
function once(at: number, decision: Decision, name = "once"): StrategyFactory {
  return { name, create: () => ({ layer: 0, onBar: (v) => (v.index === at ? decision : null) }) };
}

const flat = path(
  Array.from({ length: 12 }, () => 100),
  0,
);

function run(strategies: StrategyFactory[], extra: Partial<Parameters<typeof runBacktest>[0]> = {}) {
  return runBacktest({
    bars: flat,
    funding: funding(),
    policy: defaultPolicy(),
    position,
    model: noSlip,
    strategies,
    record: true,
    ...extra,
  });
}

describe("simulate: execution timing", () => {
  const hedge: Decision = { targetHedgeRatio: 1, addMargin: 0, urgent: false };
  const ratios = (r: ReturnType<typeof run>, name: string) => Array.from(r.series?.books[name]?.hedgeRatio ?? []);

  it("a proposal decided at bar 2's close executes at the open of the first bar after the 30 min delay (bar 4)", () => {
    const r = run([once(2, hedge)], { execution: { approvalDelayMs: 30 * 60_000, emergencyImmediate: true } });
    expect(ratios(r, "once").slice(0, 6)).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it("the emergency path executes at the next bar's open (bar 3); without it, it waits like a proposal", () => {
    const urgent = { ...hedge, urgent: true };
    const fast = run([once(2, urgent)], { execution: { approvalDelayMs: 30 * 60_000, emergencyImmediate: true } });
    expect(ratios(fast, "once").slice(0, 5)).toEqual([0, 0, 0, 1, 1]);
    const slow = run([once(2, urgent)], { execution: { approvalDelayMs: 30 * 60_000, emergencyImmediate: false } });
    expect(ratios(slow, "once").slice(0, 5)).toEqual([0, 0, 0, 0, 1]);
  });

  it("fills at the execution bar's open, not at the decision bar's close", () => {
    // bar 2 closes at 100; bar 3 opens at 90 (a gap down) — the hedge sells at 90.
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [90, 90, 90, 90],
      [90, 90, 90, 90],
    ]);
    const r = run([once(2, { ...hedge, urgent: true })], { bars: b });
    const m = r.strategies.once;
    // 50 base sold at 90: fee 0.1 % × 4500 = 4.5; P&L given up on the hedged base is 0 (price flat after 90).
    expect(m?.hedgeFees).toBeCloseTo(4.5, 9);
    expect(m?.pnlGivenUp).toBeCloseTo(0, 9);
    // equity: 1000 − 5 (open fee) − 50 × 10 (loss to 90) − 4.5
    expect(m?.finalEquity).toBeCloseTo(490.5, 9);
  });
});

describe("simulate: margin", () => {
  it("an intra-bar breach liquidates even though the bar closes above maintenance", () => {
    // Liquidation price of a 5x long opened at 100 (fee 5): 4005 / (50 × 0.9375) = 85.44.
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [90, 91, 85, 89], // low 85 < 85.44, close 89 well above maintenance
      [89, 90, 88, 89],
    ]);
    const r = run([unhedged], { bars: b });
    const m = r.strategies.unhedged;
    expect(m?.breaches).toBe(1);
    expect(m?.liquidated).toBe(true);
    expect(m?.liquidatedAt).toBe(new Date(T0 + 2 * HOUR).toISOString());
    expect(m?.liquidationPenalty).toBeCloseTo(106.8, 9);
    expect(m?.finalEquity).toBeCloseTo(160.2, 9); // flat afterwards: the rebound does not come back
    expect(m?.minMarginBuffer).toBeLessThan(0);
  });

  it("charges funding at each funding time: a long pays size × mark × rate", () => {
    const f = funding([
      [T0, 0.01], // at the first bar's open: before the position exists, not charged
      [T0 + 8 * HOUR, 0.001],
      [T0 + 16 * HOUR, 0.001], // after the window
    ]);
    const r = run([unhedged, staticHedge(0.5)], { funding: f });
    expect(r.strategies.unhedged?.fundingPaid).toBeCloseTo(50 * 100 * 0.001, 9);
    // static 50 %: the hedge halves the payment; hedgeFunding = −(25 × 100 × 0.001)
    expect(r.strategies.static?.fundingPaid).toBeCloseTo(2.5, 9);
    expect(r.strategies.static?.hedgeFunding).toBeCloseTo(-2.5, 9);
  });

  it("de-escalation re-adds exposure and the round trip's cost shows in final equity", () => {
    const roundTrip: StrategyFactory = {
      name: "roundTrip",
      create: () => ({
        layer: 0,
        onBar: (v) =>
          v.index === 1
            ? { targetHedgeRatio: 1, addMargin: 0, urgent: true }
            : v.index === 4
              ? { targetHedgeRatio: 0, addMargin: 0, urgent: true }
              : null,
      }),
    };
    const r = run([unhedged, roundTrip]);
    const m = r.strategies.roundTrip;
    expect(m?.trades).toBe(2);
    expect(m?.hedgeFees).toBeCloseTo(10, 9); // 2 × 0.1 % × 5000
    expect(m?.hedgeCost).toBeCloseTo(10, 9);
    expect((r.strategies.unhedged?.finalEquity ?? 0) - (m?.finalEquity ?? 0)).toBeCloseTo(10, 9);
    expect(m?.timeHedged).toBeCloseTo(3 / 12, 9);
  });

  it("stop-loss fills at its trigger inside the bar and stays flat", () => {
    // stop at 2 × 6.25 % margin ratio: (−4005 + 50p) / (50p) = 0.125 → p = 4005 / 43.75 = 91.543
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [95, 95, 90, 94],
      [94, 110, 94, 110],
    ]);
    const r = run([stopLoss(2)], {
      bars: b,
      execution: { approvalDelayMs: 30 * 60_000, emergencyImmediate: true, reactionLatencyMs: 0 },
    });
    const m = r.strategies.stopLoss;
    const p = 4005 / 43.75;
    expect(m?.liquidated).toBe(false);
    expect(m?.finalEquity).toBeCloseTo(1000 - 5 + 50 * (p - 100) - 0.001 * 50 * p, 6);
    expect(m?.pnlGivenUp).toBeCloseTo(50 * (110 - p), 6); // the rebound it missed
  });

  it("with a reaction latency the stop fills that much later on the bar's path (open → low → high → close)", () => {
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [95, 95, 90, 94],
      [94, 110, 94, 110],
    ]);
    // path length 5 + 5 + 1 = 11 over 60 min; the stop at p is reached after 95 − p; 15 min later the path has
    // moved 11 / 4 = 2.75 further: down to 90 (5 − (95 − p) of it), then up by the rest.
    const r = run([stopLoss(2)], {
      bars: b,
      execution: { approvalDelayMs: 30 * 60_000, emergencyImmediate: true, reactionLatencyMs: 15 * 60_000 },
    });
    const p = 4005 / 43.75;
    const fill = 90 + (95 - p + 2.75 - 5);
    expect(r.strategies.stopLoss?.finalEquity).toBeCloseTo(1000 - 5 + 50 * (fill - 100) - 0.001 * 50 * fill, 6);
  });
});

describe("determinism", () => {
  it("same inputs give byte-identical JSON", () => {
    const wave = path(Array.from({ length: 300 }, (_v, i) => 100 + 10 * Math.sin(i / 7) - i * 0.05));
    const f = funding(Array.from({ length: 40 }, (_v, k) => [T0 + k * 8 * HOUR, 0.0001 * Math.cos(k)] as const));
    const input = {
      bars: wave,
      funding: f,
      policy: defaultPolicy(),
      position,
      strategies: [unhedged, staticHedge(0.5), stopLoss(2)],
    };
    const a = backtestJson(runBacktest(input));
    const b = backtestJson(runBacktest(input));
    expect(a).toBe(b);
    expect(JSON.parse(a).strategies.static.trades).toBe(1);
  });
});
