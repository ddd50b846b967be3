import type { MarginAccount } from "../sim/MarginAccount.ts";

/**
 * Price at which the account's margin ratio (value / notional = (cash + size·p) / (|size|·p)) equals `r`, NaN
 * when flat or when no positive price reaches it. The margin buffer (value − requirement) / value equals
 * `1 − mm / r` there, so a buffer trigger `T` is the ratio `mm / (1 − T)`.
 */
export function priceAtMarginRatio(acc: MarginAccount, r: number): number {
  if (acc.size > 0) {
    const p = -acc.cash / (acc.size * (1 - r));
    return p > 0 ? p : Number.NaN;
  }
  if (acc.size < 0) {
    const p = acc.cash / (-acc.size * (1 + r));
    return p > 0 ? p : Number.NaN;
  }
  return Number.NaN;
}
