import type { EmergencyActionId } from "../reconcile/EmergencyStatus.ts";
import type { Layer3Limits, ModuleRevert } from "../reconcile/moduleRules.ts";
import type { Bars } from "./data/Bars.ts";
import type { Funding } from "./data/Funding.ts";
import type { MarginAccount } from "./sim/MarginAccount.ts";
import type { SimEmergencyModule } from "./sim/SimEmergencyModule.ts";
import type { SimProposal } from "./sim/SimProposalQueue.ts";
import type { VenueMarginModel } from "./sim/VenueMarginModel.ts";

/** The book as a strategy sees it at a bar's close: only what was known at that time. */
export type BookView = {
  /** Index of the bar that just closed. */
  index: number;
  /** The decision time: that bar's close (= open time + interval), ms. */
  timeMs: number;
  close: number;
  /** +1 long, −1 short. */
  side: 1 | -1;
  /** Base size the book holds when unhedged (its intended exposure). */
  baseSize: number;
  /** Base currently hedged away (0 … baseSize), from executed trades only. */
  hedgedBase: number;
  /** Quote value of the account at the close, and the venue's maintenance requirement. */
  value: number;
  requirement: number;
  /** Idle quote that can still be added as margin. */
  reserve: number;
  /** Target hedge ratio of the proposal waiting for execution, NaN when none. */
  pendingHedgeRatio: number;
  /**
   * The pending proposal is already approved (its approval time has passed) and only waits for the next
   * open to fill: it can no longer be superseded, and a decision returned now is ignored.
   */
  pendingLocked: boolean;
  account: MarginAccount;
  /** Proposals with the simulated signers (strategies that `act`). */
  proposals: readonly SimProposal[];
  /** The simulated Safe's nonce: +1 per executed proposal (module actions do not use it). */
  safeNonce: number;
  /** The book's simulated EmergencyModule (strategies with `moduleLimits`, when the run allows Layer 3 by it). */
  module: SimEmergencyModule | undefined;
  /** Set when the view is taken inside a bar at a watched trigger (`index` is then the last closed bar). */
  atTrigger: boolean;
};

/**
 * What a strategy that runs the shared reconcile stage hands the simulator's executors
 * (docs/backtest-execution.md).
 */
export type SimAction =
  /** A Safe proposal: fills at the first open at or after now + approval delay, unless withdrawn before. */
  | { kind: "propose"; id: string; hedgeDelta: number; marginDelta: number }
  /** Withdraw an open proposal (ignored once approved: the signers have signed it). */
  | { kind: "withdraw"; id: string }
  /** `EmergencyModule.protect`: checked by the module's rules and filled `reactionLatencyMs` after now. */
  | { kind: "protect"; id: string; action: EmergencyActionId; amount: bigint };

/** What the simulated module did with a `protect`: the amount it counted and the fill's reference price. */
export type ProtectResult = { ok: true; counted: bigint; price: number } | { ok: false; revert: ModuleRevert };

/** What a strategy wants after a bar's close. */
export type Decision = {
  /** Share of `baseSize` to hold hedged once executed (0 … 1). */
  targetHedgeRatio: number;
  /** Quote to move from the reserve into the account as margin; negative moves added margin back. */
  addMargin: number;
  /** Emergency (Layer-3) path: executes at the next bar's open when the run allows it. */
  urgent: boolean;
};

/** Everything fixed for one run, shared by all books. */
export type RunContext = {
  bars: Bars;
  funding: Funding;
  /** Last funding rate known at each bar's close (NaN before the first event). */
  fundingAtClose: Float64Array;
  model: VenueMarginModel;
  /** First and one-past-last bar the books trade on; bars before `startIndex` only warm indicators up. */
  startIndex: number;
  endIndex: number;
  /** First bar indicators see (warm-up before `startIndex`). */
  warmupIndex: number;
};

/** A strategy instance drives one book. */
export interface BacktestStrategy {
  /** Called at every bar's close while the book is alive; null keeps the current plan. */
  onBar?(view: BookView): Decision | null;
  /**
   * Instead of `onBar`: the strategy's actions at a bar's close, or inside a bar at its `marginTrigger`
   * (`view.atTrigger`). Proposals wait for the signers; module calls fill at the reaction latency.
   */
  act?(view: BookView): readonly SimAction[];
  /** A price the strategy's keeper watches inside the next bar (NaN: none); reached, `act` runs there. */
  marginTrigger?(view: BookView): number;
  /** The book's EmergencyModule limits (its Layer 3); set: the book gets a simulated module. */
  readonly moduleLimits?: Layer3Limits | undefined;
  /** Called with the module's answer to a `protect` (at its fill); may return follow-up actions. */
  onProtected?(id: string, result: ProtectResult, view: BookView): readonly SimAction[];
  /** Active layer after the last `onBar` (0 = none); baselines report 0. */
  readonly layer: number;
  /** Called when the simulator executes this strategy's pending decision or proposal `id` (at a bar's open). */
  onExecuted?(id?: string, timeMs?: number): void;
  /**
   * An order resting on the venue (known before the bar, so it may fill inside it): its trigger price, NaN
   * for none. When the bar reaches it, it fills at the trigger (at the open if the bar gaps through it) + the
   * reaction latency, ± slippage, and cuts the position to `restingTarget(account, fillPrice)` base. The simulator asks again
   * after every fill, so a repeatable trigger re-arms (further away) inside the same bar.
   */
  restingTrigger?(account: MarginAccount): number;
  /** Base size (|position|) to keep when the resting trigger fills at `price`; default 0 (close it all). */
  restingTarget?(account: MarginAccount, price: number): number;
}

/** Builds one strategy instance per book; `name` is the key in the results. */
export type StrategyFactory = {
  name: string;
  create(run: RunContext, side: 1 | -1): BacktestStrategy;
};
