import type { Hash } from "viem";
import type { Clients } from "../deploy/Clients.ts";
import type { PerpDeployment } from "../deploy/deployPerp.ts";
import { depositToVault } from "../deploy/depositToVault.ts";
import { sendRaw } from "../deploy/tx.ts";
import type { PerpV2Venue } from "../venues/perp/PerpV2Venue.ts";
import type { VenueSnapshot } from "../venues/Venue.ts";
import type { OpenPositionParams } from "./openSafePosition.ts";
import { positionNotional } from "./positionNotional.ts";

/**
 * A plain EOA (twin/comparison account, liquidator) deposits `collateral` and opens the position with its
 * own transactions, using the same adapter encoding as the Safe. The EOA must hold the settlement tokens.
 * Returns the trade's transaction hash.
 */
export async function openEoaPosition(args: {
  trader: Clients;
  perp: Pick<PerpDeployment, "settlementToken" | "vault">;
  venue: PerpV2Venue;
  position: OpenPositionParams;
  /** Market prices to encode against (e.g. `venue.read([])`); read when absent. */
  snapshot?: VenueSnapshot;
}): Promise<Hash | undefined> {
  const { trader, perp, venue, position } = args;
  const account = trader.walletClient.account.address;
  if (position.collateral > 0n) {
    await depositToVault(trader, perp, position.collateral);
  }
  const market = venue.market(position.market);
  const [call] = await venue.encodeIntents(
    account,
    [{ kind: "restore", market: market.id, notional: positionNotional(position.collateral, position.leverage) }],
    { bookSide: position.side, ...(args.snapshot ? { snapshot: args.snapshot } : {}) },
  );
  return call ? sendRaw(trader, call.to, call.data, call.value) : undefined;
}
