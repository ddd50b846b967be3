import type { Decision, StrategyFactory } from "../BacktestStrategy.ts";

/**
 * Baseline: hedge a fixed share of the position from the first close onwards and keep it (the proposal waits
 * for the signers like any other). Its cost is the plain price of always-on protection.
 */
export function staticHedge(ratio: number, name = "static"): StrategyFactory {
  return {
    name,
    create: () => {
      let sent = false;
      return {
        layer: 0,
        onBar: (): Decision | null => {
          if (sent) return null;
          sent = true;
          return { targetHedgeRatio: ratio, addMargin: 0, urgent: false };
        },
      };
    },
  };
}
