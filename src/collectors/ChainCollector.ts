import type { Address, PublicClient } from "viem";
import { safeNonceOf } from "../keeper/safeNonceOf.ts";

/** The latest block: the keeper's decision block and, by default, its clock. */
export type ChainHead = { number: bigint; timestamp: number };

/** Plain chain reads the keeper makes each tick (small on purpose: a batching client can implement it). */
export interface ChainCollector {
  head(): Promise<ChainHead>;
  /** The Safe's current nonce (the slot a new proposal takes). */
  safeNonce(safe: Address): Promise<number>;
}

export function viemChainCollector(client: PublicClient): ChainCollector {
  return {
    head: async () => {
      const b = await client.getBlock({ blockTag: "latest" });
      return { number: b.number, timestamp: Number(b.timestamp) };
    },
    safeNonce: (safe) => safeNonceOf(client, safe),
  };
}
