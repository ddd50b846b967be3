import type { Address, PublicClient } from "viem";
import { safeTrackerAbi } from "../tracker/safeEventsAbi.ts";
import { MissingReadError } from "./MissingReadError.ts";
import { readAtBlock } from "./readAtBlock.ts";

/** The latest block: the keeper's decision block and, by default, its clock. */
export type ChainHead = { number: bigint; timestamp: number };

/** Plain chain reads the keeper makes each tick (small on purpose: a batching client can implement it). */
export interface ChainCollector {
  head(): Promise<ChainHead>;
  /**
   * The Safes' nonces (the slot a new proposal takes) at `blockNumber`, in one batched read, keyed by the
   * lower-cased address; a Safe whose nonce could not be read maps to the error.
   */
  safeNonces(safes: readonly Address[], blockNumber: bigint): Promise<Map<string, number | Error>>;
}

/**
 * The chain head, asked twice in the same JSON-RPC batch (one HTTP request with a batching transport): behind a
 * load balancer or a caching provider one answer may come from a lagging node, and every read of a tick is
 * pinned to this block, so the newer of the two is kept.
 */
export async function readNewestHead(client: Pick<PublicClient, "getBlock">): Promise<ChainHead> {
  // viem dedupes only block reads by number, so the two "latest" reads both go out.
  const [a, b] = await Promise.all([client.getBlock({ blockTag: "latest" }), client.getBlock({ blockTag: "latest" })]);
  const newest = b.number > a.number ? b : a;
  return { number: newest.number, timestamp: Number(newest.timestamp) };
}

export function viemChainCollector(client: PublicClient, multicall3?: Address | undefined): ChainCollector {
  return {
    head: () => readNewestHead(client),
    safeNonces: async (safes, blockNumber) => {
      const unique = [...new Set(safes.map((s) => s.toLowerCase() as Address))];
      const calls = unique.map((address) => ({ address, abi: safeTrackerAbi, functionName: "nonce" as const }));
      const results = await readAtBlock(client, calls, blockNumber, multicall3);
      const out = new Map<string, number | Error>();
      for (const [i, s] of unique.entries()) {
        const r = results[i];
        out.set(
          s,
          r?.ok
            ? Number(r.result as bigint)
            : (r?.error ?? new MissingReadError("No result for the Safe.", { metaMessages: [`safe: ${s}`] })),
        );
      }
      return out;
    },
  };
}
