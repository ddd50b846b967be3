import type { PolicyRegistryClient } from "../policy/PolicyRegistryClient.ts";
import type { PolicyEntry } from "../strategy/runStrategy.ts";

/** A book's policy as the registry holds it now, with the book's pause flag. */
export type BookPolicy = PolicyEntry & { paused: boolean };

/** Reads books' policies (one interface: a batching reader can replace the registry client). */
export interface PolicyCollector {
  read(bookId: string): Promise<BookPolicy>;
}

export function registryPolicyCollector(registry: PolicyRegistryClient): PolicyCollector {
  return {
    read: async (bookId) => {
      const id = BigInt(bookId);
      const [policy, v, book] = await Promise.all([
        registry.getPolicy(id),
        registry.policyVersion(id),
        registry.getBook(id),
      ]);
      return { policy, version: Number(v.version), hash: v.policyHash, paused: book.paused };
    },
  };
}
