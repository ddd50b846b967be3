import type { Address } from "viem";
import type { ChainHead } from "../collectors/ChainCollector.ts";
import { MissingReadError } from "../collectors/MissingReadError.ts";
import type { BookPolicy } from "../collectors/PolicyCollector.ts";
import { toError } from "../collectors/toError.ts";
import { shortError } from "../log/shortError.ts";
import type { NewRounds } from "../sources/readNewRounds.ts";
import type { ProposalRecord } from "../store/types.ts";
import type { TrackedOutcome } from "../tracker/trackExecutions.ts";
import type { VenueSnapshot } from "../venues/Venue.ts";
import type { KeeperDeps } from "./Keeper.ts";
import type { KeeperBook } from "./KeeperBook.ts";

/** Blocks a head may lag the newest one seen and still be taken as a lagging node, not a chain reset. */
const MAX_HEAD_REGRESS = 64n;
/** What a tick reads, pinned to one block: this tick's values, or the last good ones where a read failed. */
export type TickInputs = {
  /** The tick's block (the last good head when the head could not be read). */
  head: ChainHead;
  now: number;
  /** Each book's policy (fresh, else the last good one; absent when never read). */
  policies: Map<string, BookPolicy>;
  /** The venue at `head` (else the last good snapshot; undefined when never read). */
  snap: VenueSnapshot | undefined;
  /** New oracle rounds per market (lower-cased id), or the error of that market's read (empty: consume none). */
  fetched: Map<string, NewRounds | Error>;
  /** Per book: which reads failed and what is used instead (non-empty = the book's layer is unknown). */
  failed: Map<string, string[]>;
  /** Per book: age (s) at `now` of the last good data used in place of a failed read. */
  failedAgeSec: Map<string, number>;
  /** Safes' nonces at `head` (lower-cased) of every Safe with a tracked or open proposal. */
  nonces: Map<string, number>;
  /** What the chain did with the keeper's proposals (logged and counted here). */
  tracked: TrackedOutcome[];
  /** EmergencyModule actions rebuilt from the module's `Protected` events. */
  recovered: ProposalRecord[];
};

/** The part of the keeper's wiring the collect stage reads through. */
export type TickReaderDeps = Pick<
  KeeperDeps,
  "books" | "store" | "log" | "metrics" | "clock" | "chain" | "policies" | "venue" | "feeds" | "tracker"
>;

/**
 * The collect stage of a tick: reads the head once, then every other read at that block number, all sent in
 * the same turn (Multicall3 `aggregate3` calls and `eth_getLogs`, carried by the transport's JSON-RPC batching
 * in one HTTP request): policies, the venue, new oracle rounds, the tracked Safes' nonces, the module's events.
 * A read that fails (after the transport's retries) does not abort the tick: the last good value is used and
 * the books it feeds are marked `failed` with its age, so they are reported unknown and nothing is proposed.
 */
export class TickReader {
  readonly #d: TickReaderDeps;
  #head: { head: ChainHead; readAt: number } | undefined;
  #snap: VenueSnapshot | undefined;
  readonly #policies = new Map<string, { policy: BookPolicy; head: ChainHead }>();

  constructor(deps: TickReaderDeps) {
    this.#d = deps;
  }

