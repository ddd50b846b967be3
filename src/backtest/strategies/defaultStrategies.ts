import type { Policy } from "../../policy/Policy.ts";
import type { StrategyFactory } from "../BacktestStrategy.ts";
import { alvh } from "./alvh.ts";
import { deleverage } from "./deleverage.ts";
import { staticHedge } from "./staticHedge.ts";
import { stopLoss } from "./stopLoss.ts";
import { unhedged } from "./unhedged.ts";

export type StrategyOptions = {
  /** Hedge ratio of the static baseline (default 0.5). */
  staticRatio?: number;
  /** Stop-loss baseline trigger: margin ratio at k × maintenance (default 2). */
  stopK?: number;
  /** Deleverage baseline: margin buffer that triggers a cut (default 0.5) and the buffer it restores (0.7). */
  deleverageTrigger?: number;
  deleverageTarget?: number;
};

/** The baselines every run compares, in output order: unhedged, static, stopLoss, deleverage. */
export function baselines(options: StrategyOptions = {}): StrategyFactory[] {
  return [
    unhedged,
    staticHedge(options.staticRatio ?? 0.5),
    stopLoss(options.stopK ?? 2),
    deleverage({
      ...(options.deleverageTrigger === undefined ? {} : { trigger: options.deleverageTrigger }),
      ...(options.deleverageTarget === undefined ? {} : { target: options.deleverageTarget }),
    }),
  ];
}

/** The strategies every run compares, in output order: unhedged, static, stopLoss, deleverage, alvh. */
export function defaultStrategies(policy: Policy, options: StrategyOptions = {}): StrategyFactory[] {
  return [...baselines(options), alvh(policy)];
}
