import path from "node:path";
import { warmupBars } from "../../signals/signalPeriods.ts";
import { BacktestInputError } from "../BacktestInputError.ts";
import { checkBarInterval } from "../checkBarInterval.ts";
import { checkLeverage } from "../checkLeverage.ts";
import type { SuspectBar } from "../data/Bars.ts";
import { PERP_V2 } from "../sim/VenueMarginModel.ts";
import { runCells } from "./runCells.ts";
import type { StudyData, StudyJob, WindowResult } from "./runStudyJob.ts";
import type { StudyConfig } from "./StudyConfig.ts";
import { type SkippedWindow, type StudyWindow, studyWindows } from "./studyWindows.ts";

export type StudyAssetReport = {
  name: string;
  prices: string;
  funding: string;
  note?: string;
  windows: number;
  skipped: { from: string; to: string; reason: string }[];
  /** Grid windows outside this asset's data. */
  outside: number;
  suspectBars: SuspectBar[];
};

/** The study's cells in grid order, with what every strategy did in each. */
export type StudyRun = {
  config: StudyConfig;
  fromMs: number;
  toMs: number;
  assets: StudyAssetReport[];
  windows: WindowResult[];
};

export type RunStudyOptions = {
  /** Worker threads; ≤ 1 runs every cell in this thread. Results are the same either way, byte for byte. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
};

/** Cells in grid order: approval delay, leverage, asset, side, then window start. */
export function studyJobs(config: StudyConfig, windows: readonly StudyWindow[][]): StudyJob[] {
  const jobs: StudyJob[] = [];
  for (const approvalDelayMs of config.approvalDelaysMs) {
    for (const leverage of config.leverages) {
      windows.forEach((ws, asset) => {
        for (const side of config.sides) {
          for (const window of ws) jobs.push({ asset, window, side, leverage, approvalDelayMs });
        }
      });
    }
  }
  return jobs;
}

/**
 * Runs the study: the grid's windows per asset (`studyWindows`), every strategy on every cell, spread over
 * worker threads. Deterministic: cells are independent and results are put back in grid order. The warm-up
 * is at least what every policy's signal periods need (`warmupBars`; 0 explicitly runs every window cold, for
 * comparisons only); the run's config records the one used.
 */
export async function runStudy(asked: StudyConfig, data: readonly StudyData[], options: RunStudyOptions = {}) {
  if (asked.policies.length === 0) throw new BacktestInputError("a study needs at least one policy");
  // Never fewer warm-up bars than any policy's indicators need to be stable — unless 0 asks for cold starts.
  const config: StudyConfig =
    asked.warmupBars === 0
      ? asked
      : {
          ...asked,
          warmupBars: Math.max(asked.warmupBars, ...asked.policies.map((p) => warmupBars(p.policy.settings))),
        };
  if (data.length === 0) throw new BacktestInputError("a study needs at least one asset");
  for (const leverage of config.leverages) checkLeverage(leverage, PERP_V2);
  for (const d of data) for (const p of config.policies) checkBarInterval(p.policy, d.bars);
  const fromMs = config.fromMs ?? Math.min(...data.map((d) => dataStart(d)));
  const toMs =
    config.toMs ?? Math.max(...data.map((d) => (d.bars.openTimeMs[d.bars.length - 1] as number) + d.bars.intervalMs));
  const grid = { fromMs, toMs, windowMs: config.windowMs, stepMs: config.stepMs, warmupBars: config.warmupBars };
  const perAsset = data.map((d) => studyWindows(d.bars, d.funding, grid));
  const jobs = studyJobs(
    config,
    perAsset.map((a) => a.windows),
  );
  const windows = await runCells(config, data, jobs, options);
  const assets = data.map((d, k): StudyAssetReport => {
    const a = perAsset[k] as ReturnType<typeof studyWindows>;
    const spec = config.assets[k];
    return {
      name: d.name,
      prices: path.basename(d.bars.file),
      funding: path.basename(d.funding.file),
      ...(spec?.note ? { note: spec.note } : {}),
      windows: a.windows.length,
      skipped: a.skipped.map((s: SkippedWindow) => ({ from: iso(s.fromMs), to: iso(s.toMs), reason: s.reason })),
      outside: a.outside,
      suspectBars: d.bars.suspects ?? [],
    };
  });
  return { config, fromMs, toMs, assets, windows } satisfies StudyRun;
}

function dataStart(d: StudyData): number {
  return Math.max(d.bars.openTimeMs[0] as number, d.funding.timeMs[0] ?? Number.POSITIVE_INFINITY);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
