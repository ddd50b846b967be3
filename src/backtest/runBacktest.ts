import path from "node:path";
import type { Policy } from "../policy/Policy.ts";
import { BacktestInputError } from "./BacktestInputError.ts";
import type { RunContext, StrategyFactory } from "./BacktestStrategy.ts";
import { checkLeverage } from "./checkLeverage.ts";
import { type BarGap, type Bars, barIndexAtOrAfter, type SuspectBar } from "./data/Bars.ts";
import type { Funding } from "./data/Funding.ts";
import { fundingGap } from "./data/fundingGap.ts";
import type { StrategyMetrics } from "./StrategyMetrics.ts";
import { DEFAULT_EXECUTION, type ExecutionModel, fullExecution } from "./sim/ExecutionModel.ts";
import { PERP_V2, type VenueMarginModel } from "./sim/VenueMarginModel.ts";
import { type BookSeries, type PositionSpec, simulate } from "./simulate.ts";
import { baselines } from "./strategies/defaultStrategies.ts";

export type BacktestInput = {
  bars: Bars;
  funding: Funding;
  policy: Policy;
  position: PositionSpec;
  model?: VenueMarginModel;
  execution?: ExecutionModel;
  /** Window on bar open times (inclusive from, exclusive to); default the whole file. */
  fromMs?: number;
  toMs?: number;
  /**
   * Bars before `fromMs` fed to indicators only (default 200). Warm-up never reaches back across a data gap
   * longer than a day: indicators are not fed prices from a different stretch of history.
   */
  warmupBars?: number;
  /** Strategies to run; default `baselineStrategies()` (the caller adds `alvh`). */
  strategies?: readonly StrategyFactory[];
  /** Keep per-bar series (for charts). */
  record?: boolean;
  onProgress?: (done: number, total: number) => void;
};

export type BacktestResult = {
  input: {
    prices: string;
    funding: string;
    from: string;
    to: string;
    bars: number;
    position: PositionSpec;
    model: VenueMarginModel;
    execution: ExecutionModel;
  };
  /** Bars fed to the indicators before the window: `wanted` (warmupBars) and `available` in the file (no gap). */
  warmup: { wanted: number; available: number };
  /** Data gaps inside the window (reported, not filled). */
  gaps: BarGap[];
  /** Suspect bars (one-bar moves ≥ 50 %, used as they are) inside the window or its warm-up. */
  suspectBars: SuspectBar[];
  strategies: Record<string, StrategyMetrics>;
  series?: {
    timeMs: Float64Array;
    high: Float64Array;
    low: Float64Array;
    close: Float64Array;
    books: Record<string, BookSeries>;
  };
};

export type BaselineOptions = { staticRatio?: number; stopLossK?: number };

/**
 * The baselines every run compares against: unhedged, a static 50 % hedge, a stop at 2× maintenance and a
 * deleverage trigger (buffer 50 % → 70 %).
 */
export function baselineStrategies(options: BaselineOptions = {}): StrategyFactory[] {
  return baselines({
    ...(options.staticRatio === undefined ? {} : { staticRatio: options.staticRatio }),
    ...(options.stopLossK === undefined ? {} : { stopK: options.stopLossK }),
  });
}

/**
 * Runs every strategy on the same position over the same bars in one pass and returns their metrics.
 * Deterministic: the same input gives the same result (and byte-identical `backtestJson`).
 */
