import type { Hash, Hex, PublicClient } from "viem";
import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import type { PerpV2Venue } from "../venues/perp/PerpV2Venue.ts";
import type { Side, VenueSnapshot } from "../venues/Venue.ts";
import { executeSafeCalls, type SafeKitProvider, type SafeTarget } from "./executeSafeCalls.ts";
import { positionNotional } from "./positionNotional.ts";

export type OpenPositionParams = {
  /** Market symbol or base token. */
  market: string;
  side: Side;
  /** Leverage as a decimal number (5 = 5x): notional = collateral × leverage. */
  leverage: number;
  /** Collateral deposited first (settlement units, 18 decimals). */
  collateral: bigint;
};

/**
 * The Safe deposits `collateral` and opens `side` × `leverage` on `market` in ONE multi-signature Safe
 * transaction (approve + Vault.deposit + ClearingHouse.openPosition, encoded by the venue adapter from
 * hedge intents, batched through MultiSendCallOnly, signed by `ownerKeys` via protocol-kit).
 * The Safe must hold the collateral in settlement tokens. Returns the transaction hash and the state after.
 */
export async function openSafePosition(args: {
  provider: SafeKitProvider;
  publicClient: Pick<PublicClient, "waitForTransactionReceipt">;
  venue: PerpV2Venue;
  target: SafeTarget;
  ownerKeys: readonly Hex[];
  position: OpenPositionParams;
}): Promise<{ hash: Hash; snapshot: VenueSnapshot }> {
  const { venue, target, position } = args;
  const market = venue.market(position.market);
  const intents: HedgeIntent[] = [
    { kind: "addMargin", amount: position.collateral },
    { kind: "restore", market: market.id, notional: positionNotional(position.collateral, position.leverage) },
  ];
  const calls = await venue.encodeIntents(target.safe, intents, { bookSide: position.side });
  const hash = await executeSafeCalls({ ...args, calls });
  return { hash, snapshot: await venue.read([target.safe]) };
}
