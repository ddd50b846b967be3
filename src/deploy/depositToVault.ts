import { maxUint256 } from "viem";
import { erc20Abi, vaultAbi } from "../venues/perp/perpAbis.ts";
import type { Clients } from "./Clients.ts";
import type { PerpDeployment } from "./deployPerp.ts";
import { write } from "./tx.ts";

/** An EOA's collateral into its Perp v2 Vault account: `approve(vault, max)` then `deposit(token, amount)`. */
export async function depositToVault(
  owner: Clients,
  perp: Pick<PerpDeployment, "settlementToken" | "vault">,
  amount: bigint,
): Promise<void> {
  await write(owner, {
    address: perp.settlementToken,
    abi: erc20Abi,
    functionName: "approve",
    args: [perp.vault, maxUint256],
  });
  await write(owner, {
    address: perp.vault,
    abi: vaultAbi,
    functionName: "deposit",
    args: [perp.settlementToken, amount],
  });
}
