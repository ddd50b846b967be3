import type { BookSettings } from "../policy/Policy.ts";

/** The settings fields a signal engine is built from, in key order. Books whose policies share them can share an engine. */
export const SIGNAL_PERIOD_FIELDS = [
  "rsiPeriod",
  "macdFast",
  "macdSlow",
  "macdSignal",
  "emaPeriod",
  "volWindowBars",
  "drawdownWindowBars",
  "fundingWindow",
  "barInterval",
] as const satisfies readonly (keyof BookSettings)[];

export type SignalPeriods = Pick<BookSettings, (typeof SIGNAL_PERIOD_FIELDS)[number]>;

/** A stable key of the periods (e.g. `engines.get(\`${market}|${signalPeriodsKey(s)}\`)`). */
export function signalPeriodsKey(s: SignalPeriods): string {
  return SIGNAL_PERIOD_FIELDS.map((k) => s[k]).join(",");
}

/** Bars needed before `MarketSignals.stable` (RSI, MACD signal line, EMA, volatility and drawdown windows). */
export function warmupBars(s: SignalPeriods): number {
  return Math.max(
    s.rsiPeriod + 1,
    s.macdSlow + s.macdSignal - 1,
    s.emaPeriod,
    s.volWindowBars + 1,
    s.drawdownWindowBars + 1,
  );
}
