import { loadBars } from "../backtest/data/loadBars.ts";
import type { StoredBar } from "../store/types.ts";
import { SourceError } from "./SourceError.ts";

export type CsvWindow = {
  /** Inclusive lower bound on the bar open time (ms since epoch). */
  fromMs?: number;
  /** Exclusive upper bound on the bar open time (ms since epoch). */
  toMs?: number;
};

/**
 * Bars of a CSV in the shared data layout (`open_time_ms, open_time_utc, open, high, low, close, volume_base,
 * …`), read by the backtester's strict loader (`loadBars`: strictly increasing times on the bar grid, so a
 * duplicated timestamp is rejected; consistent OHLC), as the keeper's `StoredBar`s within `window`.
 */
export function readPriceCsv(file: string, window: CsvWindow = {}): StoredBar[] {
  let bars: ReturnType<typeof loadBars>;
  try {
    bars = loadBars(file);
  } catch (cause) {
    throw new SourceError("Cannot read price CSV", { metaMessages: [`file: ${file}`], cause });
  }
  const from = window.fromMs ?? Number.NEGATIVE_INFINITY;
  const to = window.toMs ?? Number.POSITIVE_INFINITY;
  const out: StoredBar[] = [];
  for (let k = 0; k < bars.length; k++) {
    const t = bars.openTimeMs[k] as number;
    if (t < from || t >= to) continue;
    out.push({
      t,
      open: bars.open[k] as number,
      high: bars.high[k] as number,
      low: bars.low[k] as number,
      close: bars.close[k] as number,
    });
  }
  return out;
}
