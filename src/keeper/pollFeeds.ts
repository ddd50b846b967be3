import type { SignalPeriods } from "../signals/signalPeriods.ts";
import type { NewRounds } from "../sources/readNewRounds.ts";
import type { StoredBar } from "../store/types.ts";
import type { PolicyEntry } from "../strategy/runStrategy.ts";
import type { VenueSnapshot } from "../venues/Venue.ts";
import { fundingPerInterval } from "./fundingPerInterval.ts";
import type { MarketFeed } from "./MarketFeed.ts";
import { periodsOf } from "./periodsOf.ts";

/**
 * Prices → bars → signals for one tick: every feed gets an engine for each set of signal periods a policy asks
 * for (seeded by the backfill when configured), then polls its oracle with the market's funding rate — the
 * given `fundingRate` or, by default, the venue's mark/index premium — consuming the rounds `fetched` for it
 * (keyed by lower-cased market id). A market whose read failed is not advanced (no bar closes on missing data).
 */
export async function pollFeeds(args: {
  feeds: Iterable<MarketFeed>;
  policies: Iterable<PolicyEntry>;
  snap: VenueSnapshot;
  now: number;
  fetched: ReadonlyMap<string, NewRounds | Error>;
  fundingRate?: ((market: string, nowMs: number) => number | undefined) | undefined;
  backfill?: { bars: number; seed?: ReadonlyMap<string, readonly StoredBar[]> } | undefined;
}): Promise<void> {
  const { snap, now } = args;
  const funding = new Map(
    snap.markets.map((m) => [
      m.market.toLowerCase(),
      args.fundingRate ? args.fundingRate(m.market, now) : fundingPerInterval(m.markPrice, m.indexPrice),
    ]),
  );
  const wanted = new Map<string, SignalPeriods>();
  for (const e of args.policies) wanted.set(JSON.stringify(periodsOf(e.policy.settings)), periodsOf(e.policy.settings));
  for (const feed of args.feeds) {
    for (const p of wanted.values()) {
      const want = args.backfill?.bars ?? 0;
      if (want > 0) await feed.backfill(p.barInterval, want, args.backfill?.seed?.get(feed.market.id.toLowerCase()));
      feed.engine(p);
    }
    const fresh = args.fetched.get(feed.market.id.toLowerCase());
    if (fresh && !(fresh instanceof Error)) feed.poll(now, funding.get(feed.market.id.toLowerCase()), fresh);
  }
}
