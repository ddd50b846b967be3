import type { MarketSignals } from "./MarketSignals.ts";

/**
 * Market breadth across tracked markets, as shares (0..1) of the markets counted. EMA shares count markets
 * whose EMA is defined; advancing/declining count markets with a previous close (close > / < previous
 * close: the advance/decline-line analogue). NaN when no market qualifies.
 */
export type Breadth = {
  /** Markets with a defined EMA. */
  markets: number;
  /** Share below their EMA (adverse breadth for a long book). */
  belowEma: number;
  /** Share above their EMA (adverse breadth for a short book). */
  aboveEma: number;
  /** Share whose last close rose. */
  advancing: number;
  /** Share whose last close fell. */
  declining: number;
};

export function breadth(markets: Iterable<MarketSignals>): Breadth {
  let withEma = 0;
  let below = 0;
  let above = 0;
  let withPrev = 0;
  let adv = 0;
  let dec = 0;
  for (const m of markets) {
    if (!Number.isNaN(m.ema)) {
      withEma++;
      if (m.belowEma) below++;
      if (m.aboveEma) above++;
    }
    if (m.prevClose > 0) {
      withPrev++;
      if (m.close > m.prevClose) adv++;
      else if (m.close < m.prevClose) dec++;
    }
  }
  return {
    markets: withEma,
    belowEma: withEma > 0 ? below / withEma : Number.NaN,
    aboveEma: withEma > 0 ? above / withEma : Number.NaN,
    advancing: withPrev > 0 ? adv / withPrev : Number.NaN,
    declining: withPrev > 0 ? dec / withPrev : Number.NaN,
  };
}
