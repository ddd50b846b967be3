import type { StrategyFactory } from "../BacktestStrategy.ts";
import type { MarginAccount } from "../sim/MarginAccount.ts";
import { priceAtMarginRatio } from "./priceAtMarginRatio.ts";

/**
 * Baseline: a stop order resting on the venue closes the whole position when the margin ratio
 * (value / notional) falls to `k ×` the maintenance ratio; the book then stays flat (no re-entry). A resting
 * order is known before the bar, so it fills inside the bar at its trigger (or the open, if the bar gaps
 * through it) ± slippage — the strongest form of this baseline.
 */
export function stopLoss(k: number, name = "stopLoss"): StrategyFactory {
  return {
    name,
    create: () => ({
      layer: 0,
      onBar: () => null,
      restingTrigger: (acc: MarginAccount) => stopPrice(acc, k),
    }),
  };
}

/** Price at which (cash + size·p) / (|size|·p) = k·mm, NaN when flat or unreachable. */
export function stopPrice(acc: MarginAccount, k: number): number {
  return priceAtMarginRatio(acc, k * acc.model.maintenanceRatio);
}
