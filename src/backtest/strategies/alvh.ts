import type { HedgeIntent } from "../../planner/HedgeIntent.ts";
import type { HedgeState } from "../../planner/HedgeState.ts";
import type { Policy } from "../../policy/Policy.ts";
import { toFloat, toUnits } from "../../signals/toFloat.ts";
import { type BookSnapshot, bookSnapshot } from "../../strategy/BookSnapshot.ts";
import type { BookState } from "../../strategy/BookState.ts";
import {
  type PolicyEntry,
  runStrategy,
  type StrategyOptions,
  type StrategyResult,
} from "../../strategy/runStrategy.ts";
import type { Snapshot } from "../../strategy/Snapshot.ts";
import type { BacktestStrategy, BookView, Decision, RunContext, StrategyFactory } from "../BacktestStrategy.ts";
import { marketSignalSeries } from "./marketSignalSeries.ts";

export type AlvhOptions = {
  name?: string;
  /** Market id the snapshots use (any label; one market per run). */
  market?: string;
  policyVersion?: number;
  policyHash?: string;
  /** Keep the last snapshot, states and result on the instance (for tests and debugging). */
  trace?: boolean;
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

export type AlvhStrategy = BacktestStrategy & { lastStep: AlvhStep | undefined };

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
  return {
    name,
    create: (run: RunContext, side: 1 | -1): AlvhStrategy => {
      const series = marketSignalSeries(run, market, policy.settings);
      const strategyOptions: StrategyOptions = {
        explain: false,
        plan: { maintenanceRatioPpm: Math.round(run.model.maintenanceRatio * 1_000_000) },
      };
      let states: ReadonlyMap<string, BookState> = new Map();
      let layer = 0;
      // Executed hedge (what the "chain" holds) and the plan waiting for execution.
      let held: Held = NOTHING_HELD;
      let pending: { intents: readonly HedgeIntent[]; price: number; layer: number } | undefined;
      let hedge: HedgeState = { reducedNotional: 0n, offsetNotional: 0n, addedMargin: 0n, hedgeMarket: undefined };
      const clockTime = { t: 0 };
      const clock = { now: () => clockTime.t };
      const strategy: AlvhStrategy = {
        lastStep: undefined,
        get layer() {
          return layer;
        },
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
          const offsetNotional = held.offsetBase > 0 ? toUnits(held.offsetBase * close) : 0n;
          if (
            offsetNotional !== hedge.offsetNotional ||
            held.reducedNotional !== hedge.reducedNotional ||
            held.addedMargin !== hedge.addedMargin
          ) {
            hedge = {
              reducedNotional: held.reducedNotional,
              offsetNotional,
              addedMargin: held.addedMargin,
              hedgeMarket: held.offsetBase > 0 ? market : undefined,
            };
          }
          const book: BookSnapshot = bookSnapshot({
            bookId: BOOK_ID,
            side: side > 0 ? "long" : "short",
            market,
            positionNotional: toUnits(Math.max(0, view.baseSize - held.reducedBase) * close),
            accountValue: toUnits(view.value),
            maintenanceRequirement: toUnits(view.requirement),
            hedge,
            paused: false,
            policyVersion: entry.version,
            policyHash: entry.hash,
            dataTime: view.timeMs,
          });
          const snapshot: Snapshot = {
            time: view.timeMs,
            markets: new Map([[market, signals]]),
            breadth,
            books: [book],
          };
          clockTime.t = view.timeMs;
          const result = runStrategy(snapshot, policies, states, clock, strategyOptions);
          if (options.trace)
            strategy.lastStep = { options: strategyOptions, snapshot, policies, states, now: view.timeMs, result };
          states = result.states;
          layer = states.get(BOOK_ID)?.layer ?? layer;
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

/** The hedge in place, in the adapter's terms: what was cut (notional at the cut, and base), offsets, margin. */
type Held = { reducedNotional: bigint; reducedBase: number; offsetBase: number; addedMargin: bigint };
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
