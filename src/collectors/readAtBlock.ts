import type { Abi, Address, ContractFunctionParameters, PublicClient } from "viem";
import { toError } from "./toError.ts";

/** Calldata bytes per aggregated Multicall3 call: viem splits larger groups into several `eth_call`s. */
export const PINNED_MULTICALL_BYTES = 16_384;

/** One contract read of a batched, pinned read. */
export type PinnedCall = ContractFunctionParameters<Abi, "view" | "pure">;

/** Each call's outcome, in order: its decoded result, or the error of that call (or of its whole batch). */
export type PinnedResult = { ok: true; result: unknown } | { ok: false; error: Error };

/**
 * Reads `calls` at `blockNumber` through Multicall3 `aggregate3` in one go: every chunk is sent at once, so
 * the transport's JSON-RPC batching carries them (with whatever else the tick sends in the same turn) in one
 * HTTP request. Never throws for a failed read: a reverted call, or a chunk whose request failed after the
 * transport's retries, is that call's `{ ok: false }`.
 */
export async function readAtBlock(
  client: Pick<PublicClient, "multicall">,
  calls: readonly PinnedCall[],
  blockNumber: bigint,
  multicall3?: Address | undefined,
): Promise<PinnedResult[]> {
  if (calls.length === 0) return [];
  const results = await client.multicall({
    contracts: calls as PinnedCall[],
    allowFailure: true,
    blockNumber,
    batchSize: PINNED_MULTICALL_BYTES,
    ...(multicall3 ? { multicallAddress: multicall3 } : {}),
  });
  return results.map((r) =>
    r.status === "success" ? { ok: true, result: r.result } : { ok: false, error: toError(r.error) },
  );
}
