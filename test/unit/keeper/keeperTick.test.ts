import type { Address } from "viem";
import { describe, expect, it } from "vitest";
import type { ChainCollector } from "../../../src/collectors/ChainCollector.ts";
import type { FeedCollector } from "../../../src/collectors/FeedCollector.ts";
import type { BookPolicy } from "../../../src/collectors/PolicyCollector.ts";
import type { ModuleExecutor, ModuleReceipt } from "../../../src/executors/ModuleExecutor.ts";
import type { ProposalExecutor } from "../../../src/executors/ProposalExecutor.ts";
import { formatTickReport } from "../../../src/keeper/formatTickReport.ts";
import { Keeper } from "../../../src/keeper/Keeper.ts";
import type { KeeperBook } from "../../../src/keeper/KeeperBook.ts";
import type { UnprotectedEvent } from "../../../src/keeper/UnprotectedEvent.ts";
import { createLogger } from "../../../src/log/createLogger.ts";
import { createKeeperMetrics } from "../../../src/metrics/KeeperMetrics.ts";
import { NO_HEDGE } from "../../../src/planner/HedgeState.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import type { ProposalDraft } from "../../../src/proposer/Proposer.ts";
import type { EmergencyStatus } from "../../../src/reconcile/EmergencyStatus.ts";
import { KeeperStore } from "../../../src/store/KeeperStore.ts";
import { newBookState } from "../../../src/strategy/BookState.ts";
import type { AccountState, Venue, VenueSnapshot } from "../../../src/venues/Venue.ts";
import { emptySafeTx } from "../../fixtures/emptySafeTx.ts";
import { e18, MARKET, signals } from "../strategy/fixtures.ts";

/** `Keeper.tick` with fake collectors and executors: the wiring, without a chain. */
const SAFE = "0x00000000000000000000000000000000000005af" as Address;
const MODULE = "0x000000000000000000000000000000000000beef" as Address;
const T = Date.UTC(2021, 4, 19, 12) / 1000;
const book: KeeperBook = { id: "1", side: "long", account: SAFE, market: MARKET as Address };

/** A 5x long of 10 000 notional (size 100 at 100) with `value` of account value: buffer (value − 625) / value. */
function account(value: bigint, size = 100n * e18): AccountState {
  return {
    account: SAFE,
    positions:
      size === 0n
        ? []
        : [{ market: MARKET as Address, size, notional: size * 100n, openNotional: 0n, liquidationPrice: null }],
    accountValue: value * e18,
    maintenanceRequirement: 625n * e18,
    marginDistance: (value - 625n) * e18,
    marginBufferPpm: 0n,
    breached: false,
    pendingFunding: 0n,
    freeCollateral: 0n,
  };
}

const ready: EmergencyStatus = {
  moduleEnabled: true,
  modulePaused: false,
  bookPaused: false,
  inLayer3: true,
  bufferPpm: 200_000n,
  thresholdPpm: 250_000n,
  nextAllowedAt: 0n,
  marginLeft: 20_000n * e18,
  reduceLeft: 5_000_000n * e18,
  idleBalance: 300n * e18,
  bookApproved: true,
  openToAnyoneAt: 0n,
  marginNeeded: 0n,
};

