import type { Bars } from "../../../src/backtest/data/Bars.ts";
import type { Funding } from "../../../src/backtest/data/Funding.ts";

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2021, 4, 1);

/** Hourly bars from [open, high, low, close] rows starting at T0. */
export function bars(rows: readonly (readonly [number, number, number, number])[]): Bars {
  const n = rows.length;
  const col = (k: number) => Float64Array.from(rows, (r) => r[k] as number);
  return {
    file: "synthetic.csv",
    intervalMs: HOUR,
    length: n,
    openTimeMs: Float64Array.from(rows, (_r, i) => T0 + i * HOUR),
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    volume: new Float64Array(n).fill(1),
    gaps: [],
  };
}

/** Bars that open at the previous close and move by `closes`, with a ±`wick` share for high/low. */
export function path(closes: readonly number[], wick = 0.002): Bars {
  let prev = closes[0] as number;
  return bars(
    closes.map((c) => {
      const o = prev;
      prev = c;
      return [o, Math.max(o, c) * (1 + wick), Math.min(o, c) * (1 - wick), c] as const;
    }),
  );
}

export function funding(events: readonly (readonly [number, number])[] = []): Funding {
  return {
    file: "synthetic-funding.csv",
    length: events.length,
    timeMs: Float64Array.from(events, (e) => e[0]),
    rate: Float64Array.from(events, (e) => e[1]),
    intervalHours: new Float64Array(events.length).fill(8),
  };
}
