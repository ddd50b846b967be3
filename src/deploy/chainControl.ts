import type { PublicClient } from "viem";

type RawRequest = (args: { method: string; params?: unknown[] }) => Promise<unknown>;

/** The node's raw EIP-1193 `request`, for the Hardhat dev methods viem's public client does not type. */
function raw(publicClient: Pick<PublicClient, "request">): RawRequest {
  return publicClient.request as unknown as RawRequest;
}

/**
 * Mines one block exactly `seconds` (at least 1) after the latest block (`evm_mine` with a timestamp, a
 * Hardhat/anvil dev method). The wall clock does not enter: how long the caller took since the last block does
 * not change the new block's time.
 */
export async function advanceTime(publicClient: Pick<PublicClient, "request">, seconds: number): Promise<void> {
  const latest = (await raw(publicClient)({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    timestamp: string;
  };
  const timestamp = Number(BigInt(latest.timestamp)) + Math.max(1, Math.ceil(seconds));
  await raw(publicClient)({ method: "evm_mine", params: [timestamp] });
}

/** Takes an EVM snapshot; returns its id for `revertTo`. */
export async function snapshot(publicClient: Pick<PublicClient, "request">): Promise<string> {
  return (await raw(publicClient)({ method: "evm_snapshot", params: [] })) as string;
}

/** Reverts to a snapshot taken by `snapshot` (the snapshot is consumed). */
export async function revertTo(publicClient: Pick<PublicClient, "request">, id: string): Promise<void> {
  await raw(publicClient)({ method: "evm_revert", params: [id] });
}
