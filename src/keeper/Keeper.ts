import type { Address, PublicClient } from "viem";
import type { Logger } from "../log/createLogger.ts";
import type { KeeperMetrics } from "../metrics/KeeperMetrics.ts";
import type { PolicyRegistryClient } from "../policy/PolicyRegistryClient.ts";
import type { ProposeOutcome, Proposer } from "../proposer/Proposer.ts";
import { breadth } from "../signals/breadth.ts";
import type { MarketSignals } from "../signals/MarketSignals.ts";
import { assessFreshness } from "../sources/assessFreshness.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord, StoredBar } from "../store/types.ts";
import { type BookSnapshot, bookSnapshot, type Side } from "../strategy/BookSnapshot.ts";
import type { BookState } from "../strategy/BookState.ts";
import type { Clock } from "../strategy/Clock.ts";
import type { Decision } from "../strategy/Decision.ts";
import { formatReason } from "../strategy/Reason.ts";
import { type Plan, type PolicyEntry, runStrategy } from "../strategy/runStrategy.ts";
import type { Snapshot } from "../strategy/Snapshot.ts";
import { hedgeStateFromExecutions } from "../tracker/hedgeLedger.ts";
import { type TrackedOutcome, trackExecutions } from "../tracker/trackExecutions.ts";
import type { AccountState, SafeCall, Venue, VenueSnapshot } from "../venues/Venue.ts";
import { buildEvidence } from "./buildEvidence.ts";
import { type FeedMarket, MarketFeed } from "./MarketFeed.ts";
import { periodsOf } from "./periodsOf.ts";
import { pollFeeds } from "./pollFeeds.ts";
import { recoverEmergencyActions } from "./recoverEmergencyActions.ts";
import { reportUnprotected } from "./reportUnprotected.ts";
import { type EmergencyOptions, runEmergency } from "./runEmergency.ts";
import { safeNonceOf } from "./safeNonceOf.ts";
import { supersedeOutdated } from "./supersedeOutdated.ts";
import type { OnUnprotected, UnprotectedEvent } from "./UnprotectedEvent.ts";

/** A book the keeper watches: registry id, side, the Safe and the venue markets. */
export type KeeperBook = {
  id: string;
  side: Side;
  account: Address;
  /** Venue market id of the position (Perp v2: base token). */
  market: Address;
  /** Market for an offsetting hedge (default: the planner's choice, the book's market). */
  hedgeMarket?: Address | undefined;
  /** Evaluate and report only: nothing is proposed or executed for this book. */
  watchOnly?: boolean | undefined;
};

export type KeeperOptions = {
  chainId: number;
  publicClient: PublicClient;
  /** Multicall3 address for batched oracle reads (local chains do not name one). */
  multicall3?: Address | undefined;
  registry: PolicyRegistryClient;
  venue: Venue;
  books: readonly KeeperBook[];
  /** Every tracked market with its oracle (breadth is computed across them). */
  markets: readonly FeedMarket[];
  store: KeeperStore;
  proposer: Proposer;
  log: Logger;
  metrics: KeeperMetrics;
  /** Decision time; default: the latest block's timestamp (the chain's own time). */
  clock?: Clock;
  /**
   * Funding rate per funding interval (signed fraction) for a market at a time; default: the venue's
   * mark/index premium (`fundingPerInterval`). The demo passes historical funding.
   */
  fundingRate?: ((market: string, nowMs: number) => number | undefined) | undefined;
  /** Bars to seed per market before the first evaluation, and optional seed bars (e.g. a CSV) per market id. */
  backfill?: { bars: number; seed?: ReadonlyMap<string, readonly StoredBar[]> };
  /** Layer 3 through the book's EmergencyModule (no signatures) when set; Layers 1–2 always go to the signers. */
  emergency?: EmergencyOptions | undefined;
  /** Alert hook: a book is unprotected (stale data, failed module call); see `UnprotectedEvent`. */
  onUnprotected?: OnUnprotected | undefined;
};

export type BookTick = {
  book: KeeperBook;
  decision: Decision;
  plan: Plan | undefined;
  outcome: ProposeOutcome | undefined;
  account: AccountState | undefined;
  stale: string[];
  /** Age (s) of the oracle data the decision used; with `stale` non-empty the layer is unknown. */
  dataAgeSec: number | undefined;
  superseded: string[];
  /** An open proposal for the decided layer that is still with the signers (nothing new was proposed). */
  pending: string | undefined;
  /** A Layer-3 action the EmergencyModule executed this tick (recorded as executed, route emergency-module). */
  emergency: ProposalRecord | undefined;
  /** Why the EmergencyModule was not used for a Layer-3 plan (empty otherwise). */
  emergencyReasons: string[];
};

