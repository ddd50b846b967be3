import { summarizeStudy } from "../study/aggregateStudy.ts";
import { formatStudy } from "../study/formatStudy.ts";
import { runStudy } from "../study/runStudy.ts";
import { studyBaselineNames } from "../study/runStudyJob.ts";
import { studyJson } from "../study/studyJson.ts";
import { parseOptions } from "./BacktestOptions.ts";
import { loadPolicy } from "./loadPolicy.ts";
import type { CommandIo } from "./runBacktestCommand.ts";
import { writeOut } from "./runBacktestCommand.ts";
import { StudyOptionsSchema } from "./StudyOptions.ts";
import { studySetup } from "./studySetup.ts";

/**
 * `alvh backtest study`: rolling windows × assets × sides × leverages × approval delays, every strategy on
 * every window, on worker threads; prints one table per approval delay, writes the JSON and the chart.
 */
export async function runStudyCommand(raw: Record<string, unknown>, io: CommandIo): Promise<void> {
  const o = parseOptions(StudyOptionsSchema, raw);
  const policy = await loadPolicy(o.policy);
  const { config, data, run: runOptions } = studySetup(o, [{ name: "alvh", policy }], io.env);
  const run = await runStudy(config, data, runOptions);
  const summaries = summarizeStudy(run.windows, studyBaselineNames(config), ["alvh"]);
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
