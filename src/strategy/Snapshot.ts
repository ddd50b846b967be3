import type { Breadth } from "../signals/breadth.ts";
import type { MarketSignals } from "../signals/MarketSignals.ts";
import type { BookSnapshot } from "./BookSnapshot.ts";

/**
 * Everything one strategy step reads: the signals of every tracked market (computed with the books' signal
 * periods — one engine per market and `signalPeriodsKey`), breadth across them, an optional implied
 * volatility index (fraction, 0.8 = 80 %), and the books.
 */
export type Snapshot = {
  /** When the snapshot was assembled (ms). Staleness is judged from each input's own time, not this. */
  time: number;
  markets: ReadonlyMap<string, MarketSignals>;
  breadth: Breadth;
  impliedVol?: number | undefined;
  books: readonly BookSnapshot[];
};
