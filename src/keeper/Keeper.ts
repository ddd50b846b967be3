import type { ChainCollector, ChainHead } from "../collectors/ChainCollector.ts";
import type { FeedCollector } from "../collectors/FeedCollector.ts";
import type { ModuleCollector } from "../collectors/ModuleCollector.ts";
import type { BookPolicy, PolicyCollector } from "../collectors/PolicyCollector.ts";
import { type BookExecution, executeBookActions } from "../executors/executeBookActions.ts";
import type { ModuleExecutor } from "../executors/ModuleExecutor.ts";
import type { ProposalExecutor } from "../executors/ProposalExecutor.ts";
import { recordModuleAction } from "../executors/recordModuleAction.ts";
import type { Logger } from "../log/createLogger.ts";
import type { KeeperMetrics } from "../metrics/KeeperMetrics.ts";
import { type HedgeState, NO_HEDGE } from "../planner/HedgeState.ts";
import type { ProposeOutcome } from "../proposer/Proposer.ts";
import type { Action } from "../reconcile/Action.ts";
import { cooldownFromExecutions } from "../reconcile/cooldownFromExecutions.ts";
import { reconcileBook } from "../reconcile/reconcileBook.ts";
import { replanAfterWithdrawal, withdrewWithoutReplacement } from "../reconcile/replanAfterWithdrawal.ts";
import { breadth } from "../signals/breadth.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import { recordBookHistory } from "../store/recordBookHistory.ts";
import type { ProposalRecord } from "../store/types.ts";
import type { BookState } from "../strategy/BookState.ts";
import type { Clock } from "../strategy/Clock.ts";
import type { Decision } from "../strategy/Decision.ts";
import { formatReason } from "../strategy/Reason.ts";
import { type Plan, runStrategy } from "../strategy/runStrategy.ts";
import { checkLedger } from "../tracker/checkLedger.ts";
import type { ExecutionTracker } from "../tracker/ExecutionTracker.ts";
import { lastExecutedAt } from "../tracker/hedgeLedger.ts";
import type { TrackedOutcome } from "../tracker/trackExecutions.ts";
import type { AccountState, SafeCall, Venue, VenueSnapshot } from "../venues/Venue.ts";
import { actionCode } from "./actionCode.ts";
import { buildEvidence } from "./buildEvidence.ts";
import type { KeeperBook } from "./KeeperBook.ts";
import { liveReconcileInput } from "./liveReconcileInput.ts";
import { periodsOf } from "./periodsOf.ts";
import { type ActFacts, readActFacts } from "./readActFacts.ts";
import { reportUnprotected } from "./reportUnprotected.ts";
import { snapshotBooks } from "./snapshotBooks.ts";
import { TickReader } from "./TickReader.ts";
import type { OnUnprotected, UnprotectedEvent } from "./UnprotectedEvent.ts";
import { unknownDecision } from "./unknownDecision.ts";

/** What the keeper is wired from: collectors in, executors out (`createKeeper` builds them from clients). */
export type KeeperDeps = {
  chainId: number;
  books: readonly KeeperBook[];
  store: KeeperStore;
  log: Logger;
  metrics: KeeperMetrics;
  /** Decision time; default: the latest block's timestamp (the chain's own time). */
  clock?: Clock | undefined;
  chain: ChainCollector;
  policies: PolicyCollector;
  venue: Venue;
  feeds: FeedCollector;
  tracker: ExecutionTracker;
  proposals: ProposalExecutor;
  /** The books' EmergencyModule (Layer 3 without signatures); absent: every layer goes to the signers. */
  module?: { status: ModuleCollector; executor: ModuleExecutor } | undefined;
  /** Alert hook: a book is unprotected (stale data, failed module call); see `UnprotectedEvent`. */
  onUnprotected?: OnUnprotected | undefined;
};

export type BookTick = {
  book: KeeperBook;
  decision: Decision;
  plan: Plan | undefined;
  /** The reconcile stage's actions as carried out (module follow-ups included). */
  actions: Action[];
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
  /** Why the EmergencyModule was not used for a Layer-3 plan, or refused it (empty otherwise). */
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
  /** Wall time of the pure strategy step (evaluate and plan every book), ms. */
  strategyMs: number;
};

