import type { PairRecord, StrategyStats } from "./aggregateStudy.ts";
import { type GoalMargin, goalBaselines, goalMargin } from "./goalMargin.ts";

/** Distance the stretch goal allows between the policy's median return and the static hedge's. */
export const STRETCH_POINTS = 0.05;

/**
 * A policy against the study's goal (issue "protection that beats a stop-loss") over one set of cells:
 * no breached window; median, mean and 10th-percentile return each at least the stop-loss's and the
 * deleverage baseline's (`margin`); at or above the stop-loss in more than half of the cells; stretch: the
 * median within 5 points of the static hedge's.
 */
export type StudyGoal = {
  breached: number;
  cells: number;
  margin: GoalMargin;
  atOrAboveStop: number;
  /** Median return minus the static hedge's (NaN without the static baseline). */
  stretch: number;
  /** Every figure but the stretch holds. */
  met: boolean;
};

/**
 * The goal of `policy` from a summary's statistics and pairwise records; undefined when the study ran
 * neither the stop-loss nor the deleverage baseline.
 */
export function studyGoal(
  strategies: Readonly<Record<string, StrategyStats>>,
  pairwise: readonly PairRecord[],
  policy: string,
): StudyGoal | undefined {
  const s = strategies[policy];
  const refs = goalBaselines(strategies);
  if (s === undefined || Object.keys(refs).length === 0) return undefined;
  const margin = goalMargin(s, refs);
  const stop = pairwise.find((r) => r.versus === "stopLoss");
  const atOrAboveStop = stop?.atOrAbove ?? 0;
  const cells = s.windows;
  const stat = strategies.static;
  return {
    breached: s.breached,
    cells,
    margin,
    atOrAboveStop,
    stretch: stat === undefined ? Number.NaN : s.medianReturn - stat.medianReturn,
    met: s.breached === 0 && margin.min >= 0 && (stop === undefined || atOrAboveStop * 2 > cells),
  };
}
