import { BacktestInputError } from "../BacktestInputError.ts";
import type { StrategyFactory } from "../BacktestStrategy.ts";
import type { MarginAccount } from "../sim/MarginAccount.ts";
import { priceAtMarginRatio } from "./priceAtMarginRatio.ts";

export type DeleverageOptions = {
  /** Margin buffer ((value − requirement) / value) at which the resting trigger fires; default 0.5. */
  trigger?: number;
  /** Margin buffer the cut restores, after fees and slippage; default 0.7. */
  target?: number;
  name?: string;
};

/**
 * Baseline: automated deleverage as lending automation offers it (DeFi Saver's "repay to ratio"). A trigger
 * resting on the venue fires when the margin buffer falls to `trigger` and sells (a long; buys back a short)
 * just enough of the position to bring the buffer back to `target` at the fill, fees and slippage included.
 * It re-arms after every cut (repeatable, also inside one bar) and never adds exposure back. Filled like the
 * stop-loss: inside the bar at the trigger price, at the open when the bar gaps through it, ± slippage.
 */
export function deleverage(options: DeleverageOptions = {}): StrategyFactory {
  const trigger = options.trigger ?? 0.5;
  const target = options.target ?? 0.7;
  if (!(trigger > 0 && trigger < 1 && target > trigger && target < 1)) {
    throw new BacktestInputError("invalid deleverage baseline", {
      metaMessages: [`trigger ${trigger}, target ${target} (need 0 < trigger < target < 1)`],
    });
  }
  return {
    name: options.name ?? "deleverage",
    create: () => ({
      layer: 0,
      onBar: () => null,
      restingTrigger: (acc: MarginAccount) => priceAtMarginRatio(acc, acc.model.maintenanceRatio / (1 - trigger)),
      restingTarget: (acc: MarginAccount, price: number) => sizeRestoringBuffer(acc, price, target),
    }),
  };
}

/**
 * The |position| to keep so that the buffer at `price` is `target` after cutting the rest at `price`
 * ± slippage with the taker fee. Cutting Δ base at reference price p lowers the value by Δ·p·c, where c is the
 * fill's cost share (1 − (1 − s)(1 − f) selling, (1 + s)(1 + f) − 1 buying back), and the requirement by
 * mm·Δ·p; solving mm·(S − Δ)·p = (1 − target)·(V − Δ·p·c) for Δ gives
 * Δ = (mm·S·p − (1 − target)·V) / (p·(mm − (1 − target)·c)). 0 when the whole position must go.
 */
export function sizeRestoringBuffer(acc: MarginAccount, price: number, target: number): number {
  const S = Math.abs(acc.size);
  if (S === 0) return 0;
  const { maintenanceRatio: mm, slippage: s, takerFee: f } = acc.model;
  const c = acc.size > 0 ? 1 - (1 - s) * (1 - f) : (1 + s) * (1 + f) - 1;
  const V = acc.value(price);
  const denominator = price * (mm - (1 - target) * c);
  if (!(V > 0) || !(denominator > 0)) return 0;
  const cut = (mm * S * price - (1 - target) * V) / denominator;
  if (cut <= 0) return S;
  return cut >= S ? 0 : S - cut;
}
