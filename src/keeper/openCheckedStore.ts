import { existsSync, renameSync } from "node:fs";
import type { PublicClient } from "viem";
import { checkStoreIdentity } from "../store/checkStoreIdentity.ts";
import { KeeperStore } from "../store/KeeperStore.ts";
import { StoreError } from "../store/StoreError.ts";
import type { StoreIdentity } from "../store/StoreIdentity.ts";
import type { KeeperBook } from "./KeeperBook.ts";

export type OpenCheckedStoreOptions = {
  dbPath: string;
  chainId: number;
  registry: StoreIdentity["registry"];
  /** The deployment file's first block: its hash identifies this deployment on this chain. */
  deployBlock: bigint;
  books: readonly (KeeperBook & { venue: StoreIdentity["books"][number]["venue"] })[];
  /** `--reset-store`: move the existing store (and its WAL files) aside to `<dbPath>.reset-<unix>` first. */
  reset?: boolean;
  now?: () => number;
};

/** The chain and deployment identity the store is bound to (genesis and deployment block hashes). */
export async function storeIdentityOf(
  client: PublicClient,
  o: Pick<OpenCheckedStoreOptions, "chainId" | "registry" | "deployBlock" | "books">,
): Promise<StoreIdentity> {
  const [genesis, deployed] = await Promise.all([
    client.getBlock({ blockNumber: 0n }),
    client.getBlock({ blockNumber: o.deployBlock }),
  ]);
  return {
    chainId: o.chainId,
    genesisHash: genesis.hash,
    deploymentHash: deployed.hash,
    registry: o.registry,
    books: o.books.map((b) => ({ id: b.id, safe: b.account, venue: b.venue })),
  };
}

/**
 * Opens the keeper store bound to this chain, deployment and books: a store from another chain or deployment
 * (a restarted devnet with `.alvh/` kept) or with another Safe/venue for a book is refused with a
 * `StoreIdentityError` naming `--reset-store` or a new `dbPath`, and closed again.
 */
export async function openCheckedStore(client: PublicClient, o: OpenCheckedStoreOptions): Promise<KeeperStore> {
  const identity = await storeIdentityOf(client, o);
  if (o.reset && o.dbPath !== ":memory:" && existsSync(o.dbPath)) {
    const stamp = Math.floor((o.now?.() ?? Date.now()) / 1000);
    try {
      for (const suffix of ["", "-wal", "-shm"])
        if (existsSync(o.dbPath + suffix)) renameSync(o.dbPath + suffix, `${o.dbPath}.reset-${stamp}${suffix}`);
    } catch (cause) {
      throw new StoreError("Cannot move the old store aside", { metaMessages: [`file: ${o.dbPath}`], cause });
    }
  }
  const store = new KeeperStore(o.dbPath);
  try {
    checkStoreIdentity(store, o.dbPath, identity);
  } catch (error) {
    store.close();
    throw error;
  }
  return store;
}
