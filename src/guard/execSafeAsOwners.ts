import { type Address, encodeFunctionData, type Hash, type Hex, parseAbi, zeroAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Clients } from "../deploy/Clients.ts";
import { BaseError } from "../errors/BaseError.ts";
import type { SafeCall } from "../venues/Venue.ts";

const safeExecAbi = parseAbi([
  "function nonce() view returns (uint256)",
  "function getTransactionHash(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, uint256 _nonce) view returns (bytes32)",
  "function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures) payable returns (bool success)",
]);

export class SafeOwnerExecError extends BaseError {
  override name = "SafeOwnerExecError";
}

/**
 * Executes ONE call as a Safe transaction signed by `ownerKeys` (raw ECDSA over the Safe transaction hash, sorted
 * by owner address), sent by `clients.walletClient`. Needs only viem clients (no protocol-kit provider), so
 * deployment code can install the guard/module with the dev owners' keys. Returns the transaction hash.
 */
export async function execSafeAsOwners(
  clients: Clients,
  safe: Address,
  ownerKeys: readonly Hex[],
  call: SafeCall,
): Promise<Hash> {
  const { publicClient, walletClient } = clients;
  const nonce = await publicClient.readContract({ address: safe, abi: safeExecAbi, functionName: "nonce" });
  const args = [call.to, call.value, call.data, call.operation, 0n, 0n, 0n, zeroAddress, zeroAddress] as const;
  const hash = await publicClient.readContract({
    address: safe,
    abi: safeExecAbi,
    functionName: "getTransactionHash",
    args: [...args, nonce],
  });
  const signed = await Promise.all(
    ownerKeys.map(async (key) => {
      const account = privateKeyToAccount(key);
      return { owner: account.address.toLowerCase(), signature: await account.sign({ hash }) };
    }),
  );
  signed.sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  const signatures = `0x${signed.map((s) => s.signature.slice(2)).join("")}` as Hex;
  try {
    const tx = await walletClient.sendTransaction({
      account: walletClient.account,
      chain: walletClient.chain,
      to: safe,
      data: encodeFunctionData({ abi: safeExecAbi, functionName: "execTransaction", args: [...args, signatures] }),
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash: tx });
    if (receipt.status !== "success") throw new Error(`reverted in ${tx}`);
    return tx;
  } catch (cause) {
    throw new SafeOwnerExecError("Safe transaction failed.", {
      metaMessages: [`safe: ${safe}`, `to: ${call.to}`, `signers: ${ownerKeys.length}`],
      cause,
    });
  }
}
