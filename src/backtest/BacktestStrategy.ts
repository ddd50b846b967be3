import type { Bars } from "./data/Bars.ts";
import type { Funding } from "./data/Funding.ts";
import type { MarginAccount } from "./sim/MarginAccount.ts";
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
};

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
  onBar(view: BookView): Decision | null;
  /** Active layer after the last `onBar` (0 = none); baselines report 0. */
  readonly layer: number;
  /** Called when the simulator executes this strategy's pending decision (at a bar's open). */
  onExecuted?(): void;
  /**
   * An order resting on the venue (known before the bar, so it may fill inside it): its trigger price, NaN
   * for none. When the bar reaches it, it fills at the trigger (at the open if the bar gaps through it)
   * ± slippage and cuts the position to `restingTarget(account, fillPrice)` base. The simulator asks again
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
