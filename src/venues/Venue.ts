import type { Address, Hex } from "viem";
import type { HedgeIntent } from "../planner/HedgeIntent.ts";

/**
 * The one interface through which the keeper sees and acts on a perp venue.
 *
 * Units: every amount is a `bigint` with the decimals stated on the field — prices and quote values in
 * `quoteDecimals` (18 for Perp v2), sizes in base units (18 decimals), ratios in ppm (1_000_000 = 100 %).
 * Signs: positive size = long. `pendingFunding` > 0 means the account owes funding (Perp v2's convention).
 *
 * Reads are batched: `read()` of any number of accounts costs a constant number of RPC requests
 * (Perp v2: one Multicall3 `aggregate3` eth_call per chunk of accounts, carried in one JSON-RPC batch).
 *
 * Where other venues plug in (implement this interface in src/venues/<venue>/):
 * - GMX v2: `read()` → `Reader.getPositionInfo(dataStore, referralStorage, positionKey, prices, …)` per
 *   position (size in USD, collateral, pending funding/borrowing fees, PnL) batched through Multicall3;
 *   `breached` ← `Reader.isPositionLiquidatable(…)`; `maintenanceRequirement` ← the market's
 *   `minCollateralFactor` × size; mark/index ← the oracle prices passed to the Reader.
 *   `encodeIntents()` → ExchangeRouter.multicall([sendWnt, sendTokens, createOrder(MarketDecrease/Increase)])
 *   (orders are executed asynchronously by GMX keepers).
 * - Synthetix v3 perps: `accountValue` ← `PerpsMarketProxy.getAvailableMargin(accountId)`;
 *   `maintenanceRequirement` ← `getRequiredMargins(accountId).requiredMaintenanceMargin`;
 *   `breached` ← `canLiquidate(accountId)`; positions ← `getOpenPosition(accountId, marketId)`;
 *   `encodeIntents()` → `modifyCollateral` (add/remove margin) and `commitOrder` (reduce/hedge). Accounts are
 *   NFT ids owned by the Safe, so `account` maps to an account id.
 * - Hyperliquid (off-chain L1, no Safe calls): `read()` ← info API `clearinghouseState` for each user
 *   (`marginSummary.accountValue`, `crossMaintenanceMarginUsed`, per position `szi`, `positionValue`,
 *   `liquidationPx`, `cumFunding`); mark/index ← `metaAndAssetCtxs` (markPx, oraclePx). `encodeIntents()`
 *   has no Safe form there: an adapter would return signed exchange actions instead, so it would implement
 *   the read half and a different executor.
 */
export interface Venue {
  /** Human name, e.g. "perp-v2". */
  readonly name: string;
  /** Decimals of prices, quote values and margin amounts. */
  readonly quoteDecimals: number;
  /** The markets this adapter tracks. */
  readonly markets: readonly VenueMarket[];
  /**
   * Reads every account and every tracked market at one block: `options.blockNumber` when given (every
   * request of the read is then sent at once), else the latest.
   */
  read(accounts: readonly Address[], options?: { blockNumber?: bigint | undefined }): Promise<VenueSnapshot>;
  /**
   * Encodes hedge intents into calls for one Safe transaction (execute them in order, e.g. via MultiSendCallOnly).
   * The trade direction comes from the account's current positions (`options.snapshot`, read if absent) and
   * `options.bookSide` (the book's own direction; inferred from its largest position when absent).
   */
  encodeIntents(account: Address, intents: readonly HedgeIntent[], options?: EncodeOptions): Promise<SafeCall[]>;
}

export type Side = "long" | "short";

export type VenueMarket = {
  /** The venue's market id (Perp v2: base token address). */
  id: Address;
  symbol: string;
};

/** One call of a Safe transaction. `operation` 0 = CALL, 1 = DELEGATECALL (never produced by adapters). */
export type SafeCall = { to: Address; value: bigint; data: Hex; operation: 0 | 1 };

export type EncodeOptions = {
  /** A recent snapshot containing `account` (positions and mark prices); read when absent. */
  snapshot?: VenueSnapshot;
  bookSide?: Side;
  /** Slippage tolerance for trades (ppm of notional). Default 10_000 (1 %). */
  slippagePpm?: number;
  /** Trade deadline (unix seconds). Default: max uint256. */
  deadline?: bigint;
};

export type PositionState = {
  market: Address;
  /** Signed base size (18 decimals), positive = long. */
  size: bigint;
  /** |size| × mark (quote decimals). */
  notional: bigint;
  /** Signed open notional (quote decimals); negative for a long (quote paid). */
  openNotional: bigint;
  /**
   * Estimated mark price at which the account reaches its maintenance requirement if only this market
   * moves (quote decimals); `null` when no positive price would breach it. Ignores funding and fees.
   */
  liquidationPrice: bigint | null;
};

export type AccountState = {
  account: Address;
  /** Non-zero positions in tracked markets. */
  positions: PositionState[];
  /** Collateral + unrealised PnL − pending funding (quote decimals, signed). */
  accountValue: bigint;
  /** Maintenance margin requirement (quote decimals). */
  maintenanceRequirement: bigint;
  /** accountValue − maintenanceRequirement (quote decimals, signed). */
  marginDistance: bigint;
  /** marginDistance / accountValue in ppm (1_000_000 when flat; ≤ 0 when breached or value ≤ 0). */
  marginBufferPpm: bigint;
  /** The venue's own liquidation condition holds (Perp v2: accountValue < maintenanceRequirement). */
  breached: boolean;
  /** Funding owed across markets (quote decimals; > 0 = the account pays). */
  pendingFunding: bigint;
  /** Collateral withdrawable / usable for new positions (quote decimals). */
  freeCollateral: bigint;
};

export type MarketState = {
  market: Address;
  symbol: string;
  /** Venue mark price (quote decimals). */
  markPrice: bigint;
  /** Oracle index price (quote decimals). */
  indexPrice: bigint;
  /** Price a trade executes at now, before impact (Perp v2: AMM spot; GMX: oracle; Hyperliquid: mid). */
  spotPrice: bigint;
};

export type VenueSnapshot = {
  blockNumber: bigint;
  /** Block timestamp (unix seconds). */
  timestamp: bigint;
  /** Maintenance margin ratio (ppm). */
  maintenanceRatioPpm: bigint;
  accounts: AccountState[];
  markets: MarketState[];
};