/**
 * The live keeper, wiring only: each `tick()` collects (the tracker's outcomes, policies, the venue, feeds) →
 * runs the pure strategy (`runStrategy`) → the pure action stage (`reconcileBook`) → the executors (Safe
 * proposals, the EmergencyModule) → records (states, metrics, deliveries). State that must survive a restart
 * (bars, funding, book states, proposals) is in the store.
 */
export class Keeper {
  readonly #d: KeeperDeps;
  readonly #reader: TickReader;
  #lastTick: { block: bigint; at: number } | undefined;

  constructor(deps: KeeperDeps) {
    this.#d = deps;
    this.#reader = new TickReader(deps);
  }

  get lastTick(): { block: bigint; at: number } | undefined {
    return this.#lastTick;
  }

  /**
   * One pass of the pipeline. Never throws for one book's trouble, nor for a failed read once something was
   * read (the books it feeds are reported unknown, with the age of the data): it is logged, counted, reported.
   * `head`: the block to tick at when the caller has just read it (else the tick reads it).
   */
  async tick(options: { head?: ChainHead | undefined } = {}): Promise<TickReport> {
    const { store, log, metrics, feeds, books } = this.#d;
    const stopTimer = metrics.tickSeconds.startTimer();
    const input = await this.#reader.read(options.head);
    const { head, now, policies, tracked, recovered } = input;
    const alert = (e: Omit<UnprotectedEvent, "block" | "at">) =>
      reportUnprotected({ log, metrics, onUnprotected: this.#d.onUnprotected }, { ...e, block: head.number, at: now });

    for (const [id, p] of policies) metrics.policyVersion.set({ book: id }, Number(p.version));
    const snap = input.snap;
    let evaluated: ReturnType<typeof snapshotBooks> | undefined;
    if (snap) {
      try {
        await feeds.poll(policies.values(), snap, now, input.fetched);
      } catch (error) {
        metrics.errors.inc({ stage: "feeds" });
        log.error({ err: error }, "updating the price feeds failed; retried next tick");
        for (const b of books) input.failed.set(b.id, [...(input.failed.get(b.id) ?? []), "price feeds not updated"]);
      }
      evaluated = snapshotBooks({ books, policies, snap, feeds, store, now });
    }

    const states = new Map<string, BookState>();
    for (const b of books) {
      // The cooldown counts executed actions only; a plan whose nonce was used elsewhere (or that failed) is re-made.
      const gone = tracked.some((t) => t.proposal.book === b.id && t.kind !== "executed");
      const loaded = store.loadState<BookState>(`book:${b.id}`);
      const s = replanAfterWithdrawal(cooldownFromExecutions(loaded, lastExecutedAt(store, b.id)), gone);
      if (s) states.set(b.id, s);
    }
    const maintenanceRatioPpm = Number(snap?.maintenanceRatioPpm ?? 0n);
    const t0 = performance.now();
    const result = runStrategy(
      evaluated?.snapshot ?? { time: now, markets: new Map(), breadth: breadth([]), books: [] },
      policies,
      states,
      { now: () => now },
      {
        maintenanceRatioPpm,
        plan: (bk) => {
          const kb = books.find((x) => x.id === bk.bookId);
          return { maintenanceRatioPpm, ...(kb?.hedgeMarket ? { hedgeMarket: kb.hedgeMarket } : {}) };
        },
      },
    );
    const strategyMs = performance.now() - t0;
    // Books the tick could not evaluate at all (nothing read for them yet) are reported unknown too.
    const decisions = [...result.decisions];
    for (const b of books)
      if (!decisions.some((d) => d.bookId === b.id)) decisions.push(unknownDecision(b, states.get(b.id), now));

    const rows = decisions.map((d) => {
      const b = books.find((x) => x.id === d.bookId) as KeeperBook;
      const account = snap?.accounts.find((a) => a.account.toLowerCase() === b.account.toLowerCase());
      const stale = [...(input.failed.get(b.id) ?? []), ...(evaluated?.stale.get(b.id) ?? [])];
      if (d.status === "stale") for (const r of d.reasons) if (r.kind === "stale") stale.push(formatReason(r));
      if (stale.length === 0 && Number.isNaN(d.marginBufferPpm)) stale.push("no data read for the book yet");
      const ages = [evaluated?.ages.get(b.id), input.failedAgeSec.get(b.id)].filter((x) => x !== undefined);
      const age = ages.length > 0 ? Math.max(...ages) : undefined;
      const plan = result.plans.find((p) => p.bookId === d.bookId);
      const open = store.openProposals(b.id);
      const acts = !!account && !b.watchOnly && stale.length === 0 && (plan !== undefined || open.length > 0);
      return { b, d, account, stale, age, plan, acts, layer3: plan?.layer === 3 };
    });
    const facts = await readActFacts({
      chain: this.#d.chain,
      module: this.#d.module?.status,
      blockNumber: head.number,
      known: input.nonces,
      wants: rows.filter((r) => r.acts).map((r) => ({ book: r.b, layer3: r.layer3 })),
    });

    const report: BookTick[] = [];
    for (const { b, d, account, stale, age, plan } of rows) {
      metrics.layer.set({ book: b.id }, d.layer);
      if (!Number.isNaN(d.marginBufferPpm)) metrics.marginBufferPpm.set({ book: b.id }, d.marginBufferPpm);
      if (age !== undefined) metrics.dataAgeSeconds.set({ book: b.id }, age);
      if (d.status !== "act") metrics.skipped.inc({ book: b.id, reason: d.status });
      const ledger = evaluated?.ledgers.get(b.id);
      if (account && ledger) {
        for (const x of checkLedger(b, ledger, account)) {
          metrics.ledgerDisagreements.inc({ book: b.id, kind: x.kind });
          log.warn({ book: b.id, kind: x.kind }, `hedge ledger disagrees with the venue: ${x.detail}`);
        }
      }
      if (stale.length > 0) {
        metrics.staleData.inc({ book: b.id, source: input.failed.has(b.id) ? "read-failed" : "oracle" });
        const message = `stale data: not acting; layer unknown (${stale.join("; ")})`;
        alert({ book: b.id, reason: "stale-data", message, ageSec: age });
      } else if (d.layer !== d.previousLayer) {
        const reasons = d.reasons.filter((r) => r.fired).map((r) => formatReason(r, b.side));
        log.info({ book: b.id, from: d.previousLayer, to: d.layer, reasons }, `layer ${d.previousLayer} -> ${d.layer}`);
      }
      const entry = policies.get(b.id) as BookPolicy;
      // A watch-only book is evaluated and reported; nothing is proposed or executed for it. A book with neither
      // a plan nor an open proposal (or stale) is reconciled without chain facts, as reconcile needs none then.
      const done =
        snap && account && !b.watchOnly && entry
          ? await this.#act(
              b,
              d,
              plan,
              entry,
              account,
              snap,
              head,
              stale,
              now,
              ledger ?? NO_HEDGE,
              facts.get(b.id) ?? NO_FACTS,
            )
          : NONE;
      for (const a of done.actions)
        if (a.kind === "skip" && a.code === "module-reverted")
          alert({ book: b.id, reason: "module-failed", message: a.reason });
      report.push({
        book: b,
        decision: d,
        plan,
        actions: done.actions,
        outcome: done.outcome,
        account,
        stale,
        dataAgeSec: age,
        superseded: done.superseded,
        pending: store.openProposals(b.id).find((p) => p.layer === d.layer)?.id,
        emergency: done.emergency,
        emergencyReasons: done.emergencyReasons,
      });
    }
    // Persist the strategy's state only for fresh, evaluated books (a stale tick changes nothing); a plan
    // withdrawn without a replacement is re-made next tick.
    for (const [id, s] of result.states) {
      const tickOf = report.find((r) => r.book.id === id);
      if (tickOf && tickOf.stale.length === 0)
        store.saveState(`book:${id}`, replanAfterWithdrawal(s, withdrewWithoutReplacement(tickOf.actions)));
    }
    recordBookHistory(
      store,
      report
        .filter((r) => !Number.isNaN(r.decision.marginBufferPpm))
        .map((r) => ({
          book: r.book.id,
          t: now,
          layer: r.decision.layer,
          bufferPpm: r.decision.marginBufferPpm,
          status: r.decision.status,
        })),
    );
    let delivered = 0;
    try {
      delivered = (await this.#d.proposals.deliverPending()).length;
    } catch (error) {
      metrics.errors.inc({ stage: "deliver" });
      log.error({ err: error }, "delivery failed; retried next tick");
    }
    metrics.ticks.inc({ result: "ok" });
    metrics.lastTickBlock.set(Number(head.number));
    stopTimer();
    this.#lastTick = { block: head.number, at: now };
    return { block: head.number, time: now, books: report, tracked, recovered, delivered, strategyMs };
  }

  /** Collect what reconcile needs for one book, reconcile, execute; errors are counted and logged. */
  async #act(
    b: KeeperBook,
    d: Decision,
    plan: Plan | undefined,
    entry: BookPolicy,
    account: AccountState,
    snap: VenueSnapshot,
    head: ChainHead,
    stale: readonly string[],
    now: number,
    hedge: HedgeState,
    facts: ActFacts,
  ): Promise<BookExecution> {
    const { store, log, metrics, chainId } = this.#d;
    const open = store.openProposals(b.id);
    try {
      if (facts.safeNonce instanceof Error) throw facts.safeNonce;
      if (facts.status instanceof Error) throw facts.status;
      const safeNonce = facts.safeNonce;
      const status = facts.status;
      const mod = this.#d.module;
      const input = liveReconcileInput({
        book: b,
        decision: d,
        plan,
        open,
        account,
        hedge,
        safeNonce,
        policyVersion: Number(entry.version),
        module: status && { status, hedgeRatioPpm: entry.policy.layers[2].hedgeRatioPpm },
        stale,
        nowMs: now,
      });
      const symbolOf = (m: string) => this.#d.feeds.market(m)?.symbol ?? m;
      const evidence = (p: Plan, calls: readonly SafeCall[]) =>
        buildEvidence({
          book: b,
          symbol: symbolOf(b.market),
          symbolOf,
          block: head,
          entry,
          decision: d,
          signals: this.#d.feeds
            .signals(periodsOf(entry.policy.settings))
            .get(this.#d.feeds.market(b.market)?.id ?? b.market),
          plan: p,
          calls,
          account,
          maintenanceRatioPpm: snap.maintenanceRatioPpm,
        });
      const done = await executeBookActions({
        input,
        actions: reconcileBook(input),
        proposals: this.#d.proposals,
        module: mod?.executor,
        draft: async (p, builtOn) => {
          const calls = await this.#d.venue.encodeIntents(b.account, p.intents, {
            snapshot: snap,
            bookSide: b.side,
            slippagePpm: entry.policy.settings.maxSlippagePpm,
          });
          return {
            book: b.id,
            safe: b.account,
            policyVersion: Number(entry.version),
            policyHash: entry.hash as `0x${string}`,
            layer: p.layer,
            planKey: p.key,
            calls,
            block: head.number,
            evidence: evidence(p, calls),
            intents: p.intents,
            builtOn,
          };
        },
        recordModule: (protect, receipt) =>
          recordModuleAction({
            store,
            chainId,
            module: mod?.executor.module as `0x${string}`,
            safe: b.account,
            safeNonce,
            protect,
            receipt,
            evidence,
          }),
      });
      for (const a of done.actions) metrics.actions.inc({ book: b.id, kind: a.kind, code: actionCode(a) });
      if (done.outcome) metrics.proposals.inc({ book: b.id, status: done.outcome.kind });
      if (done.emergency) {
        metrics.proposals.inc({ book: b.id, status: "executed-emergency" });
        log.info(
          { book: b.id, proposal: done.emergency.id, tx: done.emergency.executedTx },
          "layer 3 action executed by the EmergencyModule",
        );
      }
      for (const r of done.emergencyReasons) log.info({ book: b.id }, r);
      return done;
    } catch (error) {
      metrics.errors.inc({ stage: "act" });
      log.error({ book: b.id, err: error }, "acting on the plan failed; retried next tick");
      return NONE;
    }
  }
}

const NONE: BookExecution = {
  actions: [],
  outcome: undefined,
  emergency: undefined,
  emergencyReasons: [],
  superseded: [],
};
/** The facts a book that does not act is reconciled with (nothing is read for it; reconcile uses none). */
const NO_FACTS: ActFacts = { safeNonce: 0, status: undefined };
