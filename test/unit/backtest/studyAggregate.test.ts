import { describe, expect, it } from "vitest";
import type { StrategyMetrics } from "../../../src/backtest/StrategyMetrics.ts";
import { pairRecord, quantile, strategyStats, summarizeStudy } from "../../../src/backtest/study/aggregateStudy.ts";
import { formatGoal } from "../../../src/backtest/study/formatGoal.ts";
import type { WindowResult } from "../../../src/backtest/study/runStudyJob.ts";

function metrics(m: Partial<StrategyMetrics>): StrategyMetrics {
  return {
    breaches: 0,
    liquidated: false,
    liquidatedAt: null,
    minMarginBuffer: 0.5,
    minMarginBufferAt: null,
    hedgeCost: 0,
    hedgeFees: 0,
    hedgeFunding: 0,
    pnlGivenUp: 0,
    fundingPaid: 0,
    feesPaid: 0,
    liquidationPenalty: 0,
    timeHedged: 0,
    hoursHedged: 0,
    maxHedgeRatio: 0,
    maxDrawdown: 0,
    trades: 0,
    marginAdded: 0,
    moduleActions: 0,
    moduleReverts: 0,
    layerActivations: { l1: 0, l2: 0, l3: 0 },
    finalEquity: 0,
    return: 0,
    ...m,
  };
}

function cell(delay: number, strategies: Record<string, Partial<StrategyMetrics>>): WindowResult {
  return {
    asset: "x",
    side: "long",
    leverage: 5,
    approvalDelayMs: delay,
    from: "",
    to: "",
    bars: 720,
    gaps: 0,
    suspectBars: 0,
    strategies: Object.fromEntries(Object.entries(strategies).map(([k, v]) => [k, metrics(v)])),
  };
}

