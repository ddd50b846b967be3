import type { Layer, Policy } from "../../policy/Policy.ts";
import type { Action } from "../../reconcile/Action.ts";
import { cooldownFromExecutions } from "../../reconcile/cooldownFromExecutions.ts";
import { replanAfterWithdrawal, withdrewWithoutReplacement } from "../../reconcile/replanAfterWithdrawal.ts";
import type { Breadth } from "../../signals/breadth.ts";
import type { MarketSignals } from "../../signals/MarketSignals.ts";
import { toFloat } from "../../signals/toFloat.ts";
import type { BookState } from "../../strategy/BookState.ts";
import { referenceScale, scaleBufferPpm } from "../../strategy/referenceScale.ts";
import {
  type PolicyEntry,
  runStrategy,
  type StrategyOptions,
  type StrategyResult,
} from "../../strategy/runStrategy.ts";
import type { Snapshot } from "../../strategy/Snapshot.ts";
import type { BacktestStrategy, BookView, RunContext, SimAction, StrategyFactory } from "../BacktestStrategy.ts";
import { checkBarInterval } from "../checkBarInterval.ts";
import {
  type BarInputs,
  type BookIdentity,
  fastSnapshots,
  fastUnhedgedBufferPpm,
  type Held,
  plainBook,
  referenceSnapshots,
} from "./alvhSnapshots.ts";
import { marketSignalSeries } from "./marketSignalSeries.ts";
import { SimActionExecutor } from "./SimActionExecutor.ts";

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

export type AlvhStrategy = BacktestStrategy & {
  layer: number;
  lastStep: AlvhStep | undefined;
  /** The reconcile actions of every step, when `trace` is on. */
  readonly actions: Action[][] | undefined;
};

const BOOK_ID = "backtest";

/**
 * ALVH in the backtester, wired like the live keeper (collect → strategy → reconcile → execute): at every
 * bar's close — and inside a bar where the margin buffer reaches the Layer-3 threshold while the module could
 * act (`marginTrigger`) — the book's snapshot (the shared `BookSnapshot`, bigint amounts in 18-decimal units)
 * goes through `runStrategy` with a simulated clock, then through the shared `reconcileBook` with the
 * simulated signers' open proposals, the venue facts and the simulated EmergencyModule's status. Its typed
 * actions go to the simulator's executors (`SimActionExecutor`): proposals to the signers' queue, module calls
 * to the module model. On a single market an offset hedge nets with the position (Perp v2 keeps one position
 * per market per account), so `reduce` and `openHedge` both cut the net exposure. The hedge fed back to the
 * strategy changes only when the simulator executes (as the keeper reads it from the chain), and the
 * cooldown runs from executed actions only.
 */
