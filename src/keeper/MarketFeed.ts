import type { Address, PublicClient } from "viem";
import { MarketSignalEngine } from "../signals/MarketSignalEngine.ts";
import type { MarketSignals } from "../signals/MarketSignals.ts";
import { type SignalPeriods, signalPeriodsKey } from "../signals/signalPeriods.ts";
import { BarBuilder } from "../sources/BarBuilder.ts";
import { type NewRounds, readNewRounds } from "../sources/readNewRounds.ts";
import { readOracleHistory } from "../sources/readOracleHistory.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { StoredBar } from "../store/types.ts";

export type FeedMarket = { id: Address; symbol: string; aggregator: Address };

type EngineSlot = { engine: MarketSignalEngine; interval: number; lastT: number };
type FeedState = { lastRound: string; lastUpdatedAt: number };

/**
 * One market's price data for the keeper: oracle rounds (Chainlink-compatible aggregator) aggregated into
 * bars of each interval a policy asks for, persisted in the store (so indicators survive restarts) and fed
 * to one signal engine per set of signal periods. Remembers the last oracle round it consumed.
 */
export class MarketFeed {
  readonly market: FeedMarket;
  readonly #client: PublicClient;
  readonly #store: KeeperStore;
  readonly #multicall: Address | undefined;
  readonly #builders = new Map<number, BarBuilder>();
  readonly #engines = new Map<string, EngineSlot>();
  #lastRound: bigint;
  /** Oracle `updatedAt` of the newest round consumed (unix seconds; 0 before any). */
  lastUpdatedAt: number;

  constructor(market: FeedMarket, client: PublicClient, store: KeeperStore, multicall3?: Address) {
    this.market = market;
    this.#multicall = multicall3;
    this.#client = client;
    this.#store = store;
    const saved = store.loadState<FeedState>(this.#stateKey());
    this.#lastRound = saved ? BigInt(saved.lastRound) : 0n;
    this.lastUpdatedAt = saved?.lastUpdatedAt ?? 0;
  }

  #stateKey(): string {
    return `feed:${this.market.id.toLowerCase()}`;
  }

  #barKey(): string {
    return this.market.id.toLowerCase();
  }

  /** Stored bars of `interval` (oldest first). */
  bars(interval: number, limit = 10_000): StoredBar[] {
    return this.#store.loadBars(this.#barKey(), interval, limit);
  }

  /**
   * Seeds bars for `interval` when fewer than `want` are stored: from `seed` (e.g. CSV bars already shifted
   * to end before the live data) or else from the oracle's round history. Returns the bars written.
   */
  async backfill(interval: number, want: number, seed?: readonly StoredBar[]): Promise<number> {
    if (this.#builders.has(interval) || this.bars(interval, want).length >= want) return 0;
    let bars: StoredBar[];
    if (seed && seed.length > 0) {
      const first = this.bars(interval, 1)[0];
      bars = first ? seed.filter((b) => b.t < first.t) : [...seed];
    } else {
      const { samples, latest } = await readOracleHistory(this.#client, this.market.aggregator, {
        maxRounds: want * 4,
        multicallAddress: this.#multicall,
      });
      const b = new BarBuilder(interval);
      bars = [];
      for (const s of samples) bars.push(...b.add(s));
      if (b.current) bars.push(b.current);
      if (latest.roundId > this.#lastRound) this.#saveRound(latest.roundId, latest.updatedAt);
    }
    const written = bars.slice(-want);
    this.#store.upsertBars(this.#barKey(), interval, written);
    return written.length;
  }

  /** The engine for `periods`, created on first use by replaying the stored bars and funding. */
  engine(periods: SignalPeriods): MarketSignalEngine {
    const key = signalPeriodsKey(periods);
    let slot = this.#engines.get(key);
    if (!slot) {
      const engine = new MarketSignalEngine(this.market.id, periods);
      const stored = this.bars(periods.barInterval);
      const builder = this.#builder(periods.barInterval, stored.at(-1));
      const formingT = builder.current?.t ?? Number.POSITIVE_INFINITY;
      let lastT = Number.NEGATIVE_INFINITY;
      for (const bar of stored) {
        if (bar.t >= formingT) break;
        engine.pushBar(bar);
        lastT = bar.t;
      }
      for (const f of this.#store.loadFunding(this.#barKey(), periods.fundingWindow)) engine.pushFunding(f.t, f.rate);
      slot = { engine, interval: periods.barInterval, lastT };
      this.#engines.set(key, slot);
    }
    return slot.engine;
  }

  signals(periods: SignalPeriods): MarketSignals | undefined {
    return this.engine(periods).latest;
  }

  #builder(interval: number, last?: StoredBar): BarBuilder {
    let b = this.#builders.get(interval);
    if (!b) {
      b = new BarBuilder(interval, last);
      this.#builders.set(interval, b);
    }
    return b;
  }

  /** The oracle rounds published after the last consumed one, read at `blockNumber` (nothing is consumed yet). */
  readNew(blockNumber: bigint): Promise<NewRounds> {
    return readNewRounds(this.#client, this.market.aggregator, {
      afterRound: this.#lastRound,
      blockNumber,
      maxRounds: 500,
      multicall3: this.#multicall,
    });
  }

  /**
   * Consumes `fresh` (from `readNew`; rounds already consumed are ignored), closes bars up to `nowMs`,
   * persists them and feeds closed bars to the engines. `fundingRate` (per funding interval) is recorded at
   * each bar close. Returns the number of new rounds.
   */
  poll(nowMs: number, fundingRate: number | undefined, fresh: NewRounds): number {
    const keep = fresh.rounds.map((r) => r.roundId > this.#lastRound);
    const rounds = fresh.rounds.filter((_, i) => keep[i]);
    const samples = fresh.samples.filter((_, i) => keep[i]);
    const last = rounds.at(-1);
    if (last) this.#saveRound(last.roundId, last.updatedAt);
    const withFunding = fundingRate !== undefined && Number.isFinite(fundingRate);
    for (const [interval, builder] of this.#builders) {
      const closed: StoredBar[] = [];
      for (const s of samples) closed.push(...builder.add(s));
      closed.push(...builder.closeUntil(nowMs));
      const cur = builder.current;
      this.#store.upsertBars(this.#barKey(), interval, cur ? [...closed, cur] : closed);
      const lastClosed = closed.at(-1);
      if (!lastClosed) continue;
      const fundingT = lastClosed.t + interval * 1000;
      if (withFunding) this.#store.upsertFunding(this.#barKey(), [{ t: fundingT, rate: fundingRate }]);
      for (const slot of this.#engines.values()) {
        if (slot.interval !== interval) continue;
        for (const bar of closed) {
          if (bar.t <= slot.lastT) continue;
          slot.engine.pushBar(bar);
          slot.lastT = bar.t;
        }
        const ft = slot.engine.latest?.fundingTime ?? Number.NaN;
        if (withFunding && (Number.isNaN(ft) || fundingT > ft)) slot.engine.pushFunding(fundingT, fundingRate);
      }
    }
    return rounds.length;
  }

  #saveRound(round: bigint, updatedAt: number): void {
    this.#lastRound = round;
    this.lastUpdatedAt = updatedAt;
    this.#store.saveState(this.#stateKey(), { lastRound: round.toString(), lastUpdatedAt: updatedAt });
  }
}
