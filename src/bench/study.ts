import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { resolveDataDir } from "../backtest/dataDir.ts";
import { summarizeStudy } from "../backtest/study/aggregateStudy.ts";
import { loadStudyData } from "../backtest/study/loadStudyData.ts";
import { runStudy } from "../backtest/study/runStudy.ts";
import { studyBaselineNames } from "../backtest/study/runStudyJob.ts";
import { DEFAULT_ASSETS, DEFAULT_STUDY, type StudyConfig } from "../backtest/study/StudyConfig.ts";
import { defaultPolicy } from "../policy/defaultPolicy.ts";

type Print = (name: string, value: string | number) => void;

/**
 * `npm run bench` → wall time of `alvh backtest study` on its default grid (the data folder's ETH and BTC,
 * 30-day windows stepped 15 days, long and short, 5x, 60-minute approval delay, every baseline and the
 * default policy) with one worker thread per core: loading the data, every cell, the summaries. Skips with a
 * message when the data folder is absent.
 */
export async function run(print: Print): Promise<void> {
  const dir = resolveDataDir(undefined, process.env);
  if (!DEFAULT_ASSETS.every((a) => existsSync(path.join(dir, a.prices)) && existsSync(path.join(dir, a.funding)))) {
    print("study.skipped", `the default assets' files are not all in ${dir}`);
    return;
  }
  const workers = availableParallelism();
  print("study.load_avg_1m", loadavg()[0]?.toFixed(2) ?? "?");
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const data = loadStudyData(DEFAULT_ASSETS, dir);
  const config: StudyConfig = {
    ...DEFAULT_STUDY,
    assets: DEFAULT_ASSETS,
    policies: [{ name: "alvh", policy: defaultPolicy() }],
  };
  const study = await runStudy(config, data, { workers });
  summarizeStudy(study.windows, studyBaselineNames(config), ["alvh"]);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  print("study.default_grid.wall_s", wall.toFixed(2));
  print("study.default_grid.cells", study.windows.length);
  print("study.default_grid.workers", workers);
  print("study.default_grid.cpu_s", ((cpu.user + cpu.system) / 1e6).toFixed(2));
  print("study.load_avg_1m_end", loadavg()[0]?.toFixed(2) ?? "?");
}
