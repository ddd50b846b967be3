import type { HedgeIntent } from "../../planner/HedgeIntent.ts";
import type { HedgeState } from "../../planner/HedgeState.ts";
import type { Policy } from "../../policy/Policy.ts";
import { toFloat, toUnits } from "../../signals/toFloat.ts";
import { type BookSnapshot, bookSnapshot } from "../../strategy/BookSnapshot.ts";
import type { BookState } from "../../strategy/BookState.ts";
import { type PolicyEntry, runStrategy, type StrategyResult } from "../../strategy/runStrategy.ts";
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
      let states: ReadonlyMap<string, BookState> = new Map();
      let layer = 0;
      // Executed hedge (what the "chain" holds) and the plan waiting for execution.
      let reducedNotional = 0n;
      let reducedBase = 0;
      let offsetBase = 0;
      let addedMargin = 0n;
      let pending: { intents: readonly HedgeIntent[]; price: number } | undefined;
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
          for (const it of pending.intents) {
            switch (it.kind) {
              case "reduce":
                reducedNotional += it.notional;
                reducedBase += toFloat(it.notional) / pending.price;
                break;
              case "restore":
                reducedNotional = it.notional >= reducedNotional ? 0n : reducedNotional - it.notional;
                reducedBase =
                  reducedNotional === 0n ? 0 : Math.max(0, reducedBase - toFloat(it.notional) / pending.price);
                break;
              case "openHedge":
                offsetBase += toFloat(it.notional) / pending.price;
                break;
              case "closeHedge":
                offsetBase = Math.max(0, offsetBase - toFloat(it.notional) / pending.price);
                break;
              case "addMargin":
                addedMargin += it.amount;
                break;
              case "removeMargin":
                addedMargin = it.amount >= addedMargin ? 0n : addedMargin - it.amount;
                break;
            }
          }
          pending = undefined;
        },
        onBar(view: BookView): Decision | null {
          const signals = series.signals[view.index];
          const breadth = series.breadth[view.index];
          if (signals === undefined || breadth === undefined) return null;
          const close = view.close;
          const offsetNotional = offsetBase > 0 ? toUnits(offsetBase * close) : 0n;
          if (
            offsetNotional !== hedge.offsetNotional ||
            reducedNotional !== hedge.reducedNotional ||
            addedMargin !== hedge.addedMargin
          ) {
            hedge = { reducedNotional, offsetNotional, addedMargin, hedgeMarket: offsetBase > 0 ? market : undefined };
          }
          const book: BookSnapshot = bookSnapshot({
            bookId: BOOK_ID,
            side: side > 0 ? "long" : "short",
            market,
            positionNotional: toUnits(Math.max(0, view.baseSize - reducedBase) * close),
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
          const result = runStrategy(snapshot, policies, states, clock, { explain: false });
          if (options.trace) strategy.lastStep = { snapshot, policies, states, now: view.timeMs, result };
          states = result.states;
          layer = states.get(BOOK_ID)?.layer ?? layer;
          const plan = result.plans[0];
          if (plan === undefined) return null;
          let target = reducedBase + offsetBase;
          let margin = 0;
          for (const it of plan.intents) {
            if (it.kind === "reduce" || it.kind === "openHedge") target += toFloat(it.notional) / close;
            else if (it.kind === "restore" || it.kind === "closeHedge") target -= toFloat(it.notional) / close;
            else if (it.kind === "addMargin") margin += toFloat(it.amount);
            else margin -= toFloat(it.amount);
          }
          pending = { intents: plan.intents, price: close };
          return { targetHedgeRatio: target / view.baseSize, addMargin: margin, urgent: plan.layer === 3 };
        },
      };
      return strategy;
    },
  };
}
