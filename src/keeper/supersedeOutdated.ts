import type { KeeperMetrics } from "../metrics/KeeperMetrics.ts";
import type { Proposer } from "../proposer/Proposer.ts";
import type { PolicyEntry } from "../strategy/runStrategy.ts";

/**
 * Open proposals made under another policy version than the registry's current one are superseded (and say
 * so); the version gauge is updated. Returns the superseded proposal ids per book (books without any absent).
 */
export function supersedeOutdated(
  books: readonly { id: string }[],
  policies: ReadonlyMap<string, PolicyEntry>,
  proposer: Proposer,
  metrics: KeeperMetrics,
): Map<string, string[]> {
  const superseded = new Map<string, string[]>();
  for (const b of books) {
    const entry = policies.get(b.id);
    if (!entry) continue;
    const moved = proposer.supersede(
      b.id,
      `policy version changed to ${entry.version}`,
      (p) => p.policyVersion === entry.version,
    );
    if (moved.length > 0)
      superseded.set(
        b.id,
        moved.map((p) => p.id),
      );
    metrics.policyVersion.set({ book: b.id }, Number(entry.version));
  }
  return superseded;
}
