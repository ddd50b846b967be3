import type { Address } from "viem";
import { describe, expect, it } from "vitest";
import type { BookView } from "../../../src/backtest/BacktestStrategy.ts";
import { MarginAccount } from "../../../src/backtest/sim/MarginAccount.ts";
import { SimEmergencyModule } from "../../../src/backtest/sim/SimEmergencyModule.ts";
import { SimProposalQueue } from "../../../src/backtest/sim/SimProposalQueue.ts";
import { PERP_V2 } from "../../../src/backtest/sim/VenueMarginModel.ts";
import { SimActionExecutor } from "../../../src/backtest/strategies/SimActionExecutor.ts";
import { defaultEmergencyModuleParams } from "../../../src/deploy/EmergencyModuleParams.ts";
import { liveReconcileInput } from "../../../src/keeper/liveReconcileInput.ts";
import type { HedgeIntent } from "../../../src/planner/HedgeIntent.ts";
import { NO_HEDGE } from "../../../src/planner/HedgeState.ts";
import type { Action } from "../../../src/reconcile/Action.ts";
import { EmergencyAction, type EmergencyStatus } from "../../../src/reconcile/EmergencyStatus.ts";
import type { Layer3Limits } from "../../../src/reconcile/moduleRules.ts";
import type { PlanFacts } from "../../../src/reconcile/PlanFacts.ts";
import { afterProtect, reconcileBook } from "../../../src/reconcile/reconcileBook.ts";
import { subPlan } from "../../../src/reconcile/subPlan.ts";
import { KeeperStore } from "../../../src/store/KeeperStore.ts";
import type { Decision } from "../../../src/strategy/Decision.ts";
import type { Plan } from "../../../src/strategy/runStrategy.ts";
import type { AccountState } from "../../../src/venues/Venue.ts";
import { emptySafeTx } from "../../fixtures/emptySafeTx.ts";
import { bars, T0 } from "../backtest/synthetic.ts";

/**
 * One table of cases through both action paths: the live keeper's (its collectors' shapes: stored proposals,
 * the chain's `EmergencyModule.status`) and the backtester's (simulated signers' queue, the module model,
 * `SimActionExecutor`). Both must give the same actions.
 */
const E18 = 10n ** 18n;
const MARKET = "0x00000000000000000000000000000000000000e7";
const SAFE = "0x00000000000000000000000000000000000005af";
const BOOK = "backtest";
const NOW = T0 + 10 * 3_600_000;
const L3: Layer3Limits = {
  marginBufferPpm: 150_000,
  hedgeRatioPpm: 500_000,
  actionMask: 3,
  maxHedgeNotional: 20_000n * E18,
  maxAddMargin: 20_000n * E18,
};
const MODULE = {
  ...defaultEmergencyModuleParams(),
  cooldown: 300,
  period: 3600,
  periodMarginCap: 40_000n * E18,
  periodReduceCap: 5_000_000n * E18,
};

const reduce = (n: bigint): HedgeIntent => ({ kind: "reduce", market: MARKET, notional: n * E18 });
const addMargin = (n: bigint): HedgeIntent => ({ kind: "addMargin", amount: n * E18 });

function plan(layer: 1 | 2 | 3, intents: HedgeIntent[], policyVersion = 1): Plan {
  const base = { bookId: BOOK, layer, previousLayer: 0, policyVersion, policyHash: "0x", time: NOW } as const;
  return subPlan({ ...base, intents: [], canonical: "", key: "0x" }, intents) as Plan;
}
const decision = (layer: 0 | 1 | 2 | 3, previousLayer: 0 | 1 | 2 | 3) =>
  ({ status: "act", layer, previousLayer }) as Pick<Decision, "status" | "layer" | "previousLayer"> as Decision;

type Case = {
  name: string;
  /** A proposal made earlier (at the first facts) and still with the signers. */
  pending?: Plan;
  /** What changes between that proposal and now. */
  change?: { policyVersion?: number; nonceUsed?: boolean; positionCut?: number };
  decision: Decision;
  plan: Plan | undefined;
  /** The module: margin already used this period, idle balance, last action (s before now), reverting. */
  module?: { marginUsed?: bigint; idle: bigint; lastActionAgo?: number; reverts?: boolean };
  expected: string[];
};

