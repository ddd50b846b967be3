import type { Address } from "viem";
import type { Clients } from "../deploy/Clients.ts";
import type { PerpDeployment } from "../deploy/deployPerp.ts";
import { write } from "../deploy/tx.ts";
import { erc20Abi } from "../venues/perp/perpAbis.ts";

/** Mints settlement tokens to `to` (the deployer owns the TestERC20; devnet faucet). */
export async function fundSettlement(
  deployer: Clients,
  perp: Pick<PerpDeployment, "settlementToken">,
  to: Address,
  amount: bigint,
): Promise<void> {
  await write(deployer, { address: perp.settlementToken, abi: erc20Abi, functionName: "mint", args: [to, amount] });
}
