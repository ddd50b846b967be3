import type { KeeperStore } from "./KeeperStore.ts";
import type { StoreIdentity } from "./StoreIdentity.ts";
import { StoreIdentityError } from "./StoreIdentityError.ts";

function entries(id: StoreIdentity): [string, string][] {
  return [
    ["chain id", String(id.chainId)],
    ["genesis hash", id.genesisHash.toLowerCase()],
    ["deployment hash", id.deploymentHash.toLowerCase()],
    ["registry", id.registry.toLowerCase()],
    ...id.books.flatMap((b): [string, string][] => [
      [`book ${b.id} Safe`, b.safe.toLowerCase()],
      [`book ${b.id} venue`, b.venue.toLowerCase()],
    ]),
  ];
}

/**
 * Binds the store to its chain, deployment and books: a fresh store records `identity`; a store recorded
 * before must match every field it holds (books it has not seen are added), else a `StoreIdentityError`
 * naming the first differing field and the fix. Nothing is written when it throws.
 */
export function checkStoreIdentity(store: KeeperStore, file: string, identity: StoreIdentity): void {
  const rows = store.db.prepare("SELECT key, value FROM store_identity").all() as { key: string; value: string }[];
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const want = entries(identity);
  for (const [key, value] of want) {
    const had = stored.get(key);
    if (had !== undefined && had !== value) throw new StoreIdentityError(file, key, had, value);
  }
  const add = want.filter(([k]) => !stored.has(k));
  if (add.length === 0) return;
  const insert = store.db.prepare("INSERT INTO store_identity (key, value) VALUES (?, ?)");
  store.db.transaction(() => {
    for (const [k, v] of add) insert.run(k, v);
  })();
}

/** The identity recorded in a store (empty map for a fresh one). */
export function storedIdentity(store: KeeperStore): Map<string, string> {
  const rows = store.db.prepare("SELECT key, value FROM store_identity").all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, r.value]));
}