const CASES: Case[] = [
  {
    name: "pending proposal for the same layer",
    pending: plan(2, [reduce(1000n)]),
    decision: decision(2, 2),
    plan: plan(2, [reduce(1200n)]),
    expected: ["skip pending"],
  },
  {
    name: "layer drop with a pending escalation",
    pending: plan(2, [reduce(1000n)]),
    decision: decision(1, 2),
    plan: undefined,
    expected: ["supersede layer"],
  },
  {
    name: "policy-version change",
    pending: plan(2, [reduce(1000n)]),
    change: { policyVersion: 2 },
    decision: decision(2, 2),
    plan: plan(2, [reduce(1000n)], 2),
    expected: ["supersede policy", "propose 2"],
  },
  {
    name: "position changed under a pending proposal",
    pending: plan(2, [reduce(1000n)]),
    change: { positionCut: 100 },
    decision: decision(2, 2),
    plan: undefined,
    expected: ["supersede position"],
  },
  {
    name: "nonce used elsewhere",
    pending: plan(1, [reduce(500n)]),
    change: { nonceUsed: true },
    decision: decision(2, 1),
    plan: plan(2, [reduce(1000n)]),
    expected: ["supersede nonce", "propose 2"],
  },
  {
    name: "Layer 3: the period cap binds the module's margin",
    decision: decision(3, 2),
    plan: plan(3, [addMargin(15_000n), reduce(4000n)]),
    module: { marginUsed: 30_000n, idle: 50_000n },
    expected: ["protect 1 10000", "propose 3 addMargin:5000,reduce:4000"],
  },
  {
    name: "Layer 3: the idle balance binds",
    decision: decision(3, 2),
    plan: plan(3, [addMargin(15_000n)]),
    module: { idle: 6_000n },
    expected: ["protect 1 6000", "propose 3 addMargin:9000"],
  },
  {
    name: "Layer 3: the per-action share of the position binds a cut",
    decision: decision(3, 2),
    plan: plan(3, [reduce(30_000n)]),
    module: { idle: 0n },
    // exposure 500 × 84 = 42,000; 50 % of it = 21,000 > maxHedgeNotional 20,000
    expected: ["protect 2 20000", "propose 3 reduce:10000"],
  },
  {
    name: "Layer 3 in the module's cooldown: all to the signers",
    decision: decision(3, 2),
    plan: plan(3, [addMargin(1000n)]),
    module: { idle: 50_000n, marginUsed: 1n, lastActionAgo: 60 },
    expected: ["skip module-unused", "propose 3 addMargin:1000"],
  },
  {
    name: "module reverting: nothing is proposed",
    decision: decision(3, 2),
    plan: plan(3, [addMargin(1000n), reduce(1000n)]),
    module: { idle: 50_000n, reverts: true },
    expected: ["protect 1 1000", "skip module-reverted"],
  },
];

/** Short, id-free form of an action. */
function show(a: Action): string {
  if (a.kind === "supersede") return `supersede ${a.cause}`;
  if (a.kind === "skip") return `skip ${a.code}`;
  if (a.kind === "protect") return `protect ${a.action} ${a.amount / E18}`;
  const body = a.plan.intents.map((i) => `${i.kind}:${("amount" in i ? i.amount : i.notional) / E18}`).join(",");
  return `propose ${a.plan.layer}${a.plan.intents.length === 1 && a.plan.layer !== 3 ? "" : ` ${body}`}`;
}

const nowSec = BigInt(NOW / 1000);

/** The live path: proposals as the keeper's store holds them, the venue's account, the chain's module status. */
function live(c: Case): string[] {
  const store = new KeeperStore(":memory:", { now: () => NOW / 1000 });
  if (c.pending) {
    const built: PlanFacts = { positionSize: 500n * E18, hedge: NO_HEDGE, safeNonce: 0, policyVersion: 1 };
    const tx = emptySafeTx(SAFE, 0);
    store.recordProposal({
      id: "P1",
      book: BOOK,
      chainId: 1,
      safe: SAFE,
      safeNonce: 0,
      safeTxHash: "0x01",
      policyVersion: 1,
      policyHash: "0x",
      layer: c.pending.layer,
      planKey: c.pending.key,
      block: 1n,
      tx,
      evidence: {},
      intents: c.pending.intents,
      builtOn: built,
    });
  }
  const cut = c.change?.positionCut ?? 0;
  const size = BigInt(500 - cut) * E18;
  const account: AccountState = {
    account: SAFE,
    positions: [
      {
        market: MARKET as Address,
        size,
        notional: BigInt(500 - cut) * 84n * E18,
        openNotional: 0n,
        liquidationPrice: null,
      },
    ],
    accountValue: 2000n * E18,
    maintenanceRequirement: 2625n * E18,
    marginDistance: -625n * E18,
    marginBufferPpm: 0n,
    breached: false,
    pendingFunding: 0n,
    freeCollateral: 0n,
  };
  const m = c.module;
  const status: EmergencyStatus | undefined = m && {
    moduleEnabled: true,
    modulePaused: false,
    bookPaused: false,
    inLayer3: true,
    bufferPpm: 0n,
    thresholdPpm: 150_000n,
    nextAllowedAt: m.lastActionAgo === undefined ? 0n : nowSec - BigInt(m.lastActionAgo) + 300n,
    marginLeft:
      20_000n * E18 < 40_000n * E18 - (m.marginUsed ?? 0n) * E18
        ? 20_000n * E18
        : 40_000n * E18 - (m.marginUsed ?? 0n) * E18,
    reduceLeft: 20_000n * E18,
    idleBalance: m.idle * E18,
    bookApproved: true,
    openToAnyoneAt: 0n,
    marginNeeded: 0n,
  };
  const input = liveReconcileInput({
    book: { id: BOOK, market: MARKET },
    decision: c.decision,
    plan: c.plan,
    open: store.openProposals(BOOK),
    account,
    hedge: cut > 0 ? { ...NO_HEDGE, reducedNotional: BigInt(cut * 84) * E18 } : NO_HEDGE,
    safeNonce: c.change?.nonceUsed ? 1 : 0,
    policyVersion: c.change?.policyVersion ?? 1,
    module: status && { status, hedgeRatioPpm: L3.hedgeRatioPpm },
    stale: [],
    nowMs: NOW,
  });
  const first = reconcileBook(input);
  const protect = first.find((a) => a.kind === "protect");
  if (!protect) return first.map(show);
  const after = m?.reverts
    ? afterProtect(input, first, { ok: false, reason: "NotInLayer3" })
    : afterProtect(input, first, { ok: true, after: input.facts });
  return [...first, ...after].map(show);
}

