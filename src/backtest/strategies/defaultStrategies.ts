import type { Policy } from "../../policy/Policy.ts";
import type { StrategyFactory } from "../BacktestStrategy.ts";
import { alvh } from "./alvh.ts";
import { staticHedge } from "./staticHedge.ts";
import { stopLoss } from "./stopLoss.ts";
import { unhedged } from "./unhedged.ts";

export type StrategyOptions = {
  /** Hedge ratio of the static baseline (default 0.5). */
  staticRatio?: number;
  /** Stop-loss baseline trigger: margin ratio at k × maintenance (default 2). */
  stopK?: number;
};

/** The strategies every run compares, in output order: unhedged, static, stopLoss, alvh. */
export function defaultStrategies(policy: Policy, options: StrategyOptions = {}): StrategyFactory[] {
  return [unhedged, staticHedge(options.staticRatio ?? 0.5), stopLoss(options.stopK ?? 2), alvh(policy)];
}
