import type { StrategyStats } from "./aggregateStudy.ts";

/** The baselines the study's goal is measured against. */
export const GOAL_BASELINE_NAMES = ["stopLoss", "deleverage"] as const;

/** How far a strategy clears the study's goal on each statistic (fractions; < 0: short of it). */
export type GoalMargin = {
  /** Median, mean and 10th-percentile return minus the best baseline's on that statistic. */
  median: number;
  mean: number;
  p10: number;
  /** The smallest of the three: ≥ 0 means each is at least every baseline's. */
  min: number;
};

/**
 * The goal of the rolling-window study (issue "protection that beats a stop-loss"): the strategy's median,
 * mean and 10th-percentile return each at least every baseline's (the stop-loss and the deleverage baseline).
 * Each margin is the strategy's statistic minus the highest baseline value of it; NaN with no baselines.
 */
export function goalMargin(stats: StrategyStats, baselines: readonly StrategyStats[]): GoalMargin {
  const best = (pick: (s: StrategyStats) => number) =>
    baselines.length === 0 ? Number.NaN : Math.max(...baselines.map(pick));
  const median = stats.medianReturn - best((s) => s.medianReturn);
  const mean = stats.meanReturn - best((s) => s.meanReturn);
  const p10 = stats.p10Return - best((s) => s.p10Return);
  return { median, mean, p10, min: Math.min(median, mean, p10) };
}