/** The backtester's path: the same situation built in the simulator's terms, through `SimActionExecutor`. */
function simulated(c: Case): string[] {
  const b = bars(Array.from({ length: 20 }, () => [84, 84, 84, 84] as const));
  const account = new MarginAccount({ ...PERP_V2, takerFee: 0, slippage: 0 }, 10_000);
  account.trade(500, 100);
  const queue = new SimProposalQueue(b, 6 * 3_600_000);
  const m = c.module;
  const module = m ? new SimEmergencyModule(MODULE, L3) : undefined;
  if (module && m?.marginUsed) {
    // an earlier action this period used the margin (and, with `lastActionAgo`, started the cooldown)
    const at = nowSec - BigInt(m.lastActionAgo ?? 600);
    const f = {
      moduleEnabled: true,
      modulePaused: false,
      bookPaused: false,
      bufferPpm: 0n,
      positionSize: 1n,
      exposure: 1n,
      accountValue: 0n,
      maintenanceRequirement: 0n,
    };
    // in two calls a cooldown apart: one call may add at most maxAddMargin
    const half = (m.marginUsed * E18) / 2n;
    const calls = [
      [half, at - 600n],
      [m.marginUsed * E18 - half, at],
    ] as const;
    for (const [amount, t] of calls) {
      if (amount === 0n) continue;
      expect(
        module.protect({ ...f, idleBalance: amount }, EmergencyAction.addMargin, amount, t, () => 1_000_000n).ok,
      ).toBe(true);
    }
  }
  const view: BookView = {
    index: 9,
    timeMs: NOW,
    close: 84,
    side: 1,
    baseSize: 500,
    hedgedBase: 0,
    value: account.value(84),
    requirement: account.requirement(84),
    reserve: m ? Number(m.idle) : 0,
    pendingHedgeRatio: Number.NaN,
    pendingLocked: false,
    account,
    proposals: queue.items,
    safeNonce: 0,
    module,
    atTrigger: false,
  };
  const exec = new SimActionExecutor(BOOK, 1, L3.hedgeRatioPpm, true);
  if (c.pending) {
    for (const a of exec.step(view, decision(c.pending.layer, 0), c.pending))
      if (a.kind === "propose") queue.submit(a, NOW - 3_600_000);
    view.proposals = queue.items;
  }
  const traced = exec.trace?.length ?? 0;
  const cut = c.change?.positionCut ?? 0;
  if (cut > 0) {
    account.trade(-cut, 84); // the module cut the position (recorded in the ledger, as the keeper reads it)
    exec.ledger = { ...NO_HEDGE, reducedNotional: BigInt(cut * 84) * E18 };
  }
  if (c.change?.nonceUsed) view.safeNonce = 1;
  if (c.change?.policyVersion) exec.policyVersion = c.change.policyVersion;
  for (const a of exec.step(view, c.decision, c.plan)) {
    if (a.kind !== "protect" || !module) continue;
    const r = m?.reverts
      ? ({ ok: false, revert: { error: "NotInLayer3", args: [] } } as const)
      : ({ ok: true, counted: a.amount, price: 84 } as const);
    exec.protected(a.id, r, view);
  }
  return (exec.trace ?? []).slice(traced).flat().map(show);
}

describe("one action layer: the live path and the backtester's executors take the same actions", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const l = live(c);
      expect(l).toEqual(c.expected);
      expect(simulated(c)).toEqual(l);
    });
  }
});
