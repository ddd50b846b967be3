import type { Address, PublicClient } from "viem";
import { emergencyModuleAbi } from "../guard/guardAbis.ts";
import type { EmergencyStatus } from "../reconcile/EmergencyStatus.ts";
import { MissingReadError } from "./MissingReadError.ts";
import { readAtBlock } from "./readAtBlock.ts";

/** The books' EmergencyModule status (`status(bookId)`), read only for books with a Layer-3 plan. */
export interface ModuleCollector {
  /** Each book's status at `blockNumber` in one batched read; a book whose read failed maps to the error. */
  statuses(bookIds: readonly string[], blockNumber: bigint): Promise<Map<string, EmergencyStatus | Error>>;
}

export function chainModuleCollector(
  client: Pick<PublicClient, "multicall">,
  module: Address,
  multicall3?: Address | undefined,
): ModuleCollector {
  return {
    statuses: async (bookIds, blockNumber) => {
      const calls = bookIds.map((id) => ({
        address: module,
        abi: emergencyModuleAbi,
        functionName: "status" as const,
        args: [BigInt(id)] as const,
      }));
      const results = await readAtBlock(client, calls, blockNumber, multicall3);
      return new Map(
        bookIds.map((id, i) => {
          const r = results[i];
          return [
            id,
            r?.ok
              ? (r.result as EmergencyStatus)
              : (r?.error ?? new MissingReadError("No result for the book.", { metaMessages: [`book: ${id}`] })),
          ];
        }),
      );
    },
  };
}
