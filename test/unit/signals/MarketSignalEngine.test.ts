import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import type { Bar } from "../../../src/signals/Bar.ts";
import { breadth } from "../../../src/signals/breadth.ts";
import { MarketSignalEngine } from "../../../src/signals/MarketSignalEngine.ts";
import type { MarketSignals } from "../../../src/signals/MarketSignals.ts";
import { SignalInputError } from "../../../src/signals/SignalInputError.ts";
import { type SignalPeriods, warmupBars } from "../../../src/signals/signalPeriods.ts";
import { toFloat, toUnits } from "../../../src/signals/toFloat.ts";

const H = 3_600_000;
const periods = (o: Partial<SignalPeriods> = {}): SignalPeriods => ({ ...defaultPolicy().settings, ...o });
const bar = (i: number, close: number): Bar => ({ t: i * H, open: close, high: close, low: close, close });
function feed(e: MarketSignalEngine, closes: number[]): MarketSignals[] {
  return closes.map((c, i) => e.pushBar(bar(i, c)));
}
/** Reference EMA seeded with the first value (the definition trading-signals uses). */
function emaSeries(xs: number[], n: number): number[] {
  const k = 2 / (n + 1);
  const out: number[] = [];
  for (const x of xs) out.push(out.length === 0 ? x : x * k + (out.at(-1) as number) * (1 - k));
  return out;
}

