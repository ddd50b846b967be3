import type { Layer, Policy } from "../policy/Policy.ts";
import { policyViolation } from "../policy/validatePolicy.ts";
import { type PairRecord, pairRecord, type StrategyStats, strategyStats } from "./study/aggregateStudy.ts";
import { type GoalMargin, goalMargin } from "./study/goalMargin.ts";
import type { WindowResult } from "./study/runStudyJob.ts";

/** One grid point: a label listing the changed thresholds, and the full policy. */
export type SweepPoint = { label: string; policy: Policy };

/** One policy of a sweep over every study cell (all approval delays pooled). */
export type SweepRow = {
  name: string;
  /** Every field that differs from the base policy, in human units (`L2 marginBuffer: 35% → 30%`). */
  changes: string[];
  stats: StrategyStats;
  /** Against each baseline, cell by cell. */
  pairwise: PairRecord[];
  /** Against the goal's baselines (stop-loss and deleverage, those the study ran); absent for a baseline row. */
  goal?: GoalMargin | undefined;
};

/** How a sweep orders its policies (`--rank`). */
export type SweepRank = "study" | "goal";

/**
 * The default grid: where Layer 3 and Layer 2 trigger on the margin buffer (L1's trigger is kept at least
 * 15 points above L2's), and how much L1/L2 hedge: 16 policies.
 */
export const DEFAULT_GRID = {
  l3MarginBufferPpm: [200_000, 300_000],
  l2MarginBufferPpm: [400_000, 500_000],
  l1HedgeRatioPpm: [250_000, 500_000],
  l2HedgeRatioPpm: [500_000, 750_000],
} as const;

export type SweepGrid = { [K in keyof typeof DEFAULT_GRID]: readonly number[] };

/**
 * Every combination of the grid applied to `base`, keeping only policies the on-chain validation accepts
 * (`skipped` counts the rest, e.g. an L2 trigger below the L3 one).
 */
export function sweepPoints(base: Policy, grid: SweepGrid = DEFAULT_GRID): { points: SweepPoint[]; skipped: number } {
  const points: SweepPoint[] = [];
  let skipped = 0;
  for (const l3 of grid.l3MarginBufferPpm) {
    for (const l2 of grid.l2MarginBufferPpm) {
      for (const h1 of grid.l1HedgeRatioPpm) {
        for (const h2 of grid.l2HedgeRatioPpm) {
          const [L1, L2, L3] = base.layers;
          const policy: Policy = {
            layers: [
              { ...L1, hedgeRatioPpm: h1, marginBufferPpm: Math.max(L1.marginBufferPpm, l2 + 150_000) } as Layer,
              { ...L2, hedgeRatioPpm: h2, marginBufferPpm: l2 } as Layer,
              { ...L3, marginBufferPpm: l3 } as Layer,
            ],
            settings: { ...base.settings },
          };
          if (policyViolation(policy) !== undefined) {
            skipped++;
            continue;
          }
          const pct = (ppm: number) => `${ppm / 10_000}%`;
          points.push({ label: `L3≤${pct(l3)} L2≤${pct(l2)} h1=${pct(h1)} h2=${pct(h2)}`, policy });
        }
      }
    }
  }
  return { points, skipped };
}

/**
 * One policy's row: its statistics over `windows`, its record against each baseline and, given the goal's
 * baselines' statistics (`goalBaselines`, computed once for every row), its margin on the goal.
 */
export function sweepRow(
  windows: readonly WindowResult[],
  name: string,
  changes: string[],
  baselineNames: readonly string[],
  goalRefs: Readonly<Record<string, StrategyStats>> = {},
): SweepRow {
  const stats = strategyStats(windows, name);
  return {
    name,
    changes,
    stats,
    pairwise: baselineNames.map((b) => pairRecord(windows, name, b)),
    ...(Object.keys(goalRefs).length > 0 ? { goal: goalMargin(stats, goalRefs) } : {}),
  };
}

/**
 * Fewest breached windows first, then:
 * - `study` (default): the highest 10th-percentile return, then the highest median return;
 * - `goal`: the largest goal margin (the smallest of median, mean and 10th-percentile return minus the best
 *   baseline's — how far the policy clears the study's goal), then the 10th percentile and the median;
 * then the name (so ties are listed in a fixed order). A row without a goal margin ranks after those with one.
 * With `minWorstBuffer` (a fraction), a policy whose worst margin buffer in any window falls below it ranks after
 * every policy that keeps it (after the breach count): a floor on how close to maintenance a policy may run.
 */
export function rankSweep(rows: readonly SweepRow[], by: SweepRank = "study", minWorstBuffer = -1): SweepRow[] {
  const margin = (r: SweepRow) => r.goal?.min ?? Number.NEGATIVE_INFINITY;
  const below = (r: SweepRow) => (r.stats.worstBuffer < minWorstBuffer ? 1 : 0);
  return [...rows].sort(
    (a, b) =>
      a.stats.breached - b.stats.breached ||
      below(a) - below(b) ||
      (by === "goal" ? margin(b) - margin(a) || 0 : 0) ||
      b.stats.p10Return - a.stats.p10Return ||
      b.stats.medianReturn - a.stats.medianReturn ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}
