import type { PublicClient } from "viem";

type RawRequest = (args: { method: string; params?: unknown[] }) => Promise<unknown>;

/** The node's raw EIP-1193 `request`, for the Hardhat dev methods viem's public client does not type. */
function raw(publicClient: Pick<PublicClient, "request">): RawRequest {
  return publicClient.request as unknown as RawRequest;
}

/** Moves the chain clock forward by `seconds` and mines one block (Hardhat/anvil dev methods). */
export async function advanceTime(publicClient: Pick<PublicClient, "request">, seconds: number): Promise<void> {
  if (seconds > 0) await raw(publicClient)({ method: "evm_increaseTime", params: [seconds] });
  await raw(publicClient)({ method: "evm_mine", params: [] });
}

/** Takes an EVM snapshot; returns its id for `revertTo`. */
export async function snapshot(publicClient: Pick<PublicClient, "request">): Promise<string> {
  return (await raw(publicClient)({ method: "evm_snapshot", params: [] })) as string;
}

/** Reverts to a snapshot taken by `snapshot` (the snapshot is consumed). */
export async function revertTo(publicClient: Pick<PublicClient, "request">, id: string): Promise<void> {
  await raw(publicClient)({ method: "evm_revert", params: [id] });
}