function world(o: {
  account: AccountState;
  nonce?: number;
  module?: ModuleReceipt | "none";
  status?: Partial<EmergencyStatus>;
  book?: KeeperBook;
}) {
  /** Reads to fail from now on (each throws as a transport would after its retries), and the chain's clock. */
  const ctl = { fail: new Set<"head" | "venue" | "policies" | "oracle">(), block: 100n, time: T };
  const failed = (what: string) => new Error(`HTTP request failed (${what})`);
  const unprotected: UnprotectedEvent[] = [];
  const store = new KeeperStore(":memory:", { now: () => T });
  const drafts: ProposalDraft[] = [];
  const protects: bigint[] = [];
  let seq = 0;
  const chain: ChainCollector = {
    head: async () => {
      if (ctl.fail.has("head")) throw failed("head");
      return { number: ctl.block, timestamp: ctl.time };
    },
    safeNonces: async (safes) => new Map(safes.map((s) => [s.toLowerCase(), o.nonce ?? 0])),
  };
  const snap: VenueSnapshot = {
    blockNumber: 100n,
    timestamp: BigInt(T),
    maintenanceRatioPpm: 62_500n,
    accounts: [o.account],
    markets: [],
  };
  const venue: Venue = {
    name: "fake",
    quoteDecimals: 18,
    markets: [],
    read: async () => {
      if (ctl.fail.has("venue")) throw failed("venue");
      return snap;
    },
    encodeIntents: async () => [{ to: SAFE, value: 0n, data: "0x", operation: 0 }],
  };
  const feeds: FeedCollector = {
    fetch: async () => new Map(ctl.fail.has("oracle") ? [[MARKET.toLowerCase(), failed("oracle")]] : []),
    poll: async () => {},
    market: () => ({ id: MARKET, symbol: "ETH", lastUpdatedAt: T }),
    signals: () => new Map([[MARKET, signals({ time: T * 1000, barTime: T * 1000 - 3_600_000 })]]),
  };
  const entry: BookPolicy = { policy: defaultPolicy(), version: 1, hash: "0x01", paused: false };
  const proposals: ProposalExecutor = {
    propose: async (d) => {
      drafts.push(d);
      const { record } = store.recordProposal({
        ...d,
        id: `p${++seq}`,
        chainId: 1,
        safeNonce: o.nonce ?? 0,
        safeTxHash: `0x${seq}`,
        tx: emptySafeTx(SAFE, 0),
      });
      return { kind: "new", record, superseded: [] };
    },
    withdraw: (id, reason) => (store.markSuperseded(id, reason, null) ? store.mustGet(id) : undefined),
    deliverPending: async () => [],
  };
  const executor: ModuleExecutor = {
    module: MODULE,
    protect: async (c) => {
      protects.push(c.amount);
      const r = o.module;
      return r === undefined || r === "none"
        ? {
            ok: true,
            txHash: `0x${"ab".repeat(32)}`,
            block: 100n,
            chainTime: T,
            counted: c.amount,
            positionSizeAfter: 100n * e18,
          }
        : r;
    },
  };
  const metrics = createKeeperMetrics();
  const keeper = new Keeper({
    chainId: 1,
    books: [o.book ?? book],
    store,
    log: createLogger({ level: "silent" }),
    metrics,
    chain,
    policies: {
      readAll: async (ids) => {
        if (ctl.fail.has("policies")) throw failed("policies");
        return new Map(ids.map((id) => [id, entry]));
      },
    },
    venue,
    feeds,
    tracker: { track: async () => [], recover: async () => [] },
    proposals,
    ...(o.module === "none"
      ? {}
      : {
          module: {
            status: { statuses: async (ids) => new Map(ids.map((id) => [id, { ...ready, ...o.status }])) },
            executor,
          },
        }),
    onUnprotected: (e) => void unprotected.push(e),
  });
  return { keeper, store, drafts, protects, metrics, unprotected, ctl };
}

const kinds = (r: Awaited<ReturnType<Keeper["tick"]>>) =>
  r.books[0]?.actions.map((a) =>
    a.kind === "skip" ? `skip ${a.code}` : a.kind === "supersede" ? `supersede ${a.cause}` : a.kind,
  );

