import Safe, { type ContractNetworksConfig, type Eip1193Provider } from "@safe-global/protocol-kit";
import type { Address, Hash, Hex, PublicClient } from "viem";
import { BaseError } from "../errors/BaseError.ts";
import type { SafeCall } from "../venues/Venue.ts";

/** protocol-kit's provider argument: an EIP-1193 provider (in-process Hardhat) or an RPC URL. */
export type SafeKitProvider = Eip1193Provider | string;

export type SafeTarget = {
  /** The Safe proxy. */
  safe: Address;
  contractNetworks: ContractNetworksConfig;
};

/** Gas limit of a devnet Safe transaction (Hardhat's block limit is 60M; unused gas is not charged). */
const DEVNET_SAFE_TX_GAS = 8_000_000n;

export class SafeExecutionError extends BaseError {
  override name = "SafeExecutionError";
}

/**
 * Executes calls as ONE Safe transaction signed by several owners (protocol-kit): the first key creates and
 * signs (EIP-712), each further key signs, the last one executes. Several calls are batched through
 * MultiSendCallOnly. Pass at least `threshold` owner keys. Returns the execution transaction hash after a
 * successful receipt. `signer` is always passed to `connect()` (see STACK.md: it is dropped otherwise).
 */
export async function executeSafeCalls(args: {
  provider: SafeKitProvider;
  publicClient: Pick<PublicClient, "waitForTransactionReceipt">;
  target: SafeTarget;
  ownerKeys: readonly Hex[];
  calls: readonly SafeCall[];
}): Promise<Hash> {
  const { provider, target, ownerKeys, calls } = args;
  const [first, ...rest] = ownerKeys;
  if (!first || calls.length === 0) {
    throw new SafeExecutionError("Nothing to execute or no signer.", {
      metaMessages: [`calls: ${calls.length}`, `keys: ${ownerKeys.length}`],
    });
  }
  try {
    let kit = await Safe.init({
      provider,
      signer: first,
      safeAddress: target.safe,
      contractNetworks: target.contractNetworks,
    });
    let tx = await kit.createTransaction({
      transactions: calls.map((c) => ({ to: c.to, value: c.value.toString(), data: c.data, operation: c.operation })),
      onlyCalls: true,
    });
    tx = await kit.signTransaction(tx);
    for (const key of rest) {
      kit = await kit.connect({
        provider,
        signer: key,
        safeAddress: target.safe,
        contractNetworks: target.contractNetworks,
      });
      tx = await kit.signTransaction(tx);
    }
    // A fixed, generous gas limit: the guard's post-check reads Perp v2's TWAP-based views, whose cost moves between
    // the node's estimate and the block that runs the transaction (an estimate can fall short by a few thousand).
    const result = await kit.executeTransaction(tx, { gasLimit: DEVNET_SAFE_TX_GAS });
    const hash = result.hash as Hash;
    const receipt = await args.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") {
      throw new SafeExecutionError("Safe transaction reverted.", { metaMessages: [`tx: ${hash}`] });
    }
    return hash;
  } catch (cause) {
    if (cause instanceof SafeExecutionError) throw cause;
    throw new SafeExecutionError("Safe transaction failed.", { metaMessages: [`safe: ${target.safe}`], cause });
  }
}
