import { maxUint256 } from "viem";
import type { Clients } from "../deploy/Clients.ts";
import type { PerpDeployment } from "../deploy/deployPerp.ts";
import { write } from "../deploy/tx.ts";
import { fundSettlement } from "../devnet/fundSettlement.ts";
import { erc20Abi, vaultAbi } from "../venues/perp/perpAbis.ts";

/** Mints `collateral` to the scenario trader and deposits it into the Vault (default 20 M). */
export async function prepareScenarioTrader(
  deployer: Clients,
  trader: Clients,
  perp: Pick<PerpDeployment, "settlementToken" | "vault">,
  collateral = 20_000_000n * 10n ** 18n,
): Promise<void> {
  await fundSettlement(deployer, perp, trader.walletClient.account.address, collateral);
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
    args: [perp.settlementToken, collateral],
  });
}