export function alvh(policy: Policy, options: AlvhOptions = {}): StrategyFactory {
  const name = options.name ?? "alvh";
  const market = options.market ?? "MARKET";
  const entry: PolicyEntry = { policy, version: options.policyVersion ?? 1, hash: options.policyHash ?? "0x" };
  const policies: ReadonlyMap<string, PolicyEntry> = new Map([[BOOK_ID, entry]]);
  const keepSteps = options.trace === true || options.onStep !== undefined;
  const l3 = policy.layers[2];
  return {
    name,
    create: (run: RunContext, side: 1 | -1): AlvhStrategy => {
      checkBarInterval(policy, run.bars);
      const series = marketSignalSeries(run, market, policy.settings);
      const maintenanceRatioPpm = Math.round(run.model.maintenanceRatio * 1_000_000);
      const reference = options.snapshots === "reference";
      const strategyOptions: StrategyOptions = {
        explain: false,
        maintenanceRatioPpm,
        plan: { maintenanceRatioPpm },
        // the reference path runs the core's own bigint version, the yardstick of the float one
        unhedgedBufferPpm: reference ? undefined : fastUnhedgedBufferPpm,
      };
      const identity: BookIdentity = {
        bookId: BOOK_ID,
        side: side > 0 ? "long" : "short",
        market,
        policyVersion: entry.version,
        policyHash: entry.hash,
      };
      const build = reference ? referenceSnapshots(identity) : fastSnapshots(identity);
      const inputs: BarInputs = {
        timeMs: 0,
        close: 0,
        signals: undefined as unknown as MarketSignals,
        breadth: undefined as unknown as Breadth,
        baseSize: 0,
        value: 0,
        requirement: 0,
      };
      const exec = new SimActionExecutor(BOOK_ID, Number(entry.version), l3.hedgeRatioPpm, options.trace === true);
      let states: ReadonlyMap<string, BookState> = new Map();
      const clockTime = { t: 0 };
      const clock = { now: () => clockTime.t };
      // Buffer the keeper's margin trigger watches: just inside the Layer-3 threshold (the module's own test).
      const triggerBuffer = (l3.marginBufferPpm - 0.5) / 1_000_000;
      let moduleLastAt: bigint | undefined;
      let moduleReadySec = 0;
      let moduleReadyBig = 0n;
      // The hedge's amounts as floats, converted once per change of the hedge (not every bar).
      const heldFloats = { held: undefined as Held | undefined, reduced: 0, added: 0 };
      /**
       * Price at which the next layer's margin trigger fires (the live keeper reads the buffer every poll, so it
       * escalates inside a bar): the first enabled trigger above the book's layer, under its reference scale,
       * on the buffer the layers read (the unhedged one once something is cut or added); NaN when none.
       */
      const nextLayerPrice = (view: BookView): number => {
        const layer = strategy.layer;
        if (layer >= 3) return Number.NaN;
        let level = 0;
        for (let k = layer; k < 3 && level === 0; k++) level = (policy.layers[k] as Layer).marginBufferPpm;
        if (level === 0) return Number.NaN;
        const scale = referenceScale(
          policy.settings.referenceBufferPpm,
          states.get(BOOK_ID)?.referenceBufferPpm ?? Number.NaN,
        );
        // 1 ppm inside the level, so the evaluation at that price fires it
        const b = (scaleBufferPpm(level, scale) - 1) / 1_000_000;
        const h = exec.held;
        // an offset nets with the position on the simulator's one market: its share is not solved for here
        // (the default policies cut first); such a book escalates at the next close, as before
        if (h.offsetBase > 0) return Number.NaN;
        if (h !== heldFloats.held) {
          heldFloats.held = h;
          heldFloats.reduced = toFloat(h.reducedNotional);
          heldFloats.added = toFloat(h.addedMargin);
        }
        return view.account.priceAtBufferWith(b, heldFloats.reduced, heldFloats.added);
      };
      const strategy: AlvhStrategy = {
        lastStep: undefined,
        // A data property (kept current by onBar), not a getter: an object literal with an accessor is a slow
        // dictionary-mode object, and the simulator reads this one on every bar.
        layer: 0,
        actions: exec.trace,
        moduleLimits: l3,
        onExecuted(id?: string, timeMs?: number) {
          if (id !== undefined) exec.executed(id, timeMs ?? clockTime.t);
        },
        onProtected: (id, result, view) => exec.protected(id, result, view),
        marginTrigger(view: BookView): number {
          const m = view.module;
          if (m === undefined) return nextLayerPrice(view);
          // The module's cooldown end (s), converted once per module action instead of bigints every bar.
          const last = m.lastActionAt;
          if (last !== moduleLastAt) {
            moduleLastAt = last;
            const ready = last + BigInt(m.params.cooldown);
            moduleReadySec = ready <= MAX_SAFE ? Number(ready) : Number.POSITIVE_INFINITY;
            moduleReadyBig = ready;
          }
          const nowSec = Math.floor(view.timeMs / 1000);
          const cooling =
            moduleReadySec === Number.POSITIVE_INFINITY ? moduleReadyBig > BigInt(nowSec) : moduleReadySec > nowSec;
          const moduleAt = cooling ? Number.NaN : view.account.priceAtBuffer(triggerBuffer);
          return nearer(moduleAt, nextLayerPrice(view), view.side);
        },
        act(view: BookView): readonly SimAction[] {
          const signals = series.signals[view.index];
          const breadth = series.breadth[view.index];
          if (signals === undefined || breadth === undefined) return NO_ACTIONS;
          inputs.timeMs = view.timeMs;
          inputs.close = view.close;
          inputs.signals = signals;
          inputs.breadth = breadth;
          inputs.baseSize = view.baseSize;
          inputs.value = view.value;
          inputs.requirement = view.requirement;
          const snapshot = build(inputs, exec.held);
          clockTime.t = view.timeMs;
          const prev = states.get(BOOK_ID);
          const cooled = cooldownFromExecutions(prev, exec.lastExecutedAt);
          if (cooled !== prev && cooled !== undefined) states = new Map([[BOOK_ID, cooled]]);
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
          const decision = result.decisions[0];
          if (decision === undefined) return NO_ACTIONS;
          const actions = exec.step(view, decision, result.plans[0]);
          if (actions.length > 0 && withdrewWithoutReplacement(actions)) {
            const replan = replanAfterWithdrawal(states.get(BOOK_ID), true);
            if (replan) states = new Map([[BOOK_ID, replan]]);
          }
          return actions;
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

const NO_ACTIONS: readonly SimAction[] = [];
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The trigger price a bar's adverse path reaches first: the higher for a long, the lower for a short. */
function nearer(a: number, b: number, side: 1 | -1): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return side > 0 ? Math.max(a, b) : Math.min(a, b);
}