  /** The tick's reads at `given` (a head the caller just read), else at the head read first. */
  async read(given?: ChainHead): Promise<TickInputs> {
    const { books, log, metrics } = this.#d;
    const failed = new Map<string, string[]>();
    const failedAgeSec = new Map<string, number>();
    const fail = (which: readonly KeeperBook[], what: string, ageSec: number | undefined) => {
      for (const b of which) {
        failed.set(b.id, [...(failed.get(b.id) ?? []), what]);
        if (ageSec !== undefined) failedAgeSec.set(b.id, Math.max(ageSec, failedAgeSec.get(b.id) ?? 0));
      }
    };
    let head: ChainHead;
    let fresh = true;
    try {
      head = given ?? (await this.#d.chain.head());
      const last = this.#head?.head;
      // A node (or a load-balanced RPC) answering a head behind one already seen would pin every read to
      // older state: keep the newest head instead. A large step back is a chain reset, taken as it is.
      if (last && head.number < last.number && last.number - head.number <= MAX_HEAD_REGRESS) {
        metrics.errors.inc({ stage: "head-behind" });
        log.warn({ got: head.number, kept: last.number }, "the RPC answered an older head: reading at the newest seen");
        head = last;
      }
      this.#head = { head, readAt: performance.now() };
    } catch (error) {
      metrics.errors.inc({ stage: "read-head" });
      if (!this.#head) throw error;
      log.error({ err: error }, "reading the chain head failed: every book is reported from its last good state");
      head = this.#head.head;
      fresh = false;
      fail(books, `chain head unreadable (${shortError(error)})`, undefined);
    }
    // Without a new head the chain's clock is extrapolated from the last one read.
    const chainNow = fresh
      ? head.timestamp * 1000
      : head.timestamp * 1000 + (performance.now() - (this.#head?.readAt ?? 0));
    const now = this.#d.clock?.now() ?? chainNow;
    const ageAt = (timestampSec: number) => Math.max(0, Math.round(now / 1000 - timestampSec));
    const out: TickInputs = {
      head,
      now,
      policies: new Map(),
      snap: this.#snap,
      fetched: new Map(),
      failed,
      failedAgeSec,
      nonces: new Map(),
      tracked: [],
      recovered: [],
    };
    if (!fresh) {
      for (const [id, p] of this.#policies) out.policies.set(id, p.policy);
      if (this.#snap)
        fail(books, `using the venue read at block ${this.#snap.blockNumber}`, ageAt(Number(this.#snap.timestamp)));
      return out;
    }

    const n = head.number;
    const safes = this.#trackedSafes();
    const snapRead = this.#d.venue.read(
      books.map((b) => b.account),
      { blockNumber: n },
    );
    const symbolOf = (m: string) => this.#d.feeds.market(m)?.symbol ?? m;
    const [pol, snap, fetched, nonces, recovered] = await Promise.allSettled([
      this.#d.policies.readAll(
        books.map((b) => b.id),
        n,
      ),
      snapRead,
      this.#d.feeds.fetch(n),
      safes.length > 0 ? this.#d.chain.safeNonces(safes, n) : Promise.resolve(new Map<string, number | Error>()),
      this.#d.tracker.recover(n, async () => (await snapRead).maintenanceRatioPpm, symbolOf),
    ]);

    for (const b of books) {
      const r =
        pol.status === "fulfilled"
          ? (pol.value.get(b.id) ?? new MissingReadError("The book was not read.", { metaMessages: [`book: ${b.id}`] }))
          : toError(pol.reason);
      if (!(r instanceof Error)) {
        out.policies.set(b.id, r);
        this.#policies.set(b.id, { policy: r, head });
        continue;
      }
      metrics.errors.inc({ stage: "read-policy" });
      log.error({ book: b.id, err: r }, "reading the book's policy failed");
      const last = this.#policies.get(b.id);
      if (last) out.policies.set(b.id, last.policy);
      const using = last ? `using the policy read at block ${last.head.number}` : "no policy read yet";
      fail([b], `policy read failed (${shortError(r)}); ${using}`, last && ageAt(last.head.timestamp));
    }

    if (snap.status === "fulfilled") {
      this.#snap = snap.value;
      out.snap = snap.value;
    } else {
      metrics.errors.inc({ stage: "read-venue" });
      log.error({ err: snap.reason }, "reading the venue failed");
      const using = this.#snap ? `using the venue read at block ${this.#snap.blockNumber}` : "no venue read yet";
      fail(
        books,
        `venue read failed (${shortError(snap.reason)}); ${using}`,
        this.#snap && ageAt(Number(this.#snap.timestamp)),
      );
    }

    const markets = fetched.status === "fulfilled" ? fetched.value : new Map<string, NewRounds | Error>();
    // Rounds are consumed only beside a fresh venue read (bar-close funding comes from it); else they wait a tick.
    out.fetched = snap.status === "fulfilled" ? markets : new Map();
    for (const b of books) {
      const r = fetched.status === "fulfilled" ? markets.get(b.market.toLowerCase()) : toError(fetched.reason);
      if (!(r instanceof Error)) continue;
      metrics.errors.inc({ stage: "read-oracle" });
      log.error({ book: b.id, err: r }, "reading the book's oracle failed");
      fail([b], `oracle read failed (${shortError(r)}); its bars were not advanced`, undefined);
    }

    const unreadable = new Set<string>();
    for (const s of safes) {
      const r = nonces.status === "fulfilled" ? nonces.value.get(s.toLowerCase()) : toError(nonces.reason);
      if (typeof r === "number") out.nonces.set(s.toLowerCase(), r);
      else unreadable.add(s.toLowerCase());
    }
    if (unreadable.size > 0) {
      metrics.errors.inc({ stage: "read-nonce" });
      log.error({ safes: [...unreadable] }, "reading Safe nonces failed");
      fail(
        books.filter((b) => unreadable.has(b.account.toLowerCase())),
        "Safe nonce read failed; its proposals were not tracked",
        undefined,
      );
    }
    try {
      out.tracked = await this.#d.tracker.track({ blockNumber: n, nonces: out.nonces });
      for (const t of out.tracked) {
        metrics.proposals.inc({ book: t.proposal.book, status: t.kind });
        const extra = "reason" in t ? { reason: t.reason } : t.wasSuperseded ? { note: "had been superseded" } : {};
        log.info({ proposal: t.proposal.id, book: t.proposal.book, outcome: t.kind, ...extra }, `proposal ${t.kind}`);
      }
    } catch (error) {
      metrics.errors.inc({ stage: "track" });
      log.error({ err: error }, "tracking the Safe transactions failed; retried next tick");
      const with_ = new Set(this.#d.store.trackedProposals().map((p) => p.book));
      fail(
        books.filter((b) => with_.has(b.id)),
        `tracking its proposals failed (${shortError(error)})`,
        undefined,
      );
    }

    if (recovered.status === "fulfilled") out.recovered = recovered.value;
    else {
      metrics.errors.inc({ stage: "emergency-recovery" });
      log.error({ err: recovered.reason }, "recovering EmergencyModule actions from events failed; retried next tick");
    }
    for (const r of out.recovered) {
      metrics.proposals.inc({ book: r.book, status: "recovered-emergency" });
      log.warn(
        { book: r.book, proposal: r.id, tx: r.executedTx, block: r.block.toString() },
        "EmergencyModule action found on chain without a record: recorded from its Protected event",
      );
    }
    return out;
  }

  /** Safes whose nonce the tick needs: tracked proposals' and those of books with an open proposal. */
  #trackedSafes(): Address[] {
    const { store, books } = this.#d;
    const safes = new Set(store.trackedProposals().map((p) => p.safe.toLowerCase()));
    for (const b of books) if (!b.watchOnly && store.openProposals(b.id).length > 0) safes.add(b.account.toLowerCase());
    return [...safes] as Address[];
  }
}
