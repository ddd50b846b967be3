import { availableParallelism } from "node:os";
import { BacktestInputError } from "../BacktestInputError.ts";
import { resolveDataDir } from "../dataDir.ts";
import { progressBar } from "../ProgressBar.ts";
import { loadStudyData } from "../study/loadStudyData.ts";
import type { RunStudyOptions } from "../study/runStudy.ts";
import type { StudyData } from "../study/runStudyJob.ts";
import { DEFAULT_ASSETS, DEFAULT_STUDY, type StudyConfig, type StudyPolicy } from "../study/StudyConfig.ts";
import { baselineOptions } from "./BacktestOptions.ts";
import type { StudyOptions } from "./StudyOptions.ts";

/**
 * The study a command's options describe: explicit `--asset` files (relative to the working directory) or
 * the data folder's default assets, the grid, the baselines and `policies`; with the assets' data loaded.
 */
export function studySetup(
  o: StudyOptions,
  policies: readonly StudyPolicy[],
  env: Record<string, string | undefined>,
): { config: StudyConfig; data: StudyData[]; run: RunStudyOptions } {
  if (o.from !== undefined && o.to !== undefined && o.from >= o.to) {
    throw new BacktestInputError("--from must be before --to", {
      metaMessages: [
        `from ${new Date(o.from).toISOString()}, to ${new Date(o.to).toISOString()} (the range is [from, to))`,
      ],
    });
  }
  const explicit = o.asset.length > 0;
  const assets = explicit ? o.asset : DEFAULT_ASSETS;
  const data = loadStudyData(assets, explicit ? process.cwd() : resolveDataDir(o.data, env));
  const config: StudyConfig = {
    ...DEFAULT_STUDY,
    assets,
    ...(o.from === undefined ? {} : { fromMs: o.from }),
    ...(o.to === undefined ? {} : { toMs: o.to }),
    windowMs: o.window,
    stepMs: o.step,
    sides: o.sides,
    leverages: o.leverage,
    approvalDelaysMs: o.approvalDelay,
    collateral: o.collateral,
    reserve: o.reserve,
    l3Immediate: o.l3Immediate,
    warmupBars: o.warmup,
    baselines: baselineOptions(o),
    policies,
  };
  const bar = progressBar("study");
  return {
    config,
    data,
    run: { workers: o.workers ?? Math.min(8, availableParallelism()), ...(bar ? { onProgress: bar } : {}) },
  };
}
