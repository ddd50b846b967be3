import type { StrategyFactory } from "../BacktestStrategy.ts";

/** Baseline: hold the position, never hedge. */
export const unhedged: StrategyFactory = {
  name: "unhedged",
  create: () => ({ layer: 0, onBar: () => null }),
};
