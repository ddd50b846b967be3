import type { Policy } from "../policy/Policy.ts";
import { BacktestInputError } from "./BacktestInputError.ts";
import type { Bars } from "./data/Bars.ts";

/**
 * The keeper computes a policy's signals on bars of its `settings.barInterval`; a backtest on bars of another
 * length would time every indicator, staleness and vol annualisation differently from the shipped keeper.
 */
export function checkBarInterval(policy: Policy, bars: Bars): void {
  const want = policy.settings.barInterval * 1000;
  if (want === bars.intervalMs) return;
  const fmt = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`);
  throw new BacktestInputError(`the policy's bar interval (${fmt(want)}) is not the data's (${fmt(bars.intervalMs)})`, {
    metaMessages: [
      `${bars.file}: ${fmt(bars.intervalMs)} bars; policy settings.barInterval ${fmt(want)}`,
      `the keeper computes the signals on ${fmt(want)} bars: backtest on ${fmt(want)} data, or set barInterval to ${fmt(bars.intervalMs)}`,
    ],
  });
}
