import type { ChainCollector } from "../collectors/ChainCollector.ts";
import { MissingReadError } from "../collectors/MissingReadError.ts";
import type { ModuleCollector } from "../collectors/ModuleCollector.ts";
import { toError } from "../collectors/toError.ts";
import type { EmergencyStatus } from "../reconcile/EmergencyStatus.ts";
import type { KeeperBook } from "./KeeperBook.ts";

/** What reconcile needs from the chain for one acting book: its Safe's nonce and, for Layer 3, the module status. */
export type ActFacts = { safeNonce: number | Error; status: EmergencyStatus | Error | undefined };

/**
 * The facts of every book that acts this tick, at `blockNumber`, in one batched read (nonces already read
 * by the tick are reused; module statuses only for Layer-3 plans). Failed reads are the books' errors.
 */
export async function readActFacts(a: {
  chain: ChainCollector;
  module: ModuleCollector | undefined;
  blockNumber: bigint;
  /** Nonces the tick read already (lower-cased Safe → nonce). */
  known: ReadonlyMap<string, number>;
  wants: readonly { book: KeeperBook; layer3: boolean }[];
}): Promise<Map<string, ActFacts>> {
  const missing = a.wants.map((w) => w.book.account).filter((s) => !a.known.has(s.toLowerCase()));
  const l3 = a.module ? a.wants.filter((w) => w.layer3).map((w) => w.book.id) : [];
  const [nonces, statuses] = await Promise.allSettled([
    missing.length > 0
      ? a.chain.safeNonces(missing, a.blockNumber)
      : Promise.resolve(new Map<string, number | Error>()),
    a.module && l3.length > 0
      ? a.module.statuses(l3, a.blockNumber)
      : Promise.resolve(new Map<string, EmergencyStatus | Error>()),
  ]);
  const out = new Map<string, ActFacts>();
  for (const w of a.wants) {
    const key = w.book.account.toLowerCase();
    const safeNonce =
      a.known.get(key) ??
      (nonces.status === "fulfilled"
        ? (nonces.value.get(key) ?? new MissingReadError("The Safe was not read.", { metaMessages: [`safe: ${key}`] }))
        : toError(nonces.reason));
    const status =
      !w.layer3 || !a.module
        ? undefined
        : statuses.status === "fulfilled"
          ? (statuses.value.get(w.book.id) ??
            new MissingReadError("The book was not read.", { metaMessages: [`book: ${w.book.id}`] }))
          : toError(statuses.reason);
    out.set(w.book.id, { safeNonce, status });
  }
  return out;
}