describe("MarketSignalEngine", () => {
  it("RSI (Wilder) of a hand-checked series", () => {
    const e = new MarketSignalEngine("ETH", periods({ rsiPeriod: 2 }));
    const s = feed(e, [1, 2, 3, 2]);
    expect(s[1]?.rsi).toBeNaN(); // needs period + 1 closes
    expect(s[2]?.rsi).toBe(100); // gains 1,1 / losses 0,0
    expect(s[3]?.rsi).toBeCloseTo(50, 12); // avgGain 0.5, avgLoss 0.5
    const down = feed(new MarketSignalEngine("X", periods({ rsiPeriod: 3 })), [10, 9, 8, 7, 6]);
    expect(down.at(-1)?.rsi).toBe(0);
  });

  it("EMA and MACD line/signal/histogram match a reference EMA computation", () => {
    const closes = [10, 11, 12, 11, 13, 14, 13, 15, 16, 15];
    const e = new MarketSignalEngine("ETH", periods({ macdFast: 2, macdSlow: 3, macdSignal: 2, emaPeriod: 3 }));
    const s = feed(e, closes);
    const fast = emaSeries(closes, 2);
    const slow = emaSeries(closes, 3);
    const lines = closes.map((_, i) => (fast[i] as number) - (slow[i] as number)).slice(2); // from the 3rd bar
    const signal = emaSeries(lines, 2);
    const last = s.at(-1) as MarketSignals;
    expect(last.macd).toBeCloseTo(lines.at(-1) as number, 12);
    expect(last.macdSignal).toBeCloseTo(signal.at(-1) as number, 12);
    expect(last.macdHistogram).toBeCloseTo((lines.at(-1) as number) - (signal.at(-1) as number), 12);
    expect(s[1]?.ema).toBeNaN();
    expect(s[2]?.ema).toBeCloseTo(emaSeries(closes, 3)[2] as number, 12);
    expect(last.ema).toBeCloseTo(emaSeries(closes, 3).at(-1) as number, 12);
    expect(last.belowEma).toBe(15 < last.ema);
    expect(last.aboveEma).toBe(15 > last.ema);
  });

  it("realised volatility: 0 for a constant-return series, hand-computed for alternating returns", () => {
    const p = periods({ volWindowBars: 4 });
    const constant = feed(new MarketSignalEngine("A", p), [100, 101, 102.01, 103.0301, 104.060401, 105.10100501]);
    expect(constant[3]?.realisedVol).toBeNaN(); // 3 returns < window
    expect(constant.at(-1)?.realisedVol).toBeCloseTo(0, 9);
    const a = Math.log(1.02);
    const alt = [100, 100 * Math.exp(a), 100, 100 * Math.exp(a), 100];
    const s = feed(new MarketSignalEngine("B", p), alt).at(-1) as MarketSignals;
    // returns a, −a, a, −a: mean 0, sample variance 4a²/3; hourly bars → × √8760
    expect(s.realisedVol).toBeCloseTo(a * Math.sqrt(4 / 3) * Math.sqrt(8760), 9);
  });

  it("drawdown move over the window", () => {
    const s = feed(new MarketSignalEngine("A", periods({ drawdownWindowBars: 4 })), [100, 100, 100, 100, 90]);
    expect(s[3]?.move).toBeNaN();
    expect(s[4]?.move).toBeCloseTo(-0.1, 12);
  });

  it("funding level and z-score with their own timestamps", () => {
    const e = new MarketSignalEngine("A", periods({ fundingWindow: 3 }));
    e.pushFunding(1, 0.0001);
    feed(e, [100]);
    expect(e.latest?.fundingZ).toBeNaN(); // one observation
    e.pushFunding(2, 0.0001);
    e.pushFunding(3, 0.0004);
    expect(e.latest?.fundingRate).toBe(0.0004);
    expect(e.latest?.fundingTime).toBe(3);
    // mean 2e-4, sample std √3·1e-4 → z = 2/√3
    expect(e.latest?.fundingZ).toBeCloseTo(2 / Math.sqrt(3), 9);
    e.pushFunding(4, 0.0004);
    e.pushFunding(5, 0.0004);
    expect(e.latest?.fundingZ).toBe(0); // flat window
    expect(() => e.pushFunding(5, 0)).toThrow(SignalInputError);
  });

  it("MACD divergence: a new low that momentum does not confirm is bullish; an accelerating fall is not", () => {
    const p = periods({ macdFast: 3, macdSlow: 6, macdSignal: 3 });
    // sharp crash, long sideways base, then a marginal new low
    const crash = [100, 100, 100, 100, 100, 100, 100, 80, 70, 65, 66, 67, 66, 67, 66, 67, 66, 64.9];
    expect(feed(new MarketSignalEngine("A", p), crash).at(-1)?.bullishDivergence).toBe(true);
    const accel = Array.from({ length: 18 }, (_, i) => 100 - i * i * 0.2);
    const s = feed(new MarketSignalEngine("B", p), accel);
    expect(s.some((x) => x.bullishDivergence)).toBe(false);
    const rally = crash.map((c) => 20000 / c);
    expect(feed(new MarketSignalEngine("C", p), rally).at(-1)?.bearishDivergence).toBe(true);
  });

  it("warm-up: stable exactly after warmupBars bars; bars must be strictly increasing", () => {
    const p = periods();
    const n = warmupBars(p);
    expect(n).toBe(50); // default: EMA(50) dominates MACD 26+9−1 = 34
    const s = feed(
      new MarketSignalEngine("A", p),
      Array.from({ length: n }, (_, i) => 100 + Math.sin(i)),
    );
    expect(s[n - 2]?.stable).toBe(false);
    expect(s[n - 1]?.stable).toBe(true);
    expect(s[n - 1]?.time).toBe((n - 1) * H + H);
    const e = new MarketSignalEngine("B", p);
    e.pushBar(bar(1, 100));
    expect(() => e.pushBar(bar(1, 100))).toThrow(SignalInputError);
    expect(() => e.pushBar(bar(2, Number.NaN))).toThrow(SignalInputError);
    expect(() => new MarketSignalEngine("C", periods({ macdFast: 26 }))).toThrow(SignalInputError);
  });

  it("breadth: shares below/above EMA and advancing/declining", () => {
    const mk = (close: number, prevClose: number, ema: number) =>
      ({ close, prevClose, ema, belowEma: close < ema, aboveEma: close > ema }) as MarketSignals;
    const b = breadth([mk(90, 95, 100), mk(95, 94, 100), mk(110, 111, 100), mk(100, Number.NaN, Number.NaN)]);
    expect(b.markets).toBe(3);
    expect(b.belowEma).toBeCloseTo(2 / 3, 12);
    expect(b.aboveEma).toBeCloseTo(1 / 3, 12);
    expect(b.advancing).toBeCloseTo(1 / 3, 12);
    expect(b.declining).toBeCloseTo(2 / 3, 12);
    expect(breadth([]).belowEma).toBeNaN();
  });

  it("toFloat / toUnits: the one bigint ↔ float conversion", () => {
    expect(toFloat(1_500_000_000_000_000_000n)).toBe(1.5);
    expect(toFloat(-2_250_000_000_000_000_000n)).toBe(-2.25);
    expect(toFloat(123n, 2)).toBe(1.23);
    expect(toUnits(1.5)).toBe(1_500_000_000_000_000_000n);
    expect(toUnits(-0.25, 6)).toBe(-250_000n);
    expect(toUnits(1e21)).toBe(10n ** 39n);
    expect(() => toUnits(Number.NaN)).toThrow(SignalInputError);
  });
});
