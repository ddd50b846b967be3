import path from "node:path";
import { BacktestInputError } from "../BacktestInputError.ts";
import type { Bars } from "../data/Bars.ts";
import type { Funding } from "../data/Funding.ts";
import { loadBars } from "../data/loadBars.ts";
import { loadFunding } from "../data/loadFunding.ts";
import { resolveDataDir } from "../dataDir.ts";
import { EVENT_PRESETS } from "../eventPresets.ts";
import { SUMMARY_HEADER, summaryCells } from "../formatSummary.ts";
import { formatTable } from "../formatTable.ts";
import { type BacktestResult, runBacktest } from "../runBacktest.ts";
import { PERP_V2 } from "../sim/VenueMarginModel.ts";
import { defaultStrategies } from "../strategies/defaultStrategies.ts";
import { baselineOptions, CommonOptionsSchema, parseOptions } from "./BacktestOptions.ts";
import { loadPolicy } from "./loadPolicy.ts";
import { type CommandIo, writeOut } from "./runBacktestCommand.ts";

/** `alvh backtest events`: every cascade preset, one row per event and strategy. */
export async function runEventsCommand(raw: Record<string, unknown>, io: CommandIo): Promise<void> {
  const o = parseOptions(
    CommonOptionsSchema.extend({ json: CommonOptionsSchema.shape.data, chart: CommonOptionsSchema.shape.data }),
    raw,
  );
  const policy = await loadPolicy(o.policy);
  const results = runEvents(resolveDataDir(o.data, io.env), {
    policy,
    position: { side: o.side, leverage: o.leverage, collateral: o.collateral, reserve: o.reserve },
    execution: { approvalDelayMs: o.approvalDelay, emergencyImmediate: o.l3Immediate },
    strategies: defaultStrategies(policy, baselineOptions(o)),
    record: o.chart !== undefined,
  });
  const rows: string[][] = [];
  for (const { id, market, result } of results) {
    for (const [name, m] of Object.entries(result.strategies)) rows.push([`${id} ${market}`, ...summaryCells(name, m)]);
  }
  const p = results[0]?.result.input;
  io.out(
    `events: ${results.length} runs; ${o.side} ${o.leverage}x, collateral ${o.collateral}; venue ${PERP_V2.name};` +
      ` approval delay ${(p?.execution.approvalDelayMs ?? 0) / 60_000} min\n\n`,
  );
  io.out(`${formatTable(["event", ...SUMMARY_HEADER], rows)}\n`);
  if (o.json) {
    const json = results.map(({ id, market, result }) => ({ id, market, ...result, series: undefined }));
    writeOut(o.json, `${JSON.stringify({ events: json }, null, 2)}\n`);
    io.out(`json: ${o.json}\n`);
  }
  if (o.chart) {
    const { writeEventsChart } = await import("../chart/writeEventsChart.ts");
    const layerTriggers = policy.layers.map((l) => l.marginBufferPpm / 1_000_000);
    io.out(`chart: ${writeEventsChart(results, o.chart, { layerTriggers }).join(", ")}\n`);
  }
}

export type EventRun = { id: string; market: string; description: string; result: BacktestResult };

/** Runs every preset found in `dataDir` (files are loaded once each). */
export function runEvents(
  dataDir: string,
  base: Omit<Parameters<typeof runBacktest>[0], "bars" | "funding" | "fromMs" | "toMs">,
): EventRun[] {
  const barsCache = new Map<string, Bars>();
  const fundingCache = new Map<string, Funding>();
  const get = <T>(cache: Map<string, T>, file: string, load: (f: string) => T): T => {
    let v = cache.get(file);
    if (v === undefined) {
      v = load(path.join(dataDir, file));
      cache.set(file, v);
    }
    return v;
  };
  const out: EventRun[] = [];
  for (const e of EVENT_PRESETS) {
    let bars: Bars;
    let funding: Funding;
    try {
      bars = get(barsCache, e.prices, loadBars);
      funding = get(fundingCache, e.funding, loadFunding);
    } catch (cause) {
      throw new BacktestInputError(`event data missing for ${e.id} (${e.market})`, {
        cause,
        metaMessages: [`data dir: ${dataDir} (set --data DIR or ALVH_DATA_DIR)`],
      });
    }
    const result = runBacktest({ ...base, bars, funding, fromMs: Date.parse(e.from), toMs: Date.parse(e.to) });
    out.push({ id: e.id, market: e.market, description: e.description, result });
  }
  return out;
}