describe("study statistics (hand-computed)", () => {
  it("quantile: linear between order statistics at rank (n − 1)·p", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12); // rank 0.3
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([7], 0.1)).toBe(7);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([], 0.5)).toBeNaN();
  });

  // returns −50 %, −10 %, 0, +20 %, +40 % (given out of order), one breach, drawdowns 0.6 … 0.1
  const cells = [
    cell(60, { a: { return: 0.2, maxDrawdown: 0.1, feesPaid: 10, trades: 2, timeHedged: 0.5, fundingPaid: 3 } }),
    cell(60, { a: { return: -0.5, maxDrawdown: 0.6, breaches: 1, minMarginBuffer: -0.2, feesPaid: 20, trades: 4 } }),
    cell(60, { a: { return: 0, maxDrawdown: 0.3, feesPaid: 0, fundingPaid: -1 } }),
    cell(60, { a: { return: 0.4, maxDrawdown: 0.2, feesPaid: 30, trades: 1, timeHedged: 1 } }),
    cell(60, { a: { return: -0.1, maxDrawdown: 0.4, feesPaid: 40, trades: 3, fundingPaid: 8 } }),
  ];

  it("per strategy: breached windows, median / mean / 10th percentile / worst return, drawdowns, means", () => {
    const s = strategyStats(cells, "a");
    expect(s.windows).toBe(5);
    expect(s.breached).toBe(1);
    expect(s.medianReturn).toBe(0);
    expect(s.meanReturn).toBeCloseTo(0, 12);
    // sorted −0.5, −0.1, 0, 0.2, 0.4: rank 0.4 → −0.5 + 0.4 × 0.4 = −0.34
    expect(s.p10Return).toBeCloseTo(-0.34, 12);
    expect(s.worstReturn).toBe(-0.5);
    expect(s.medianMaxDrawdown).toBe(0.3);
    expect(s.worstMaxDrawdown).toBe(0.6);
    expect(s.worstBuffer).toBe(-0.2);
    expect(s.meanFees).toBe(20);
    expect(s.meanFunding).toBe(2);
    expect(s.meanTrades).toBe(2);
    expect(s.meanTimeHedged).toBeCloseTo(0.3, 12);
  });

  it("pairwise: wins, ties (within 1e-6), losses and at-or-above, cell by cell", () => {
    const pairs = [
      cell(60, { alvh: { return: 0.1 }, stop: { return: 0.05 } }), // win
      cell(60, { alvh: { return: -0.2 }, stop: { return: -0.2 + 5e-7 } }), // tie
      cell(60, { alvh: { return: -0.3 }, stop: { return: -0.1 } }), // loss
      cell(60, { alvh: { return: 0.3 }, stop: { return: -0.4 } }), // win
      cell(60, { alvh: { return: 0.3 } }), // stop missing: left out
    ];
    expect(pairRecord(pairs, "alvh", "stop")).toEqual({ versus: "stop", wins: 2, ties: 1, losses: 1, atOrAbove: 3 });
  });

  it("one summary per approval delay, never mixing delays in one statistic", () => {
    const mixed = [
      cell(60, { base: { return: 0.1 }, alvh: { return: 0.2 } }),
      cell(240, { base: { return: -0.5 }, alvh: { return: -0.6 } }),
      cell(60, { base: { return: 0.3 }, alvh: { return: 0.2 } }),
    ];
    const [a, b] = summarizeStudy(mixed, ["base"], ["alvh"]);
    expect(a?.approvalDelayMs).toBe(60);
    expect(a?.cells).toBe(2);
    expect(a?.strategies.base?.medianReturn).toBeCloseTo(0.2, 12);
    expect(a?.pairwise.alvh).toEqual([{ versus: "base", wins: 1, ties: 0, losses: 1, atOrAbove: 1 }]);
    expect(b?.approvalDelayMs).toBe(240);
    expect(b?.strategies.alvh?.worstReturn).toBe(-0.6);
  });

  it("the goal: breaches, each statistic against the best of stop-loss and deleverage, > half at or above the stop", () => {
    // four cells; returns alvh / stopLoss / deleverage / static
    const rows: [number, number, number, number][] = [
      [0.1, -0.3, 0.2, 0.0],
      [-0.1, -0.3, -0.2, 0.05],
      [0.05, 0.3, -0.9, 0.1],
      [-0.05, -0.2, 0.0, -0.1],
    ];
    const cells = rows.map(([a, s, d, st]) =>
      cell(60, { stopLoss: { return: s }, deleverage: { return: d }, static: { return: st }, alvh: { return: a } }),
    );
    const [sum] = summarizeStudy(cells, ["stopLoss", "deleverage", "static"], ["alvh"]);
    const g = sum?.goal.alvh;
    // medians: alvh (−0.05 + 0.05) / 2 = 0, stopLoss −0.25, deleverage −0.1 → +0 against deleverage
    // means: alvh 0, stopLoss −0.125, deleverage −0.225 → +0.125 against the stop-loss
    // 10th pct (rank 0.3): alvh −0.1 + 0.3 × 0.05 = −0.085, stopLoss −0.3, deleverage −0.9 + 0.3 × 0.7 = −0.69
    expect(g?.margin.against).toEqual({ median: "deleverage", mean: "stopLoss", p10: "stopLoss" });
    expect(g?.margin.median).toBeCloseTo(0.1, 12);
    expect(g?.margin.mean).toBeCloseTo(0.125, 12);
    expect(g?.margin.p10).toBeCloseTo(0.215, 12);
    // at or above the stop-loss in 3 of 4 (not in cell 3): more than half
    expect(g?.atOrAboveStop).toBe(3);
    expect(g?.met).toBe(true);
    // stretch: median 0 against static's (0 + 0.05) / 2 = 0.025
    expect(g?.stretch).toBeCloseTo(-0.025, 12);
    const text = formatGoal("alvh", g as NonNullable<typeof g>, sum?.strategies ?? {});
    expect(text).toMatch(/^alvh against the goal: met\n/);
    expect(text).toMatch(/median .*\+0\.0% vs -10\.0% \(deleverage\): \+10\.0 points +met/);

    // exactly half at or above the stop-loss is not more than half: one cell flipped
    const half = summarizeStudy(
      cells.map((c, k) => (k === 3 ? cell(60, { ...c.strategies, alvh: { return: -0.25 } }) : c)),
      ["stopLoss", "deleverage"],
      ["alvh"],
    )[0]?.goal.alvh;
    expect(half?.atOrAboveStop).toBe(2);
    expect(half?.met).toBe(false);
    expect(summarizeStudy(cells, ["static"], ["alvh"])[0]?.goal).toEqual({});
  });
});
