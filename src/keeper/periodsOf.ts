import type { Policy } from "../policy/Policy.ts";
import type { SignalPeriods } from "../signals/signalPeriods.ts";

/** The signal periods a policy's settings ask for (a market feed keeps one engine per set). */
export const periodsOf = (s: Policy["settings"]): SignalPeriods => ({
  rsiPeriod: s.rsiPeriod,
  macdFast: s.macdFast,
  macdSlow: s.macdSlow,
  macdSignal: s.macdSignal,
  emaPeriod: s.emaPeriod,
  volWindowBars: s.volWindowBars,
  drawdownWindowBars: s.drawdownWindowBars,
  fundingWindow: s.fundingWindow,
  barInterval: s.barInterval,
});
