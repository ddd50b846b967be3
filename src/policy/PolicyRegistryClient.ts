import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
import { policyRegistryAbi } from "../abi/policyRegistryAbi.ts";
import type { Policy } from "./Policy.ts";

/** A book as the registry reports it. */
export type RegistryBook = {
  safe: Address;
  venue: Address;
  market: Address;
  paused: boolean;
  /** Policy version, from 1. */
  version: bigint;
};

/** `(version, hash)` of a book's active policy, for evidence stamps. */
export type PolicyVersion = { version: bigint; policyHash: Hex };

/** The registry reads the keeper and CLI use. */
export type PolicyRegistryClient = {
  address: Address;
  getPolicy(bookId: bigint): Promise<Policy>;
  policyVersion(bookId: bigint): Promise<PolicyVersion>;
  getBook(bookId: bigint): Promise<RegistryBook>;
  isPaused(bookId: bigint): Promise<boolean>;
  bookCount(): Promise<bigint>;
};

/** viem reads of a `PolicyRegistry` at `address` (any transport; reads pin nothing, use `blockNumber` yourself). */
export function createPolicyRegistryClient(args: {
  publicClient: PublicClient<Transport, Chain | undefined>;
  address: Address;
}): PolicyRegistryClient {
  const { publicClient, address } = args;
  const read = { address, abi: policyRegistryAbi } as const;
  return {
    address,
    async getPolicy(bookId) {
      const p = await publicClient.readContract({ ...read, functionName: "getPolicy", args: [bookId] });
      return { layers: [{ ...p.layers[0] }, { ...p.layers[1] }, { ...p.layers[2] }], settings: { ...p.settings } };
    },
    async policyVersion(bookId) {
      const [version, policyHash] = await publicClient.readContract({
        ...read,
        functionName: "policyVersion",
        args: [bookId],
      });
      return { version, policyHash };
    },
    async getBook(bookId) {
      const b = await publicClient.readContract({ ...read, functionName: "getBook", args: [bookId] });
      return { safe: b.safe, venue: b.venue, market: b.market, paused: b.paused, version: b.version };
    },
    isPaused: (bookId) => publicClient.readContract({ ...read, functionName: "isPaused", args: [bookId] }),
    bookCount: () => publicClient.readContract({ ...read, functionName: "bookCount" }),
  };
}
