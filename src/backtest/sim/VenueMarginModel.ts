/** How a venue margins, charges and liquidates a position; all ratios are fractions (0.0625 = 6.25 %). */
export type VenueMarginModel = {
  name: string;
  /** Liquidatable when account value < maintenanceRatio × |position notional|. */
  maintenanceRatio: number;
  /** A position opens only while account value ≥ initialRatio × |position notional|: leverage ≤ 1 / initialRatio. */
  initialRatio: number;
  /** Fee on every taker fill, share of the filled notional. */
  takerFee: number;
  /** Price impact on every fill, adverse to the trader (buy above, sell below the reference price). */
  slippage: number;
  /** Share of the liquidated notional taken from the account on liquidation. */
  liquidationPenalty: number;
  /** Funding interval the venue settles (seconds); rates in the funding file are per such interval. */
  fundingIntervalSec: number;
};

/**
 * Perpetual Protocol v2 ("Curie"), as deployed by `@perp/curie-contract@2.8.4`:
 * - maintenance ("minimum margin") ratio 6.25 % and liquidation penalty 2.5 %: `ClearingHouseConfig.initialize()`
 *   sets `_mmRatio = 0.0625e6` and `_liquidationPenaltyRatio = 0.025e6` (node_modules/@perp/curie-contract/
 *   contracts/ClearingHouseConfig.sol, lines 28–30; also read back as `getMmRatio() = 62500` on our devnet).
 * - initial-margin ratio 10 % (`_imRatio = 0.1e6`, the same file, line 28): at most 10x at the open.
 * - taker fee 0.10 % of position size in every pool (Perp's "How Perp Calculates Fees" post: "takers trading
 *   on Perp pay a fee equivalent to 0.10% of their position size"; our devnet sets `setFeeRatio(base, 1000)`).
 * - slippage 0.05 %: an assumption for a mid-size order in a deep pool, not a venue constant.
 * Perp v2 accrues funding continuously; the backtest charges the data file's 8-hour rates as discrete
 * payments, which is the same total over an interval. Perp v2 liquidates partially (a share of the position per
 * call); the backtester liquidates in full and keeps the book flat afterwards — the conservative reading.
 */
export const PERP_V2: VenueMarginModel = {
  name: "perp-v2",
  maintenanceRatio: 0.0625,
  initialRatio: 0.1,
  takerFee: 0.001,
  slippage: 0.0005,
  liquidationPenalty: 0.025,
  fundingIntervalSec: 8 * 3600,
};
