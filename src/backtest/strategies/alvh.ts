import type { HedgeIntent } from "../../planner/HedgeIntent.ts";
import type { Policy } from "../../policy/Policy.ts";
import type { Breadth } from "../../signals/breadth.ts";
import type { MarketSignals } from "../../signals/MarketSignals.ts";
import { toFloat } from "../../signals/toFloat.ts";
import type { BookState } from "../../strategy/BookState.ts";
import {
  type PolicyEntry,
  runStrategy,
  type StrategyOptions,
  type StrategyResult,
} from "../../strategy/runStrategy.ts";
import type { Snapshot } from "../../strategy/Snapshot.ts";
import type { BacktestStrategy, BookView, Decision, RunContext, StrategyFactory } from "../BacktestStrategy.ts";
import {
  type BarInputs,
  type BookIdentity,
  fastSnapshots,
  type Held,
  plainBook,
  referenceSnapshots,
} from "./alvhSnapshots.ts";
import { marketSignalSeries } from "./marketSignalSeries.ts";

export type AlvhOptions = {
  name?: string;
  /** Market id the snapshots use (any label; one market per run). */
  market?: string;
  policyVersion?: number;
  policyHash?: string;
  /** Keep the last snapshot, states and result on the instance (for tests and debugging). */
  trace?: boolean;
  /** Called after every strategy step with a copy of its inputs and its result (for tests). */
  onStep?: (step: AlvhStep) => void;
  /**
   * How each bar's snapshot is built: `fast` (default, `fastSnapshots`: reused objects, float margin buffer,
   * bigint amounts only when read) or `reference` (`referenceSnapshots`: fresh objects via `bookSnapshot`).
   * Both give the same snapshots, hence the same decisions and plans; `reference` is the yardstick.
   */
  snapshots?: "fast" | "reference";
};

/** One strategy step as the adapter ran it: exactly the arguments given to `runStrategy`, and its result. */
export type AlvhStep = {
  options: StrategyOptions;
  snapshot: Snapshot;
  policies: ReadonlyMap<string, PolicyEntry>;
  states: ReadonlyMap<string, BookState>;
  now: number;
  result: StrategyResult;
};

export type AlvhStrategy = BacktestStrategy & { layer: number; lastStep: AlvhStep | undefined };

const BOOK_ID = "backtest";

/**
 * ALVH in the backtester: at every bar's close, the book's snapshot (the shared `BookSnapshot` type, bigint
 * amounts in 18-decimal units) goes through `runStrategy` — the very function the live keeper calls — with
 * a simulated clock at the close. The plan's intents become a target hedge for the simulator:
 * `reduce`/`openHedge` add hedged base (notional ÷ the close), `restore`/`closeHedge` remove it,
 * `addMargin`/`removeMargin` move quote between the reserve and the account. On a single market an offset
 * hedge nets with the position (Perp v2 keeps one position per market per account), so both kinds cut the
 * net exposure. The hedge state fed back to the strategy changes only when the simulator executes the plan
 * (as the keeper reads it from the chain); Layer-3 plans take the emergency path.
 */