export type TickReport = {
  block: bigint;
  time: number;
  books: BookTick[];
  tracked: TrackedOutcome[];
  /** EmergencyModule actions rebuilt from the module's `Protected` events (sent but not recorded, e.g. a crash). */
  recovered: ProposalRecord[];
  delivered: number;
};

/**
 * The live keeper: each `tick()` reconciles proposals with the chain, reads policies and the venue, updates
 * bars and signals, runs the pure strategy (`runStrategy`), and proposes each plan to the book's Safe with
 * its evidence. State that must survive a restart (bars, funding, book states, proposals) is in the store.
 */
export class Keeper {
  readonly #o: KeeperOptions;
  readonly #feeds = new Map<string, MarketFeed>();
  #lastTick: { block: bigint; at: number } | undefined;

  constructor(options: KeeperOptions) {
    this.#o = options;
    for (const m of options.markets)
      this.#feeds.set(m.id.toLowerCase(), new MarketFeed(m, options.publicClient, options.store, options.multicall3));
  }

  get lastTick(): { block: bigint; at: number } | undefined {
    return this.#lastTick;
  }

  #feed(market: string): MarketFeed | undefined {
    return this.#feeds.get(market.toLowerCase());
  }

  async #policies(): Promise<Map<string, PolicyEntry & { paused: boolean }>> {
    // All books at once: the client batches the reads (JSON-RPC batch, Multicall3 when configured).
    const read = (b: KeeperBook) => {
      const id = BigInt(b.id);
      return Promise.all([
        this.#o.registry.getPolicy(id),
        this.#o.registry.policyVersion(id),
        this.#o.registry.getBook(id),
      ]);
    };
    const rows = await Promise.all(this.#o.books.map(read));
    const out = new Map<string, PolicyEntry & { paused: boolean }>();
    for (const [i, [policy, v, book]] of rows.entries())
      out.set((this.#o.books[i] as KeeperBook).id, {
        policy,
        version: Number(v.version),
        hash: v.policyHash,
        paused: book.paused,
      });
    return out;
  }

  /** One pass of the pipeline. Never throws for one book's trouble: it is logged, counted and reported. */
  async tick(): Promise<TickReport> {
    const { publicClient, store, proposer, log, metrics, venue } = this.#o;
    const stopTimer = metrics.tickSeconds.startTimer();
    const block = await publicClient.getBlock({ blockTag: "latest" });
    const now = this.#o.clock?.now() ?? Number(block.timestamp) * 1000;
    const clock: Clock = { now: () => now };
    const alert = (e: Omit<UnprotectedEvent, "block" | "at">) =>
      reportUnprotected({ log, metrics, onUnprotected: this.#o.onUnprotected }, { ...e, block: block.number, at: now });

    const tracked = await trackExecutions(publicClient, store);
    for (const t of tracked) {
      metrics.proposals.inc({ book: t.proposal.book, status: t.kind });
      log.info(
        {
          proposal: t.proposal.id,
          book: t.proposal.book,
          outcome: t.kind,
          ...("reason" in t ? { reason: t.reason } : {}),
        },
        `proposal ${t.kind}`,
      );
    }

    const policies = await this.#policies();
    const snap: VenueSnapshot = await venue.read(this.#o.books.map((b) => b.account));

    // Prices → bars → signals, per market, for every set of periods a policy asks for.
    await pollFeeds({
      feeds: this.#feeds.values(),
      policies: policies.values(),
      snap,
      now,
      fundingRate: this.#o.fundingRate,
      backfill: this.#o.backfill,
    });

    // Policy version changes supersede what was proposed under the old version.
    const superseded = supersedeOutdated(this.#o.books, policies, proposer, metrics);

    // EmergencyModule actions on chain the store lacks (a crash after `protect`, or another sender): recorded
    // before the hedge ledger is read below.
    let recovered: ProposalRecord[] = [];
    if (this.#o.emergency) {
      try {
        recovered = await recoverEmergencyActions({
          publicClient,
          store,
          module: this.#o.emergency.module,
          chainId: this.#o.chainId,
          registry: this.#o.registry.address,
          books: this.#o.books,
          fromBlock: this.#o.emergency.fromBlock ?? 0n,
          toBlock: block.number,
          maintenanceRatioPpm: snap.maintenanceRatioPpm,
          symbolOf: (m) => this.#feed(m)?.market.symbol ?? m,
        });
      } catch (error) {
        metrics.errors.inc({ stage: "emergency-recovery" });
        log.error({ err: error }, "recovering EmergencyModule actions from events failed; retried next tick");
      }
      for (const r of recovered) {
        metrics.proposals.inc({ book: r.book, status: "recovered-emergency" });
        log.warn(
          { book: r.book, proposal: r.id, tx: r.executedTx, block: r.block.toString() },
          "EmergencyModule action found on chain without a record: recorded from its Protected event",
        );
      }
    }

    // Snapshot for the strategy (per book; books sharing periods share signals).
    const books: BookSnapshot[] = [];
    const staleReasons = new Map<string, string[]>();
    const ages = new Map<string, number>();
    const markets = new Map<string, MarketSignals>();
    for (const b of this.#o.books) {
      const entry = policies.get(b.id);
      const account = snap.accounts.find((a) => a.account.toLowerCase() === b.account.toLowerCase());
      if (!entry || !account) continue;
      const feed = this.#feed(b.market);
      const periods = periodsOf(entry.policy.settings);
      for (const f of this.#feeds.values()) {
        const s = f.signals(periods);
        if (s && !markets.has(f.market.id)) markets.set(f.market.id, s);
      }
      const oracleAt = feed?.lastUpdatedAt ?? 0;
      const fresh = assessFreshness(
        `oracle ${feed?.market.symbol ?? b.market}`,
        oracleAt,
        now / 1000,
        entry.policy.settings.maxStaleness,
      );
      ages.set(b.id, Math.round(fresh.age));
      if (!fresh.fresh) staleReasons.set(b.id, [fresh.reason]);
      const position = account.positions.find((p) => p.market.toLowerCase() === b.market.toLowerCase());
      books.push(
        bookSnapshot({
          bookId: b.id,
          side: b.side,
          market: feed?.market.id ?? b.market,
          positionNotional: position?.notional ?? 0n,
          accountValue: account.accountValue,
          maintenanceRequirement: account.maintenanceRequirement,
          hedge: hedgeStateFromExecutions(store, b.id),
          paused: entry.paused,
          policyVersion: entry.version,
          policyHash: entry.hash,
          dataTime: Math.min(Number(snap.timestamp) * 1000, oracleAt * 1000),
        }),
      );
    }
    const snapshot: Snapshot = { time: now, markets, breadth: breadth(markets.values()), books };
    const states = new Map<string, BookState>();
    for (const b of this.#o.books) {
      const s = store.loadState<BookState>(`book:${b.id}`);
      if (s) states.set(b.id, s);
    }
    const result = runStrategy(snapshot, policies, states, clock, {
      maintenanceRatioPpm: Number(snap.maintenanceRatioPpm),
      plan: (bk) => {
        const kb = this.#o.books.find((x) => x.id === bk.bookId);
        return {
          maintenanceRatioPpm: Number(snap.maintenanceRatioPpm),
          ...(kb?.hedgeMarket ? { hedgeMarket: kb.hedgeMarket } : {}),
        };
      },
    });

    const report: BookTick[] = [];
    for (const d of result.decisions) {
      const b = this.#o.books.find((x) => x.id === d.bookId) as KeeperBook;
      const entry = policies.get(b.id) as PolicyEntry;
      const account = snap.accounts.find((a) => a.account.toLowerCase() === b.account.toLowerCase());
      const plan = result.plans.find((p) => p.bookId === d.bookId);
      const stale = staleReasons.get(b.id) ?? [];
      if (d.status === "stale") for (const r of d.reasons) if (r.kind === "stale") stale.push(formatReason(r));
      metrics.layer.set({ book: b.id }, d.layer);
      metrics.marginBufferPpm.set({ book: b.id }, d.marginBufferPpm);
      const age = ages.get(b.id);
      if (age !== undefined) metrics.dataAgeSeconds.set({ book: b.id }, age);
      if (d.status !== "act") metrics.skipped.inc({ book: b.id, reason: d.status });
      const bookSuperseded = superseded.get(b.id) ?? [];
      let outcome: ProposeOutcome | undefined;
      let emergency: ProposalRecord | undefined;
      let emergencyReasons: string[] = [];
      if (stale.length > 0 || d.status === "stale") {
        metrics.staleData.inc({ book: b.id, source: "oracle" });
        const message = `stale data: not acting; layer unknown (${stale.join("; ")})`;
        alert({ book: b.id, reason: "stale-data", message, ageSec: ages.get(b.id) });
      } else {
        if (d.layer !== d.previousLayer) {
          log.info(
            {
              book: b.id,
              from: d.previousLayer,
              to: d.layer,
              reasons: d.reasons.filter((r) => r.fired).map(formatReason),
            },
            `layer ${d.previousLayer} -> ${d.layer}`,
          );
        }
        const feedSymbol = (m: string) => this.#feed(m)?.market.symbol ?? m;
        const evidenceFor = (p: Plan, calls: readonly SafeCall[]) =>
          buildEvidence({
            book: b,
            symbol: feedSymbol(b.market),
            symbolOf: feedSymbol,
            block: { number: block.number, timestamp: Number(block.timestamp) },
            entry,
            decision: d,
            signals: markets.get(this.#feed(b.market)?.market.id ?? b.market),
            plan: p,
            calls,
            account: account as AccountState,
            maintenanceRatioPpm: snap.maintenanceRatioPpm,
          });
        let toPropose = plan;
        if (plan && plan.layer === 3 && this.#o.emergency && account && !b.watchOnly) {
          try {
            const em = await runEmergency({
              emergency: this.#o.emergency,
              publicClient,
              store,
              chainId: this.#o.chainId,
              safe: b.account,
              safeNonce: await safeNonceOf(publicClient, b.account),
              plan,
              nowSec: BigInt(Math.floor(now / 1000)),
              block: block.number,
              evidence: evidenceFor,
            });
            emergency = em.record;
            emergencyReasons = em.reasons;
            toPropose = em.remaining;
            if (em.record) {
              metrics.proposals.inc({ book: b.id, status: "executed-emergency" });
              log.info(
                { book: b.id, proposal: em.record.id, tx: em.record.executedTx, intents: em.record.planKey },
                "layer 3 action executed by the EmergencyModule",
              );
            } else log.info({ book: b.id, reasons: em.reasons }, "EmergencyModule not used; proposing to the signers");
          } catch (error) {
            metrics.errors.inc({ stage: "emergency" });
            log.error({ book: b.id, err: error }, "EmergencyModule action failed; proposing to the signers");
            const why = (error as Error).message.split("\n")[0];
            alert({
              book: b.id,
              reason: "module-failed",
              message: `EmergencyModule call failed (${why}); to the signers`,
            });
          }
        }
        const pending = toPropose
          ? store
              .openProposals(b.id)
              .find((p) => p.layer === toPropose.layer && p.policyVersion === Number(entry.version))
          : undefined;
        if (toPropose && pending) {
          // A proposal for this layer and policy is with the signers: do not churn it with every price move.
          log.debug({ book: b.id, pending: pending.id }, "proposal for this layer pending; not replacing it");
        } else if (toPropose && account && !b.watchOnly) {
          try {
            const calls = await venue.encodeIntents(b.account, toPropose.intents, {
              snapshot: snap,
              bookSide: b.side,
              slippagePpm: entry.policy.settings.maxSlippagePpm,
            });
            const evidence = evidenceFor(toPropose, calls);
            outcome = await proposer.propose({
              book: b.id,
              safe: b.account,
              policyVersion: Number(entry.version),
              policyHash: entry.hash as `0x${string}`,
              layer: toPropose.layer,
              planKey: toPropose.key,
              calls,
              block: block.number,
              evidence,
            });
            bookSuperseded.push(...outcome.superseded.map((p) => p.id));
            metrics.proposals.inc({ book: b.id, status: outcome.kind });
          } catch (error) {
            metrics.errors.inc({ stage: "propose" });
            log.error({ book: b.id, err: error }, "proposal failed");
          }
        } else if (d.status === "act" && d.layer !== d.previousLayer && !plan) {
          const moved = proposer.supersede(
            b.id,
            `layer changed ${d.previousLayer} -> ${d.layer}; the pending plan no longer applies`,
          );
          bookSuperseded.push(...moved.map((p) => p.id));
        }
      }
      const pendingId = store.openProposals(b.id).find((p) => p.layer === d.layer)?.id;
      report.push({
        book: b,
        decision: d,
        plan,
        outcome,
        account,
        stale,
        dataAgeSec: ages.get(b.id),
        superseded: bookSuperseded,
        pending: pendingId,
        emergency,
        emergencyReasons,
      });
    }
    // Persist the strategy's state only for fresh, evaluated books (a stale tick changes nothing).
    for (const [id, s] of result.states) {
      const tickOf = report.find((r) => r.book.id === id);
      if (tickOf && tickOf.stale.length === 0) store.saveState(`book:${id}`, s);
    }
    let delivered = 0;
    try {
      delivered = (await proposer.deliverPending()).length;
    } catch (error) {
      metrics.errors.inc({ stage: "deliver" });
      log.error({ err: error }, "delivery failed; retried next tick");
    }
    metrics.ticks.inc({ result: "ok" });
    metrics.lastTickBlock.set(Number(block.number));
    stopTimer();
    this.#lastTick = { block: block.number, at: now };
    return { block: block.number, time: now, books: report, tracked, recovered, delivered };
  }
}
