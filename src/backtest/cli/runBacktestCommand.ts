import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadBars } from "../data/loadBars.ts";
import { loadFunding } from "../data/loadFunding.ts";
import { formatSummary } from "../formatSummary.ts";
import { progressBar } from "../ProgressBar.ts";
import { backtestJson, runBacktest } from "../runBacktest.ts";
import { PERP_V2 } from "../sim/VenueMarginModel.ts";
import { defaultStrategies } from "../strategies/defaultStrategies.ts";
import { BacktestOptionsSchema, baselineOptions, parseOptions } from "./BacktestOptions.ts";
import { loadPolicy } from "./loadPolicy.ts";

export type CommandIo = { out: (text: string) => void; env: Record<string, string | undefined> };

/** `alvh backtest --prices … --funding …`: one run, summary table, optional JSON and chart. */
export async function runBacktestCommand(raw: Record<string, unknown>, io: CommandIo): Promise<void> {
  const o = parseOptions(BacktestOptionsSchema, raw);
  const policy = await loadPolicy(o.policy);
  const bars = loadBars(path.resolve(o.prices));
  const funding = loadFunding(path.resolve(o.funding));
  const result = runBacktest({
    bars,
    funding,
    policy,
    position: { side: o.side, leverage: o.leverage, collateral: o.collateral, reserve: o.reserve },
    model: PERP_V2,
    execution: { approvalDelayMs: o.approvalDelay, emergencyImmediate: o.l3Immediate },
    ...(o.from === undefined ? {} : { fromMs: o.from }),
    ...(o.to === undefined ? {} : { toMs: o.to }),
    strategies: defaultStrategies(policy, baselineOptions(o)),
    record: o.chart !== undefined,
    ...withProgress("backtest"),
  });
  io.out(formatSummary(result));
  if (o.json) {
    writeOut(o.json, backtestJson(result));
    io.out(`json: ${o.json}\n`);
  }
  if (o.chart) {
    const { writeChart } = await import("../chart/writeChart.ts");
    const files = writeChart(result, o.chart, {
      layerTriggers: policy.layers.map((l) => l.marginBufferPpm / 1_000_000),
    });
    io.out(`chart: ${files.join(", ")}\n`);
  }
}

export function withProgress(label: string): { onProgress?: (d: number, t: number) => void } {
  const bar = progressBar(label);
  return bar ? { onProgress: bar } : {};
}

export function writeOut(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text);
}
