import type { BookSettings } from "../policy/Policy.ts";

/** The settings fields a signal engine is built from. Books whose policies share them can share an engine. */
export type SignalPeriods = Pick<
  BookSettings,
  | "rsiPeriod"
  | "macdFast"
  | "macdSlow"
  | "macdSignal"
  | "emaPeriod"
  | "volWindowBars"
  | "drawdownWindowBars"
  | "fundingWindow"
  | "barInterval"
>;

/** The fields of `SignalPeriods`, in key order. */
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
] as const satisfies readonly (keyof SignalPeriods)[];

/** A stable key of the periods (e.g. `engines.get(\`${market}|${signalPeriodsKey(s)}\`)`). */
export function signalPeriodsKey(s: SignalPeriods): string {
  return [
    s.rsiPeriod,
    s.macdFast,
    s.macdSlow,
    s.macdSignal,
    s.emaPeriod,
    s.volWindowBars,
    s.drawdownWindowBars,
    s.fundingWindow,
    s.barInterval,
  ].join(",");
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
