import type { Layer, Policy } from "../policy/Policy.ts";
import { policyViolation } from "../policy/validatePolicy.ts";
import type { StrategyMetrics } from "./StrategyMetrics.ts";

/** One grid point: a label listing the changed thresholds, and the full policy. */
export type SweepPoint = { label: string; policy: Policy };

/** Aggregate of one grid point over every event it ran on. */
export type SweepRow = {
  label: string;
  runs: number;
  breaches: number;
  /** Lowest margin buffer over all runs. */
  worstMinBuffer: number;
  /** Sum of hedge costs over all runs (quote units). */
  hedgeCost: number;
  meanFinalEquity: number;
  meanTimeHedged: number;
};

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

/** Folds per-run metrics into one row per grid point. */
export function sweepRow(label: string, runs: readonly StrategyMetrics[]): SweepRow {
  const n = runs.length;
  return {
    label,
    runs: n,
    breaches: runs.reduce((s, m) => s + m.breaches, 0),
    worstMinBuffer: runs.reduce((s, m) => Math.min(s, m.minMarginBuffer), 1),
    hedgeCost: runs.reduce((s, m) => s + m.hedgeCost, 0),
    meanFinalEquity: n === 0 ? 0 : runs.reduce((s, m) => s + m.finalEquity, 0) / n,
    meanTimeHedged: n === 0 ? 0 : runs.reduce((s, m) => s + m.timeHedged, 0) / n,
  };
}

/** Ranking: fewest breaches, then the highest mean final equity, then the best worst-case buffer, then label. */
export function rankSweep(rows: readonly SweepRow[]): SweepRow[] {
  return [...rows].sort(
    (a, b) =>
      a.breaches - b.breaches ||
      b.meanFinalEquity - a.meanFinalEquity ||
      b.worstMinBuffer - a.worstMinBuffer ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
}
