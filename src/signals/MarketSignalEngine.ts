import { EMA, MACD, RSI } from "trading-signals";
import type { Bar } from "./Bar.ts";
import type { MarketSignals } from "./MarketSignals.ts";
import { RingBuffer } from "./RingBuffer.ts";
import { SignalInputError } from "./SignalInputError.ts";
import { SIGNAL_PERIOD_FIELDS, type SignalPeriods, warmupBars } from "./signalPeriods.ts";

const SECONDS_PER_YEAR = 365 * 24 * 3600;

/**
 * Streaming signals of one market, fed one closed bar at a time (and funding observations separately).
 * RSI, MACD and EMA come from trading-signals; volatility, drawdown move, divergence and funding z-score are
 * computed here over fixed ring buffers. Pure: no clock, no I/O; the same bars always give the same output.
 */
export class MarketSignalEngine {
  readonly market: string;
  readonly periods: SignalPeriods;
  readonly warmup: number;
  #rsi: RSI;
  #macd: MACD;
  #ema: EMA;
  #barMs: number;
  #annualise: number;
  #bars = 0;
  #lastT = Number.NEGATIVE_INFINITY;
  #prevClose = Number.NaN;
  #logReturns: RingBuffer;
  #closes: RingBuffer;
  #divCloses: RingBuffer;
  #divMacd: RingBuffer;
  #funding: RingBuffer;
  #fundingRate = Number.NaN;
  #fundingZ = Number.NaN;
  #fundingTime = Number.NaN;
  #ext = { max: 0, min: 0 };
  #latest: MarketSignals | undefined;

  constructor(market: string, periods: SignalPeriods) {
    // Only the periods: callers pass a whole BookSettings, whose other fields may be 0 (e.g. referenceBufferPpm).
    for (const k of SIGNAL_PERIOD_FIELDS) {
      const v = periods[k];
      if (!Number.isInteger(v) || v < 1) {
        throw new SignalInputError("Signal period must be a positive integer", { metaMessages: [`${k}: ${v}`] });
      }
    }
    if (periods.macdFast >= periods.macdSlow) {
      throw new SignalInputError("MACD fast period must be shorter than the slow period", {
        metaMessages: [`macdFast: ${periods.macdFast}, macdSlow: ${periods.macdSlow}`],
      });
    }
    this.market = market;
    this.periods = { ...periods };
    this.warmup = warmupBars(periods);
    this.#rsi = new RSI(periods.rsiPeriod);
    this.#macd = new MACD(new EMA(periods.macdFast), new EMA(periods.macdSlow), new EMA(periods.macdSignal));
    this.#ema = new EMA(periods.emaPeriod);
    this.#barMs = periods.barInterval * 1000;
    this.#annualise = Math.sqrt(SECONDS_PER_YEAR / periods.barInterval);
    this.#logReturns = new RingBuffer(periods.volWindowBars);
    this.#closes = new RingBuffer(periods.drawdownWindowBars + 1);
    this.#divCloses = new RingBuffer(periods.macdSlow);
    this.#divMacd = new RingBuffer(periods.macdSlow);
    this.#funding = new RingBuffer(periods.fundingWindow);
  }

  /** Signals after the latest bar (undefined before the first bar). */
  get latest(): MarketSignals | undefined {
    return this.#latest;
  }

  /** Feed the next closed bar (strictly increasing `t`); returns the market's signals after it. */
  pushBar(bar: Bar): MarketSignals {
    const { t, close } = bar;
    if (!(t > this.#lastT)) {
      throw new SignalInputError("Bars must arrive in strictly increasing time order", {
        metaMessages: [`market: ${this.market}`, `bar time: ${t}, previous bar time: ${this.#lastT}`],
      });
    }
    if (!(close > 0) || !Number.isFinite(close)) {
      throw new SignalInputError("Bar close must be a positive finite number", {
        metaMessages: [`market: ${this.market}`, `bar time: ${t}, close: ${close}`],
      });
    }
    this.#lastT = t;
    this.#bars++;
    const prevClose = this.#prevClose;

    const rsi = this.#rsi.update(close, false) ?? Number.NaN;
    const m = this.#macd.update(close, false);
    const ema = this.#ema.update(close, false);
    const emaReady = this.#bars >= this.periods.emaPeriod;
    const macdReady = this.#bars >= this.periods.macdSlow + this.periods.macdSignal - 1;
    const macd = m === null ? Number.NaN : m.macd;
    const macdSignal = macdReady && m !== null ? m.signal : Number.NaN;
    const macdHistogram = macdReady && m !== null ? m.histogram : Number.NaN;

    // Divergence: compare with the previous macdSlow closes / MACD values (before pushing the current ones).
    let bullishDivergence = false;
    let bearishDivergence = false;
    if (this.#divMacd.full && m !== null) {
      const ext = this.#ext;
      this.#divCloses.extremes(ext);
      const closeMax = ext.max;
      const closeMin = ext.min;
      this.#divMacd.extremes(ext);
      bearishDivergence = close > closeMax && macd < ext.max;
      bullishDivergence = close < closeMin && macd > ext.min;
    }
    if (m !== null) {
      this.#divCloses.push(close);
      this.#divMacd.push(macd);
    }

    if (prevClose > 0) this.#logReturns.push(Math.log(close / prevClose));
    const realisedVol = this.#logReturns.full ? this.#logReturns.std() * this.#annualise : Number.NaN;

    this.#closes.push(close);
    const move = this.#closes.full ? close / this.#closes.back(this.periods.drawdownWindowBars) - 1 : Number.NaN;

    this.#prevClose = close;
    const signals: MarketSignals = {
      market: this.market,
      barTime: t,
      time: t + this.#barMs,
      bars: this.#bars,
      stable: this.#bars >= this.warmup,
      close,
      prevClose,
      rsi,
      macd,
      macdSignal,
      macdHistogram,
      bullishDivergence,
      bearishDivergence,
      ema: emaReady ? ema : Number.NaN,
      aboveEma: emaReady && close > ema,
      belowEma: emaReady && close < ema,
      realisedVol,
      move,
      fundingRate: this.#fundingRate,
      fundingZ: this.#fundingZ,
      fundingTime: this.#fundingTime,
    };
    this.#latest = signals;
    return signals;
  }

  /**
   * Feed a funding observation (rate per funding interval as a fraction, e.g. 0.0001 = 0.01 %) with its own
   * timestamp (ms, strictly increasing). It shows in the signals of the next bar (and in `latest` at once).
   */
  pushFunding(t: number, rate: number): void {
    if (!(t > this.#fundingTime) && !Number.isNaN(this.#fundingTime)) {
      throw new SignalInputError("Funding observations must arrive in strictly increasing time order", {
        metaMessages: [`market: ${this.market}`, `time: ${t}, previous: ${this.#fundingTime}`],
      });
    }
    if (!Number.isFinite(rate) || !Number.isFinite(t)) {
      throw new SignalInputError("Funding rate and time must be finite numbers", {
        metaMessages: [`market: ${this.market}`, `time: ${t}, rate: ${rate}`],
      });
    }
    this.#funding.push(rate);
    const { mean, std } = this.#funding.meanStd();
    this.#fundingRate = rate;
    this.#fundingTime = t;
    this.#fundingZ = Number.isNaN(std) ? Number.NaN : std === 0 ? 0 : (rate - mean) / std;
    if (this.#latest !== undefined) {
      this.#latest = { ...this.#latest, fundingRate: rate, fundingZ: this.#fundingZ, fundingTime: t };
    }
  }
}
