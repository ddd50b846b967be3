/** What one strategy did to one book over the run. Quote amounts in the settlement currency (e.g. USD). */
export type StrategyMetrics = {
  /** Maintenance-margin breaches (inside bars, from high/low); the first one liquidates, so 0 or 1. */
  breaches: number;
  liquidated: boolean;
  /** ISO time of the liquidation, null if none. */
  liquidatedAt: string | null;
  /** Smallest (value − requirement) / value seen at any bar's adverse extreme; ≤ 0 means breached. */
  minMarginBuffer: number;
  minMarginBufferAt: string | null;
  /** hedgeFees + hedgeFunding + pnlGivenUp: what protection cost (negative when it paid off). */
  hedgeCost: number;
  /** Taker fees and slippage on hedge trades (not the initial open, not liquidation). */
  hedgeFees: number;
  /** Funding paid because of the hedge: −(funding the hedged base would have paid unhedged). */
  hedgeFunding: number;
  /** P&L the hedged base would have made (positive: gains given up; negative: losses avoided). */
  pnlGivenUp: number;
  /** All funding paid by the account (negative = received). */
  fundingPaid: number;
  /** All taker fees and slippage, including the initial open. */
  feesPaid: number;
  liquidationPenalty: number;
  /** Share of traded bars with a hedge on, and the same in hours. */
  timeHedged: number;
  hoursHedged: number;
  maxHedgeRatio: number;
  /**
   * Deepest fall of equity (account value + unused reserve) below its running peak at the closes, as a share
   * of that peak; the trough is read at each bar's adverse extreme (and after a liquidation).
   */
  maxDrawdown: number;
  /** Executed trades (the initial open excluded) and margin top-ups. */
  trades: number;
  marginAdded: number;
  /** EmergencyModule calls the module's rules accepted and refused (0 without a module). */
  moduleActions: number;
  moduleReverts: number;
  /** Times each layer became active (entries into layer ≥ 1, ≥ 2, ≥ 3). */
  layerActivations: { l1: number; l2: number; l3: number };
  /** Account value + unused reserve at the last bar's close. */
  finalEquity: number;
  /** finalEquity / (collateral + reserve) − 1. */
  return: number;
};