describe("Keeper.tick with fake collectors", () => {
  it("Layer 3: the module cuts what its period cap leaves, the rest goes to the signers; the ledger counts the module's cut", async () => {
    const w = world({ account: account(800n), status: { reduceLeft: 4000n * e18 } }); // buffer 21.9 % < 25 %: Layer 3
    const r = await w.keeper.tick();
    expect(r.books[0]?.decision.layer).toBe(3);
    expect(r.books[0]?.plan?.intents).toEqual([{ kind: "reduce", market: MARKET, notional: 10_000n * e18 }]);
    expect(kinds(r)).toEqual(["protect", "propose"]);
    expect(w.protects).toEqual([4000n * e18]);
    expect(r.books[0]?.emergency?.route).toBe("emergency-module");
    expect(w.drafts.map((d) => d.intents)).toEqual([[{ kind: "reduce", market: MARKET, notional: 6000n * e18 }]]);
    // built on the facts after the module's cut: the next tick does not withdraw it
    expect(w.drafts[0]?.builtOn?.hedge.reducedNotional).toBe(4000n * e18);
    const ledger = w.store.listProposals({ status: ["executed"] })[0]?.intents;
    expect(ledger).toEqual([{ kind: "reduce", market: MARKET, notional: 4000n * e18 }]);
  });

  it("a module refusal (another keeper acted first) proposes nothing for a purpose that is gone", async () => {
    const w = world({ account: account(800n), module: { ok: false, reason: "NotInLayer3(1, 300000, 250000)" } });
    const r = await w.keeper.tick();
    expect(kinds(r)).toEqual(["protect", "skip module-reverted"]);
    expect(w.drafts).toHaveLength(0);
    expect(r.books[0]?.emergencyReasons[0]).toMatch(/NotInLayer3/);
    // …and says the book is unprotected through the alert hook
    expect(w.unprotected).toEqual([
      { book: "1", reason: "module-failed", message: expect.stringMatching(/NotInLayer3/), block: 100n, at: T * 1000 },
    ]);
  });

  it("a watch-only book in Layer 3 is evaluated and reported; nothing is sent or proposed", async () => {
    const w = world({ account: account(800n), book: { ...book, watchOnly: true } });
    const r = await w.keeper.tick();
    expect(r.books[0]?.decision.layer).toBe(3);
    expect(r.books[0]?.actions).toEqual([]);
    expect(w.protects).toEqual([]);
    expect(w.drafts).toHaveLength(0);
  });

  it("a pending proposal whose position changed (the module closed it) is withdrawn", async () => {
    const w = world({ account: account(800n, 0n), module: "none" });
    w.store.recordProposal({
      id: "old-l2",
      book: "1",
      chainId: 1,
      safe: SAFE,
      safeNonce: 0,
      safeTxHash: "0x01",
      policyVersion: 1,
      policyHash: "0x01",
      layer: 2,
      planKey: "k",
      block: 90n,
      tx: emptySafeTx(SAFE, 0),
      evidence: {},
      intents: [{ kind: "reduce", market: MARKET, notional: 1000n * e18 }],
      builtOn: { positionSize: 100n * e18, hedge: NO_HEDGE, safeNonce: 0, policyVersion: 1 },
    });
    const r = await w.keeper.tick();
    expect(r.books[0]?.actions[0]).toMatchObject({ kind: "supersede", proposalId: "old-l2", cause: "position" });
    expect(w.store.mustGet("old-l2").status).toBe("superseded");
  });

  it("a plan that was never executed does not hold the book in cooldown", async () => {
    const w = world({ account: account(800n), module: "none" });
    // The strategy planned Layer 3 a second ago (its state says so), but nothing was executed since.
    w.store.saveState("book:1", { ...newBookState(3, T * 1000 - 60_000), lastActionAt: T * 1000 - 1000 });
    const r = await w.keeper.tick();
    expect(r.books[0]?.decision.status).toBe("act");
    expect(w.drafts).toHaveLength(1);
  });

  describe("a read that fails (after the transport's retries) leaves the last good state, marked stale", () => {
    it("the venue: the tick completes, the book is unknown with the age of the last good read, alerted, nothing proposed", async () => {
      const w = world({ account: account(800n) }); // buffer 21.9 %: Layer 3 — the tick would act on fresh data
      w.ctl.fail.add("venue");
      w.ctl.block = 101n;
      // Nothing read yet: the book is still reported (unknown), nothing acts.
      const first = await w.keeper.tick();
      expect(first.books[0]?.stale[0]).toMatch(
        /^venue read failed \(HTTP request failed \(venue\)\); no venue read yet$/,
      );
      expect(formatTickReport(first).join("\n")).toMatch(
        /layer unknown \(STALE; last known L0\).*margin buffer unknown/,
      );
      expect([w.drafts.length, w.protects.length]).toEqual([0, 0]);
      // A good read, then the venue fails two minutes later: the last good snapshot is used and marked stale.
      w.ctl.fail.clear();
      w.store.saveState("book:1", newBookState(0, T * 1000 - 60_000));
      const ok = await w.keeper.tick();
      expect(ok.books[0]?.stale).toEqual([]);
      const drafted = w.drafts.length;
      const protectedBefore = w.protects.length;
      w.ctl.fail.add("venue");
      w.ctl.time = T + 120;
      w.ctl.block = 102n;
      const r = await w.keeper.tick();
      const b = r.books[0];
      expect(b?.stale[0]).toMatch(/^venue read failed .*; using the venue read at block 100$/);
      expect(b?.dataAgeSec).toBe(120);
      expect(b?.outcome).toBeUndefined();
      expect(b?.actions).toEqual([
        { kind: "skip", code: "stale", reason: expect.stringMatching(/^stale data: not acting/) },
      ]);
      expect([w.drafts.length, w.protects.length]).toEqual([drafted, protectedBefore]);
      expect(w.unprotected.at(-1)).toMatchObject({ book: "1", reason: "stale-data", ageSec: 120, block: 102n });
      expect(formatTickReport(r)[1]).toMatch(/layer unknown \(STALE, data 120s old; last known L\d\)/);
    });

    it("the policy registry and the oracle: the last good policy is used, the book is stale and nothing is proposed", async () => {
      const w = world({ account: account(10_000n) }); // buffer 93.75 %: Layer 0, nothing to do
      await w.keeper.tick();
      w.ctl.fail.add("policies").add("oracle");
      w.ctl.time = T + 60;
      const r = await w.keeper.tick();
      expect(r.books[0]?.stale).toEqual([
        "policy read failed (HTTP request failed (policies)); using the policy read at block 100",
        "oracle read failed (HTTP request failed (oracle)); its bars were not advanced",
      ]);
      expect(r.books[0]?.decision.policyVersion).toBe(1);
      expect(r.books[0]?.dataAgeSec).toBe(60);
      expect(w.drafts).toHaveLength(0);
    });

    it("a head behind the newest seen (a lagging node) is not read at; a large step back (a chain reset) is", async () => {
      const w = world({ account: account(10_000n) });
      w.ctl.block = 101n;
      expect((await w.keeper.tick()).block).toBe(101n);
      w.ctl.block = 98n; // three blocks behind, as the fault proxy's stale-block answers
      const r = await w.keeper.tick();
      expect(r.block).toBe(101n);
      expect(r.books[0]?.stale).toEqual([]);
      w.ctl.block = 20n; // 81 blocks behind: a reset chain, taken as it is
      expect((await w.keeper.tick()).block).toBe(20n);
    });

    it("the chain head: every book is reported from its last good state; recovery when it answers again", async () => {
      const w = world({ account: account(10_000n) });
      await w.keeper.tick();
      w.ctl.fail.add("head");
      const r = await w.keeper.tick();
      expect(r.block).toBe(100n);
      expect(r.books[0]?.stale[0]).toMatch(/^chain head unreadable \(HTTP request failed \(head\)\)$/);
      expect(w.unprotected.at(-1)).toMatchObject({ reason: "stale-data" });
      w.ctl.fail.clear();
      w.ctl.block = 101n;
      expect((await w.keeper.tick()).books[0]?.stale).toEqual([]);
    });
  });
});
