import type { Address, PublicClient } from "viem";
import type { KeeperBook } from "../keeper/KeeperBook.ts";
import { recoverEmergencyActions } from "../keeper/recoverEmergencyActions.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord } from "../store/types.ts";
import { type TrackedOutcome, trackExecutions } from "./trackExecutions.ts";

/** What the chain did with the keeper's actions since the last tick (recorded in the store). */
export interface ExecutionTracker {
  /**
   * Proposals whose Safe nonce was used since: executed, failed or superseded by another transaction. With
   * `at`, up to that block, given the Safes' nonces there (nothing is read while no nonce moved).
   */
  track(at?: { blockNumber: bigint; nonces: ReadonlyMap<string, number> }): Promise<TrackedOutcome[]>;
  /**
   * EmergencyModule actions on chain the store lacks (up to `toBlock`), recorded from their events;
   * `maintenanceRatioPpm` (for the records' evidence) is awaited only when there is one to record.
   */
  recover(
    toBlock: bigint,
    maintenanceRatioPpm: () => Promise<bigint>,
    symbolOf: (market: string) => string,
  ): Promise<ProposalRecord[]>;
}

export function chainTracker(o: {
  publicClient: PublicClient;
  store: KeeperStore;
  chainId: number;
  registry: Address;
  books: readonly KeeperBook[];
  /** The module whose `Protected` events are scanned, and the first block of the scan on a fresh store. */
  module?: { address: Address; fromBlock: bigint } | undefined;
}): ExecutionTracker {
  return {
    track: (at) => trackExecutions(o.publicClient, o.store, at ? { toBlock: at.blockNumber, nonces: at.nonces } : {}),
    recover: async (toBlock, maintenanceRatioPpm, symbolOf) =>
      o.module
        ? recoverEmergencyActions({
            publicClient: o.publicClient,
            store: o.store,
            module: o.module.address,
            chainId: o.chainId,
            registry: o.registry,
            books: o.books,
            fromBlock: o.module.fromBlock,
            toBlock,
            maintenanceRatioPpm,
            symbolOf,
          })
        : [],
  };
}
