import type { Clients } from "../deploy/Clients.ts";
import type { PerpDeployment } from "../deploy/deployPerp.ts";
import { depositToVault } from "../deploy/depositToVault.ts";
import { fundSettlement } from "../devnet/fundSettlement.ts";

/** Mints `collateral` to the scenario trader and deposits it into the Vault (default 20 M). */
export async function prepareScenarioTrader(
  deployer: Clients,
  trader: Clients,
  perp: Pick<PerpDeployment, "settlementToken" | "vault">,
  collateral = 20_000_000n * 10n ** 18n,
): Promise<void> {
  await fundSettlement(deployer, perp, trader.walletClient.account.address, collateral);
  await depositToVault(trader, perp, collateral);
}
