import type { StrategyFactory } from "../BacktestStrategy.ts";
import type { Bars } from "../data/Bars.ts";
import type { Funding } from "../data/Funding.ts";
import { runBacktest } from "../runBacktest.ts";
import type { StrategyMetrics } from "../StrategyMetrics.ts";
import { PERP_V2 } from "../sim/VenueMarginModel.ts";
import { alvh } from "../strategies/alvh.ts";
import { baselines } from "../strategies/defaultStrategies.ts";
import type { StudyConfig } from "./StudyConfig.ts";
import type { StudyWindow } from "./studyWindows.ts";

/** One cell of the study grid: an asset's window, a side, a leverage and an approval delay. */
export type StudyJob = {
  asset: number;
  window: StudyWindow;
  side: "long" | "short";
  leverage: number;
  approvalDelayMs: number;
};

/** What every strategy did in one cell (the JSON keeps one of these per cell). */
export type WindowResult = {
  asset: string;
  side: "long" | "short";
  leverage: number;
  approvalDelayMs: number;
  from: string;
  to: string;
  bars: number;
  /** Data gaps inside the window, and suspect bars (one-bar moves ≥ 50 %) inside it or its warm-up. */
  gaps: number;
  suspectBars: number;
  strategies: Record<string, StrategyMetrics>;
};

/** An asset's loaded data, as a study job reads it (plain data: it crosses to worker threads as is). */
export type StudyData = { name: string; bars: Bars; funding: Funding };

/** The strategies of every cell, in output order: the baselines (if any), then one ALVH per policy. */
export function studyStrategies(config: Pick<StudyConfig, "baselines" | "policies">): StrategyFactory[] {
  return [
    ...(config.baselines ? baselines(config.baselines) : []),
    ...config.policies.map((p) => alvh(p.policy, { name: p.name })),
  ];
}

/** Names of the study's baselines, in output order (none when the study runs policies only). */
export function studyBaselineNames(config: Pick<StudyConfig, "baselines">): string[] {
  return config.baselines ? baselines(config.baselines).map((b) => b.name) : [];
}

/** Runs one cell through `runBacktest` (every strategy in one pass over the same bars). */
export function runStudyJob(config: StudyConfig, data: readonly StudyData[], job: StudyJob): WindowResult {
  const asset = data[job.asset] as StudyData;
  const result = runBacktest({
    bars: asset.bars,
    funding: asset.funding,
    policy: (config.policies[0] as StudyConfig["policies"][number]).policy,
    position: { side: job.side, leverage: job.leverage, collateral: config.collateral, reserve: config.reserve },
    model: PERP_V2,
    execution: { approvalDelayMs: job.approvalDelayMs, emergencyImmediate: config.l3Immediate },
    fromMs: job.window.fromMs,
    toMs: job.window.toMs,
    warmupBars: config.warmupBars,
    strategies: studyStrategies(config),
  });
  const warmFrom = job.window.fromMs - config.warmupBars * asset.bars.intervalMs;
  const suspects = (asset.bars.suspects ?? []).filter((s) => s.timeMs >= warmFrom && s.timeMs < job.window.toMs);
  return {
    asset: asset.name,
    side: job.side,
    leverage: job.leverage,
    approvalDelayMs: job.approvalDelayMs,
    from: result.input.from,
    to: result.input.to,
    bars: result.input.bars,
    gaps: result.gaps.length,
    suspectBars: suspects.length,
    strategies: result.strategies,
  };
}
