import type { WindowResult } from "./runStudyJob.ts";
import { type StudyGoal, studyGoal } from "./studyGoal.ts";

/** One strategy over a set of windows. Returns and drawdowns are fractions (−0.25 = −25 %). */
export type StrategyStats = {
  windows: number;
  /** Windows with a maintenance breach (a liquidation). */
  breached: number;
  medianReturn: number;
  meanReturn: number;
  /** 10th percentile of the returns (linear interpolation between order statistics). */
  p10Return: number;
  worstReturn: number;
  medianMaxDrawdown: number;
  worstMaxDrawdown: number;
  /** Lowest margin buffer seen in any window. */
  worstBuffer: number;
  /** Per-window means: all taker fees and slippage, all funding paid, executed trades, share of bars hedged. */
  meanFees: number;
  meanFunding: number;
  meanTrades: number;
  meanTimeHedged: number;
};

/** A strategy's record against another over the same cells: by return, within `TIE` of each other is a tie. */
export type PairRecord = { versus: string; wins: number; ties: number; losses: number; atOrAbove: number };

/** Returns closer than this (0.0001 %) are a tie: both ended with the same money to float precision. */
export const TIE = 1e-6;

/**
 * The `p` quantile (0 … 1) of ascending `sorted` values, linearly interpolated between the order statistics
 * at rank (n − 1)·p (the usual "type 7" definition); NaN for no values.
 */
export function quantile(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  return a + (h - lo) * ((sorted[hi] as number) - a);
}

const ascending = (a: number, b: number) => a - b;
const mean = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length);

/** `name`'s statistics over `windows` (cells where it did not run are left out). */
export function strategyStats(windows: readonly WindowResult[], name: string): StrategyStats {
  const ms = windows.flatMap((w) => (w.strategies[name] ? [w.strategies[name]] : []));
  const returns = ms.map((m) => m.return).sort(ascending);
  const drawdowns = ms.map((m) => m.maxDrawdown).sort(ascending);
  return {
    windows: ms.length,
    breached: ms.filter((m) => m.breaches > 0).length,
    medianReturn: quantile(returns, 0.5),
    meanReturn: mean(returns),
    p10Return: quantile(returns, 0.1),
    worstReturn: returns.length === 0 ? Number.NaN : (returns[0] as number),
    medianMaxDrawdown: quantile(drawdowns, 0.5),
    worstMaxDrawdown: drawdowns.length === 0 ? Number.NaN : (drawdowns[drawdowns.length - 1] as number),
    worstBuffer: ms.reduce((lo, m) => Math.min(lo, m.minMarginBuffer), Number.POSITIVE_INFINITY),
    meanFees: mean(ms.map((m) => m.feesPaid)),
    meanFunding: mean(ms.map((m) => m.fundingPaid)),
    meanTrades: mean(ms.map((m) => m.trades)),
    meanTimeHedged: mean(ms.map((m) => m.timeHedged)),
  };
}

/** `name` against `versus`, cell by cell (cells missing either are left out). */
export function pairRecord(windows: readonly WindowResult[], name: string, versus: string): PairRecord {
  const r: PairRecord = { versus, wins: 0, ties: 0, losses: 0, atOrAbove: 0 };
  for (const w of windows) {
    const a = w.strategies[name];
    const b = w.strategies[versus];
    if (!a || !b) continue;
    const d = a.return - b.return;
    if (Math.abs(d) <= TIE) r.ties++;
    else if (d > 0) r.wins++;
    else r.losses++;
  }
  r.atOrAbove = r.wins + r.ties;
  return r;
}

/** The study's summary for one approval delay: every strategy's statistics and the focus's pairwise records. */
export type StudySummary = {
  approvalDelayMs: number;
  cells: number;
  strategies: Record<string, StrategyStats>;
  /** Each policy's record against every baseline. */
  pairwise: Record<string, PairRecord[]>;
  /** Each policy against the study's goal (`studyGoal`; absent without the stop-loss and deleverage baselines). */
  goal: Record<string, StudyGoal>;
};

/** One summary per approval delay (a study mixes delays only in its grid, never in one statistic). */
export function summarizeStudy(
  windows: readonly WindowResult[],
  baselineNames: readonly string[],
  policyNames: readonly string[],
): StudySummary[] {
  const delays = [...new Set(windows.map((w) => w.approvalDelayMs))];
  return delays.map((approvalDelayMs) => {
    const cells = windows.filter((w) => w.approvalDelayMs === approvalDelayMs);
    const strategies: Record<string, StrategyStats> = {};
    for (const name of [...baselineNames, ...policyNames]) strategies[name] = strategyStats(cells, name);
    const pairwise: Record<string, PairRecord[]> = {};
    for (const p of policyNames) pairwise[p] = baselineNames.map((b) => pairRecord(cells, p, b));
    const goal: Record<string, StudyGoal> = {};
    for (const p of policyNames) {
      const g = studyGoal(strategies, pairwise[p] ?? [], p);
      if (g) goal[p] = g;
    }
    return { approvalDelayMs, cells: cells.length, strategies, pairwise, goal };
  });
}
