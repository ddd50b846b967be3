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
  /** The baseline with the best value of each statistic (the one that margin is measured against). */
  against: { median: string; mean: string; p10: string };
};

/** Those of `strategies` the goal is measured against (`GOAL_BASELINE_NAMES` that ran). */
export function goalBaselines(strategies: Readonly<Record<string, StrategyStats>>): Record<string, StrategyStats> {
  const out: Record<string, StrategyStats> = {};
  for (const b of GOAL_BASELINE_NAMES) {
    const s = strategies[b];
    if (s !== undefined) out[b] = s;
  }
  return out;
}

/**
 * The goal of the rolling-window study (issue "protection that beats a stop-loss"): the strategy's median,
 * mean and 10th-percentile return each at least every baseline's (the stop-loss and the deleverage baseline).
 * Each margin is the strategy's statistic minus the highest baseline value of it (named in `against`); NaN and
 * "" with no baselines.
 */
export function goalMargin(stats: StrategyStats, baselines: Readonly<Record<string, StrategyStats>>): GoalMargin {
  const entries = Object.entries(baselines);
  /** The baseline with the highest value of `pick`, and that value ("" and NaN without baselines). */
  const best = (pick: (s: StrategyStats) => number): [string, number] =>
    entries.reduce<[string, number]>(
      (b, [name, s]) => (b[0] === "" || pick(s) > b[1] ? [name, pick(s)] : b),
      ["", Number.NaN],
    );
  const [medianOf, bestMedian] = best((s) => s.medianReturn);
  const [meanOf, bestMean] = best((s) => s.meanReturn);
  const [p10Of, bestP10] = best((s) => s.p10Return);
  const median = stats.medianReturn - bestMedian;
  const mean = stats.meanReturn - bestMean;
  const p10 = stats.p10Return - bestP10;
  return {
    median,
    mean,
    p10,
    min: Math.min(median, mean, p10),
    against: { median: medianOf, mean: meanOf, p10: p10Of },
  };
}
