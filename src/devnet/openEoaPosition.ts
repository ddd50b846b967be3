import { maxUint256 } from "viem";
import type { Clients } from "../deploy/Clients.ts";
import type { PerpDeployment } from "../deploy/deployPerp.ts";
import { sendRaw, write } from "../deploy/tx.ts";
import type { PerpV2Venue } from "../venues/perp/PerpV2Venue.ts";
import { erc20Abi, vaultAbi } from "../venues/perp/perpAbis.ts";
import type { VenueSnapshot } from "../venues/Venue.ts";
import type { OpenPositionParams } from "./openSafePosition.ts";
import { positionNotional } from "./positionNotional.ts";

/**
 * A plain EOA (twin/comparison account, liquidator) deposits `collateral` and opens the position with its
 * own transactions, using the same adapter encoding as the Safe. The EOA must hold the settlement tokens.
 */
export async function openEoaPosition(args: {
  trader: Clients;
  perp: Pick<PerpDeployment, "settlementToken" | "vault">;
  venue: PerpV2Venue;
  position: OpenPositionParams;
}): Promise<VenueSnapshot> {
  const { trader, perp, venue, position } = args;
  const account = trader.walletClient.account.address;
  if (position.collateral > 0n) {
    await write(trader, {
      address: perp.settlementToken,
      abi: erc20Abi,
      functionName: "approve",
      args: [perp.vault, maxUint256],
    });
    await write(trader, {
      address: perp.vault,
      abi: vaultAbi,
      functionName: "deposit",
      args: [perp.settlementToken, position.collateral],
    });
  }
  const market = venue.market(position.market);
  const [call] = await venue.encodeIntents(
    account,
    [{ kind: "restore", market: market.id, notional: positionNotional(position.collateral, position.leverage) }],
    { bookSide: position.side },
  );
  if (call) await sendRaw(trader, call.to, call.data, call.value);
  return venue.read([account]);
}