export function runBacktest(input: BacktestInput): BacktestResult {
  const { bars, funding } = input;
  const startIndex = input.fromMs === undefined ? 0 : barIndexAtOrAfter(bars, input.fromMs);
  const endIndex = input.toMs === undefined ? bars.length : barIndexAtOrAfter(bars, input.toMs);
  if (endIndex - startIndex < 2) {
    throw new BacktestInputError("the time window holds fewer than 2 bars", {
      metaMessages: [
        `file: ${bars.file} (${iso(bars.openTimeMs[0])} … ${iso(bars.openTimeMs[bars.length - 1])})`,
        `window: ${input.fromMs === undefined ? "start" : iso(input.fromMs)} … ${input.toMs === undefined ? "end" : iso(input.toMs)}`,
      ],
    });
  }
  const runFrom = bars.openTimeMs[startIndex] as number;
  const runTo = (bars.openTimeMs[endIndex - 1] as number) + bars.intervalMs;
  const gap = fundingGap(funding, runFrom, runTo);
  if (gap !== undefined) {
    throw new BacktestInputError("the funding file does not cover the run", {
      metaMessages: [
        gap,
        `funding: ${funding.file}${funding.length > 0 ? ` (${iso(funding.timeMs[0])} … ${iso(funding.timeMs[funding.length - 1])})` : ""}`,
        `run: ${iso(runFrom)} … ${iso(runTo)} (${bars.file})`,
      ],
    });
  }
  const p = input.position;
  if (!(p.leverage > 0) || !(p.collateral > 0) || !(p.reserve >= 0)) {
    throw new BacktestInputError("invalid position", {
      metaMessages: [`leverage ${p.leverage}, collateral ${p.collateral}, reserve ${p.reserve} (need > 0, > 0, ≥ 0)`],
    });
  }
  const model = input.model ?? PERP_V2;
  checkLeverage(p.leverage, model);
  const execution = fullExecution(input.execution ?? DEFAULT_EXECUTION);
  const warmup = input.warmupBars ?? 200;
  const run: RunContext = {
    bars,
    funding,
    fundingAtClose: fundingAtClose(bars, funding),
    model,
    startIndex,
    endIndex,
    warmupIndex: warmupStart(bars, startIndex, warmup),
  };
  const strategies = input.strategies ?? baselineStrategies();
  const names = new Set<string>();
  for (const s of strategies) {
    if (names.has(s.name)) throw new BacktestInputError(`strategy name used twice: ${s.name}`);
    names.add(s.name);
  }
  const results = simulate(run, [p], strategies, {
    execution,
    record: input.record === true,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  const byName: Record<string, StrategyMetrics> = {};
  const series: Record<string, BookSeries> = {};
  for (const r of results) {
    byName[r.strategy] = r.metrics;
    if (r.series) series[r.strategy] = r.series;
  }
  const startMs = bars.openTimeMs[startIndex] as number;
  const endMs = (bars.openTimeMs[endIndex - 1] as number) + bars.intervalMs;
  return {
    input: {
      prices: path.basename(bars.file),
      funding: path.basename(funding.file),
      from: iso(startMs),
      to: iso(endMs),
      bars: endIndex - startIndex,
      position: { ...p },
      model: { ...model },
      execution: { ...execution },
    },
    warmup: { wanted: warmup, available: startIndex - run.warmupIndex },
    gaps: bars.gaps.filter((g) => g.afterMs >= startMs && g.afterMs < endMs),
    suspectBars: (bars.suspects ?? []).filter(
      (b) => b.timeMs >= (bars.openTimeMs[run.warmupIndex] as number) && b.timeMs < endMs,
    ),
    strategies: byName,
    ...(input.record === true
      ? {
          series: {
            timeMs: bars.openTimeMs.slice(startIndex, endIndex),
            high: bars.high.slice(startIndex, endIndex),
            low: bars.low.slice(startIndex, endIndex),
            close: bars.close.slice(startIndex, endIndex),
            books: series,
          },
        }
      : {}),
  };
}

/** The result as JSON, without the per-bar series: stable key order, so equal runs give equal bytes. */
export function backtestJson(result: BacktestResult): string {
  const { series: _series, ...rest } = result;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

function warmupStart(bars: Bars, startIndex: number, warmup: number): number {
  let k = startIndex;
  const maxStep = 24 * 3_600_000 + bars.intervalMs;
  while (k > 0 && startIndex - k < warmup) {
    if ((bars.openTimeMs[k] as number) - (bars.openTimeMs[k - 1] as number) > maxStep) break;
    k--;
  }
  return k;
}

/** Latest funding rate whose time is ≤ each bar's close (NaN before the first event). */
function fundingAtClose(bars: Bars, funding: Funding): Float64Array {
  const out = new Float64Array(bars.length);
  let f = 0;
  let last = Number.NaN;
  for (let i = 0; i < bars.length; i++) {
    const close = (bars.openTimeMs[i] as number) + bars.intervalMs;
    while (f < funding.length && (funding.timeMs[f] as number) <= close) {
      last = funding.rate[f] as number;
      f++;
    }
    out[i] = last;
  }
  return out;
}

function iso(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? "?" : new Date(ms).toISOString();
}
