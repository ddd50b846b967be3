/**
 * Everything the policy evaluation reads about one market after its latest closed bar. Floats; NaN means
 * "not computable yet" (warm-up, or no funding observed). Raw, not adverse-oriented: the evaluation orients
 * them by the book's side.
 */
export type MarketSignals = {
  market: string;
  /** Open time of the latest closed bar (ms). */
  barTime: number;
  /** Close time of that bar (`barTime + barInterval`, ms): the data time staleness is measured from. */
  time: number;
  /** Bars seen so far. */
  bars: number;
  /** Warm-up done: every indicator the layers use (RSI, MACD signal line, EMA, volatility, drawdown) is defined. */
  stable: boolean;
  close: number;
  /** Close of the bar before (NaN on the first bar). */
  prevClose: number;
  /** RSI (Wilder smoothing), 0..100. */
  rsi: number;
  /** MACD line = EMA(fast) − EMA(slow), quote units. */
  macd: number;
  /** EMA(signal) of the MACD line. */
  macdSignal: number;
  /** MACD line − signal line. */
  macdHistogram: number;
  /**
   * Divergence vs price over the last `macdSlow` bars: bullish = the close makes a new low below every close
   * of that window while the MACD line stays above its lowest value of the window (momentum does not
   * confirm the low); bearish = a new high above every close of the window while the MACD line stays below
   * its highest value. Evidence only: no policy threshold reads it.
   */
  bullishDivergence: boolean;
  bearishDivergence: boolean;
  /** EMA(emaPeriod) of closes. */
  ema: number;
  /** close > EMA (false while the EMA is not defined). */
  aboveEma: boolean;
  /** close < EMA (false while the EMA is not defined). */
  belowEma: boolean;
  /** Annualised realised volatility: sample std of the last `volWindowBars` log returns × √(bars per 365-day year). */
  realisedVol: number;
  /** Signed move over `drawdownWindowBars`: close / close `drawdownWindowBars` bars earlier − 1. */
  move: number;
  /** Latest funding rate per funding interval (fraction, signed; positive = longs pay). NaN before the first. */
  fundingRate: number;
  /** z-score of the latest funding rate within the last `fundingWindow` observations (sample std; 0 if flat). */
  fundingZ: number;
  /** Time of the latest funding observation (ms; NaN before the first). */
  fundingTime: number;
};
