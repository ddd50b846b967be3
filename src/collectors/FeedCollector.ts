import type { Address, PublicClient } from "viem";
import { type FeedMarket, MarketFeed } from "../keeper/MarketFeed.ts";
import { pollFeeds } from "../keeper/pollFeeds.ts";
import type { MarketSignals } from "../signals/MarketSignals.ts";
import type { SignalPeriods } from "../signals/signalPeriods.ts";
import type { NewRounds } from "../sources/readNewRounds.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { StoredBar } from "../store/types.ts";
import type { PolicyEntry } from "../strategy/runStrategy.ts";
import type { VenueSnapshot } from "../venues/Venue.ts";
import { toError } from "./toError.ts";

/** A tracked market as the keeper sees it after a poll. */
export type FeedView = {
  id: string;
  symbol: string;
  /** Oracle's last update (unix seconds). */
  lastUpdatedAt: number;
};

/** Prices → bars → signals for every tracked market. */
export interface FeedCollector {
  /**
   * Every market's oracle rounds after the last consumed one, at `blockNumber` (keyed by lower-cased market
   * id; the reads go out together). A market whose read failed maps to the error.
   */
  fetch(blockNumber: bigint): Promise<Map<string, NewRounds | Error>>;
  /** Consumes `fetched` into bars and signals (a market that failed is not advanced). */
  poll(
    policies: Iterable<PolicyEntry>,
    snap: VenueSnapshot,
    nowMs: number,
    fetched: ReadonlyMap<string, NewRounds | Error>,
  ): Promise<void>;
  market(id: string): FeedView | undefined;
  /** Latest signals of every market that has them, for one set of periods (keyed by market id). */
  signals(periods: SignalPeriods): Map<string, MarketSignals>;
}

export type OracleFeedsOptions = {
  markets: readonly FeedMarket[];
  publicClient: PublicClient;
  store: KeeperStore;
  multicall3?: Address | undefined;
  /** Funding rate per interval for a market at a time (default: the venue's mark/index premium). */
  fundingRate?: ((market: string, nowMs: number) => number | undefined) | undefined;
  backfill?: { bars: number; seed?: ReadonlyMap<string, readonly StoredBar[]> } | undefined;
};

/** The oracle feeds (`MarketFeed`, bars persisted in the store). */
export function oracleFeeds(o: OracleFeedsOptions): FeedCollector {
  const feeds = new Map<string, MarketFeed>();
  for (const m of o.markets) feeds.set(m.id.toLowerCase(), new MarketFeed(m, o.publicClient, o.store, o.multicall3));
  return {
    fetch: async (blockNumber) => {
      const all = [...feeds.entries()];
      const settled = await Promise.allSettled(all.map(([, f]) => f.readNew(blockNumber)));
      return new Map(
        all.map(([id], i) => {
          const s = settled[i] as PromiseSettledResult<NewRounds>;
          return [id, s.status === "fulfilled" ? s.value : toError(s.reason)];
        }),
      );
    },
    poll: (policies, snap, now, fetched) =>
      pollFeeds({
        feeds: feeds.values(),
        policies,
        snap,
        now,
        fetched,
        fundingRate: o.fundingRate,
        backfill: o.backfill,
      }),
    market: (id) => {
      const f = feeds.get(id.toLowerCase());
      return f && { id: f.market.id, symbol: f.market.symbol, lastUpdatedAt: f.lastUpdatedAt };
    },
    signals: (periods) => {
      const out = new Map<string, MarketSignals>();
      for (const f of feeds.values()) {
        const s = f.signals(periods);
        if (s) out.set(f.market.id, s);
      }
      return out;
    },
  };
}
