import type { FeedCollector } from "../collectors/FeedCollector.ts";
import type { BookPolicy } from "../collectors/PolicyCollector.ts";
import type { HedgeState } from "../planner/HedgeState.ts";
import { breadth } from "../signals/breadth.ts";
import type { MarketSignals } from "../signals/MarketSignals.ts";
import { assessFreshness } from "../sources/assessFreshness.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import { type BookSnapshot, bookSnapshot } from "../strategy/BookSnapshot.ts";
import type { Snapshot } from "../strategy/Snapshot.ts";
import { hedgeStateFromExecutions } from "../tracker/hedgeLedger.ts";
import type { VenueSnapshot } from "../venues/Venue.ts";
import type { KeeperBook } from "./KeeperBook.ts";
import { periodsOf } from "./periodsOf.ts";

/** The strategy's snapshot of every book that has a policy and an account, with each book's hedge ledger. */
export function snapshotBooks(a: {
  books: readonly KeeperBook[];
  policies: ReadonlyMap<string, BookPolicy>;
  snap: VenueSnapshot;
  feeds: FeedCollector;
  store: KeeperStore;
  now: number;
}): {
  snapshot: Snapshot;
  stale: Map<string, string[]>;
  /** Age (s) of each book's oracle data at `now`. */
  ages: Map<string, number>;
  ledgers: Map<string, HedgeState>;
} {
  const books: BookSnapshot[] = [];
  const stale = new Map<string, string[]>();
  const ages = new Map<string, number>();
  const ledgers = new Map<string, HedgeState>();
  const markets = new Map<string, MarketSignals>();
  for (const b of a.books) {
    const entry = a.policies.get(b.id);
    const account = a.snap.accounts.find((x) => x.account.toLowerCase() === b.account.toLowerCase());
    if (!entry || !account) continue;
    // Books sharing periods share signals; the first book's periods win for a market.
    for (const [id, s] of a.feeds.signals(periodsOf(entry.policy.settings))) if (!markets.has(id)) markets.set(id, s);
    const feed = a.feeds.market(b.market);
    const oracleAt = feed?.lastUpdatedAt ?? 0;
    const fresh = assessFreshness(
      `oracle ${feed?.symbol ?? b.market}`,
      oracleAt,
      a.now / 1000,
      entry.policy.settings.maxStaleness,
    );
    ages.set(b.id, Math.round(fresh.age));
    if (!fresh.fresh) stale.set(b.id, [fresh.reason]);
    const position = account.positions.find((p) => p.market.toLowerCase() === b.market.toLowerCase());
    const hedge = hedgeStateFromExecutions(a.store, b.id);
    ledgers.set(b.id, hedge);
    books.push(
      bookSnapshot({
        bookId: b.id,
        side: b.side,
        market: feed?.id ?? b.market,
        positionNotional: position?.notional ?? 0n,
        accountValue: account.accountValue,
        maintenanceRequirement: account.maintenanceRequirement,
        hedge,
        paused: entry.paused,
        policyVersion: entry.version,
        policyHash: entry.hash,
        dataTime: Math.min(Number(a.snap.timestamp) * 1000, oracleAt * 1000),
      }),
    );
  }
  return { snapshot: { time: a.now, markets, breadth: breadth(markets.values()), books }, stale, ages, ledgers };
}
