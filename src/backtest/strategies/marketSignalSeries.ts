import { type Breadth, breadth } from "../../signals/breadth.ts";
import { MarketSignalEngine } from "../../signals/MarketSignalEngine.ts";
import type { MarketSignals } from "../../signals/MarketSignals.ts";
import { type SignalPeriods, signalPeriodsKey } from "../../signals/signalPeriods.ts";
import type { RunContext } from "../BacktestStrategy.ts";

/** The market's signals after each bar (`signals[i]`, undefined before the warm-up start) and breadth. */
export type MarketSignalSeries = { signals: (MarketSignals | undefined)[]; breadth: (Breadth | undefined)[] };

const cache = new WeakMap<RunContext, Map<string, MarketSignalSeries>>();

/**
 * Streams the run's bars through the shared `MarketSignalEngine` once per (run, signal periods) — signals
 * are per market, not per book, so every book of the run reads the same series. Funding observations are
 * pushed as soon as their time is ≤ the bar's close, i.e. only what was known at the decision time.
 * A data gap restarts nothing: the engine sees the next bar after the gap, as a live keeper would.
 */
export function marketSignalSeries(run: RunContext, market: string, periods: SignalPeriods): MarketSignalSeries {
  let byKey = cache.get(run);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(run, byKey);
  }
  const key = `${market}|${signalPeriodsKey(periods)}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const { bars, funding } = run;
  const engine = new MarketSignalEngine(market, periods);
  const signals: (MarketSignals | undefined)[] = new Array(run.endIndex).fill(undefined);
  const br: (Breadth | undefined)[] = new Array(run.endIndex).fill(undefined);
  let f = 0;
  const first = (bars.openTimeMs[run.warmupIndex] as number) - 7 * 86_400_000;
  while (f < funding.length && (funding.timeMs[f] as number) < first) f++;
  for (let i = run.warmupIndex; i < run.endIndex; i++) {
    const t = bars.openTimeMs[i] as number;
    const close = t + bars.intervalMs;
    while (f < funding.length && (funding.timeMs[f] as number) <= close) {
      engine.pushFunding(funding.timeMs[f] as number, funding.rate[f] as number);
      f++;
    }
    const s = engine.pushBar({
      t,
      open: bars.open[i] as number,
      high: bars.high[i] as number,
      low: bars.low[i] as number,
      close: bars.close[i] as number,
    });
    signals[i] = s;
    br[i] = breadth([s]);
  }
  const series = { signals, breadth: br };
  byKey.set(key, series);
  return series;
}
