import type { Address, Hex, PublicClient } from "viem";
import { policyRegistryAbi } from "../abi/policyRegistryAbi.ts";
import type { Policy } from "../policy/Policy.ts";
import type { PolicyEntry } from "../strategy/runStrategy.ts";
import { MissingReadError } from "./MissingReadError.ts";
import { type PinnedCall, readAtBlock } from "./readAtBlock.ts";

/** A book's policy as the registry holds it now, with the book's pause flag. */
export type BookPolicy = PolicyEntry & { paused: boolean };

/** Reads books' policies (one interface: a batching reader can replace the registry client). */
export interface PolicyCollector {
  /** Every book's policy, version and pause flag at `blockNumber`; a book whose read failed maps to the error. */
  readAll(bookIds: readonly string[], blockNumber: bigint): Promise<Map<string, BookPolicy | Error>>;
}

type RawPolicy = {
  layers: readonly [Policy["layers"][0], Policy["layers"][1], Policy["layers"][2]];
  settings: Policy["settings"];
};

/** The registry's `getPolicy`, `policyVersion` and `getBook` of every book in one Multicall3 read. */
export function registryPolicyCollector(o: {
  publicClient: Pick<PublicClient, "multicall">;
  registry: Address;
  multicall3?: Address | undefined;
}): PolicyCollector {
  const read = { address: o.registry, abi: policyRegistryAbi } as const;
  return {
    readAll: async (bookIds, blockNumber) => {
      const calls: PinnedCall[] = bookIds.flatMap((id) => {
        const args = [BigInt(id)] as const;
        return [
          { ...read, functionName: "getPolicy", args },
          { ...read, functionName: "policyVersion", args },
          { ...read, functionName: "getBook", args },
        ] as PinnedCall[];
      });
      const results = await readAtBlock(o.publicClient, calls, blockNumber, o.multicall3);
      const out = new Map<string, BookPolicy | Error>();
      for (const [i, id] of bookIds.entries()) {
        const [p, v, b] = [results[3 * i], results[3 * i + 1], results[3 * i + 2]];
        const failed = [p, v, b].find((r) => !r?.ok);
        if (failed || !p?.ok || !v?.ok || !b?.ok) {
          out.set(
            id,
            failed && !failed.ok
              ? failed.error
              : new MissingReadError("No result for the book.", { metaMessages: [`book: ${id}`] }),
          );
          continue;
        }
        const raw = p.result as RawPolicy;
        const [version, hash] = v.result as readonly [bigint, Hex];
        const policy: Policy = {
          layers: [{ ...raw.layers[0] }, { ...raw.layers[1] }, { ...raw.layers[2] }],
          settings: { ...raw.settings },
        };
        out.set(id, { policy, version: Number(version), hash, paused: (b.result as { paused: boolean }).paused });
      }
      return out;
    },
  };
}
