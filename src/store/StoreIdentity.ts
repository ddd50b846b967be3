import type { Address, Hex } from "viem";

/** What a keeper store belongs to: the chain (id and genesis block hash), the deployment, and each book. */
export type StoreIdentity = {
  chainId: number;
  genesisHash: Hex;
  /** Hash of the block at the deployment file's `deployBlock` (a redeployed devnet differs here). */
  deploymentHash: Hex;
  /** The PolicyRegistry the books are read from. */
  registry: Address;
  /** Book id → its Safe and venue. */
  books: ReadonlyArray<{ id: string; safe: Address; venue: Address }>;
};
