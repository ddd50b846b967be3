import { availableParallelism } from "node:os";
import { resolveDataDir } from "../dataDir.ts";
import { progressBar } from "../ProgressBar.ts";
import { summarizeStudy } from "../study/aggregateStudy.ts";
import { formatStudy } from "../study/formatStudy.ts";
import { loadStudyData } from "../study/loadStudyData.ts";
import { runStudy } from "../study/runStudy.ts";
import { studyStrategies } from "../study/runStudyJob.ts";
import { DEFAULT_ASSETS, DEFAULT_STUDY, type StudyConfig } from "../study/StudyConfig.ts";
import { studyJson } from "../study/studyJson.ts";
import { baselineOptions, parseOptions } from "./BacktestOptions.ts";
import { loadPolicy } from "./loadPolicy.ts";
import type { CommandIo } from "./runBacktestCommand.ts";
import { writeOut } from "./runBacktestCommand.ts";
import { StudyOptionsSchema } from "./StudyOptions.ts";

/**
 * `alvh backtest study`: rolling windows × assets × sides × leverages × approval delays, every strategy on
 * every window, on worker threads; prints one table per approval delay, writes the JSON and the chart.
 */
export async function runStudyCommand(raw: Record<string, unknown>, io: CommandIo): Promise<void> {
  const o = parseOptions(StudyOptionsSchema, raw);
  const policy = await loadPolicy(o.policy);
  const explicit = o.asset.length > 0;
  const assets = explicit ? o.asset : DEFAULT_ASSETS;
  const data = loadStudyData(assets, explicit ? process.cwd() : resolveDataDir(o.data, io.env));
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
    policies: [{ name: "alvh", policy }],
  };
  const bar = progressBar("study");
  const run = await runStudy(config, data, {
    workers: o.workers ?? Math.min(8, availableParallelism()),
    ...(bar ? { onProgress: bar } : {}),
  });
  const names = studyStrategies(config).map((s) => s.name);
  const policyNames = config.policies.map((p) => p.name);
  const summaries = summarizeStudy(
    run.windows,
    names.filter((n) => !policyNames.includes(n)),
    policyNames,
  );
  io.out(formatStudy(run, summaries));
  if (o.json) {
    writeOut(o.json, studyJson(run, summaries));
    io.out(`json: ${o.json}\n`);
  }
  if (o.chart) {
    const { writeStudyChart } = await import("../study/writeStudyChart.ts");
    io.out(`chart: ${writeStudyChart(run, summaries, o.chart).join(", ")}\n`);
  }
}