export function alvh(policy: Policy, options: AlvhOptions = {}): StrategyFactory {
  const name = options.name ?? "alvh";
  const market = options.market ?? "MARKET";
  const entry: PolicyEntry = { policy, version: options.policyVersion ?? 1, hash: options.policyHash ?? "0x" };
  const policies: ReadonlyMap<string, PolicyEntry> = new Map([[BOOK_ID, entry]]);
  const keepSteps = options.trace === true || options.onStep !== undefined;
  return {
    name,
    create: (run: RunContext, side: 1 | -1): AlvhStrategy => {
      const series = marketSignalSeries(run, market, policy.settings);
      const strategyOptions: StrategyOptions = {
        explain: false,
        plan: { maintenanceRatioPpm: Math.round(run.model.maintenanceRatio * 1_000_000) },
      };
      const identity: BookIdentity = {
        bookId: BOOK_ID,
        side: side > 0 ? "long" : "short",
        market,
        policyVersion: entry.version,
        policyHash: entry.hash,
      };
      const build = options.snapshots === "reference" ? referenceSnapshots(identity) : fastSnapshots(identity);
      const inputs: BarInputs = {
        timeMs: 0,
        close: 0,
        signals: undefined as unknown as MarketSignals,
        breadth: undefined as unknown as Breadth,
        baseSize: 0,
        value: 0,
        requirement: 0,
      };
      let states: ReadonlyMap<string, BookState> = new Map();
      // Executed hedge (what the "chain" holds) and the plan waiting for execution.
      let held: Held = NOTHING_HELD;
      let pending: { intents: readonly HedgeIntent[]; price: number; layer: number } | undefined;
      const clockTime = { t: 0 };
      const clock = { now: () => clockTime.t };
      const strategy: AlvhStrategy = {
        lastStep: undefined,
        // A data property (kept current by onBar), not a getter: an object literal with an accessor is a slow
        // dictionary-mode object, and the simulator reads this one on every bar.
        layer: 0,
        onExecuted() {
          if (pending === undefined) return;
          held = applyIntents(held, pending.intents, pending.price);
          pending = undefined;
        },
        onBar(view: BookView): Decision | null {
          const signals = series.signals[view.index];
          const breadth = series.breadth[view.index];
          if (signals === undefined || breadth === undefined) return null;
          const close = view.close;
          inputs.timeMs = view.timeMs;
          inputs.close = close;
          inputs.signals = signals;
          inputs.breadth = breadth;
          inputs.baseSize = view.baseSize;
          inputs.value = view.value;
          inputs.requirement = view.requirement;
          const snapshot = build(inputs, held);
          clockTime.t = view.timeMs;
          const result = runStrategy(snapshot, policies, states, clock, strategyOptions);
          if (keepSteps) {
            const step = {
              options: strategyOptions,
              snapshot: copyOf(snapshot),
              policies,
              states,
              now: view.timeMs,
              result,
            };
            if (options.trace) strategy.lastStep = step;
            options.onStep?.(step);
          }
          if (result.states !== states) {
            // Copy-on-write: a new map only when the book's state changed (its layer with it, if at all).
            states = result.states;
            strategy.layer = states.get(BOOK_ID)?.layer ?? strategy.layer;
          }
          const plan = result.plans[0];
          // An approved proposal still waiting for the next open stands: nothing supersedes it.
          if (plan === undefined || view.pendingLocked) return null;
          // Like the keeper: a proposal for this layer already with the signers is not churned by price moves.
          if (pending !== undefined && pending.layer === plan.layer && !Number.isNaN(view.pendingHedgeRatio))
            return null;
          const after = applyIntents(held, plan.intents, close);
          const margin = toFloat(after.addedMargin - held.addedMargin);
          pending = { intents: plan.intents, price: close, layer: plan.layer };
          return {
            targetHedgeRatio: (after.reducedBase + after.offsetBase) / view.baseSize,
            addMargin: margin,
            urgent: plan.layer === 3,
          };
        },
      };
      return strategy;
    },
  };
}

/** A snapshot that stays as it is: fresh objects, every book amount read (a fast snapshot is reused). */
function copyOf(s: Snapshot): Snapshot {
  return { ...s, markets: new Map(s.markets), books: s.books.map(plainBook) };
}

const NOTHING_HELD: Held = { reducedNotional: 0n, reducedBase: 0, offsetBase: 0, addedMargin: 0n };

/**
 * The hedge after `intents` execute, notionals converted to base at the decision's `price`. A restore of
 * everything that was cut brings the base back to the book's full size exactly.
 */
function applyIntents(h: Held, intents: readonly HedgeIntent[], price: number): Held {
  let { reducedNotional, reducedBase, offsetBase, addedMargin } = h;
  for (const it of intents) {
    switch (it.kind) {
      case "reduce":
        reducedNotional += it.notional;
        reducedBase += toFloat(it.notional) / price;
        break;
      case "restore":
        reducedNotional = it.notional >= reducedNotional ? 0n : reducedNotional - it.notional;
        reducedBase = reducedNotional === 0n ? 0 : Math.max(0, reducedBase - toFloat(it.notional) / price);
        break;
      case "openHedge":
        offsetBase += toFloat(it.notional) / price;
        break;
      case "closeHedge":
        offsetBase = Math.max(0, offsetBase - toFloat(it.notional) / price);
        break;
      case "addMargin":
        addedMargin += it.amount;
        break;
      case "removeMargin":
        addedMargin = it.amount >= addedMargin ? 0n : addedMargin - it.amount;
        break;
    }
  }
  return { reducedNotional, reducedBase, offsetBase, addedMargin };
}
