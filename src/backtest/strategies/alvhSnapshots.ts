import type { HedgeState } from "../../planner/HedgeState.ts";
import type { Breadth } from "../../signals/breadth.ts";
import type { MarketSignals } from "../../signals/MarketSignals.ts";
import { toUnits } from "../../signals/toFloat.ts";
import { type BookSnapshot, bookSnapshot, type PolicyVersion, type Side } from "../../strategy/BookSnapshot.ts";
import type { Snapshot } from "../../strategy/Snapshot.ts";
import { floatMarginBufferPpm } from "./floatMarginBufferPpm.ts";

/** The hedge in place, in the adapter's terms: what was cut (notional at the cut, and base), offsets, margin. */
export type Held = { reducedNotional: bigint; reducedBase: number; offsetBase: number; addedMargin: bigint };

/** The book's fixed identity in every snapshot. */
export type BookIdentity = {
  bookId: string;
  side: Side;
  market: string;
  policyVersion: PolicyVersion;
  policyHash: string;
};

/** One bar's inputs, all known at the decision time (the bar's close). */
export type BarInputs = {
  timeMs: number;
  close: number;
  signals: MarketSignals;
  breadth: Breadth;
  /** Base the book holds when unhedged; the account's value and maintenance requirement at the close. */
  baseSize: number;
  value: number;
  requirement: number;
};

/** Builds the `Snapshot` the shared `runStrategy` sees for one bar. */
export type SnapshotBuilder = (bar: BarInputs, held: Held) => Snapshot;

/** The hedge the "chain" shows for `held` at `close`: offsets re-marked at the close (their notional moves). */
function hedgeOf(held: Held, offsetNotional: bigint, market: string): HedgeState {
  return {
    reducedNotional: held.reducedNotional,
    offsetNotional,
    addedMargin: held.addedMargin,
    hedgeMarket: held.offsetBase > 0 ? market : undefined,
  };
}

const sameAmounts = (h: HedgeState, held: Held, offsetNotional: bigint) =>
  offsetNotional === h.offsetNotional &&
  held.reducedNotional === h.reducedNotional &&
  held.addedMargin === h.addedMargin;

/**
 * The straightforward construction: every bar a fresh `BookSnapshot` via the core's `bookSnapshot` (amounts
 * converted with `toUnits`, the margin buffer by bigint division), a fresh `Snapshot` and markets map. The
 * yardstick `fastSnapshots` is tested against; the hedge object is replaced only when an amount changes.
 */
export function referenceSnapshots(id: BookIdentity): SnapshotBuilder {
  let hedge: HedgeState = { reducedNotional: 0n, offsetNotional: 0n, addedMargin: 0n, hedgeMarket: undefined };
  return (bar, held) => {
    const offsetNotional = held.offsetBase > 0 ? toUnits(held.offsetBase * bar.close) : 0n;
    if (!sameAmounts(hedge, held, offsetNotional)) hedge = hedgeOf(held, offsetNotional, id.market);
    const book = bookSnapshot({
      ...id,
      positionNotional: toUnits(Math.max(0, bar.baseSize - held.reducedBase) * bar.close),
      accountValue: toUnits(bar.value),
      maintenanceRequirement: toUnits(bar.requirement),
      hedge,
      paused: false,
      dataTime: bar.timeMs,
    });
    return { time: bar.timeMs, markets: new Map([[id.market, bar.signals]]), breadth: bar.breadth, books: [book] };
  };
}

/**
 * The same snapshots, built for the per-bar hot path — field for field equal to `referenceSnapshots` whenever
 * read:
 * - the margin buffer comes from the float amounts (`floatMarginBufferPpm`, exactly the bigint result);
 * - the three bigint amounts are computed (`toUnits`) only when something reads them — the planner, when it
 *   runs; evaluation reads only the buffer — and then cached for the bar;
 * - one `BookSnapshot`, `Snapshot` and markets map per book, updated in place (`runStrategy` keeps none of
 *   them: its states keep the hedge object, which is replaced, never mutated);
 * - the re-marked offset notional is converted only when its float changes.
 * A snapshot is valid until the next call; copy it (`{ ...book }` reads every amount) to keep it.
 */
export function fastSnapshots(id: BookIdentity): SnapshotBuilder {
  let hedge: HedgeState = { reducedNotional: 0n, offsetNotional: 0n, addedMargin: 0n, hedgeMarket: undefined };
  let offsetFloat = 0;
  let offsetUnits = 0n;
  let seen: Held | undefined;
  // Float amounts of the current bar and their units once read (undefined = not converted yet).
  let position = 0;
  let value = 0;
  let requirement = 0;
  let positionUnits: bigint | undefined;
  let valueUnits: bigint | undefined;
  let requirementUnits: bigint | undefined;
  const book: BookSnapshot = {
    bookId: id.bookId,
    side: id.side,
    market: id.market,
    get positionNotional(): bigint {
      positionUnits ??= toUnits(position);
      return positionUnits;
    },
    get accountValue(): bigint {
      valueUnits ??= toUnits(value);
      return valueUnits;
    },
    get maintenanceRequirement(): bigint {
      requirementUnits ??= toUnits(requirement);
      return requirementUnits;
    },
    marginBufferPpm: 0,
    hedge,
    paused: false,
    policyVersion: id.policyVersion,
    policyHash: id.policyHash,
    dataTime: 0,
  };
  const markets = new Map<string, MarketSignals>();
  const snapshot = { time: 0, markets, breadth: undefined as unknown as Breadth, books: [book] };
  return (bar, held) => {
    const x = held.offsetBase > 0 ? held.offsetBase * bar.close : 0;
    const offsetMoved = x !== offsetFloat;
    if (offsetMoved) {
      offsetFloat = x;
      offsetUnits = held.offsetBase > 0 ? toUnits(x) : 0n;
    }
    if ((held !== seen || offsetMoved) && !sameAmounts(hedge, held, offsetUnits)) {
      hedge = hedgeOf(held, offsetUnits, id.market);
    }
    seen = held;
    position = Math.max(0, bar.baseSize - held.reducedBase) * bar.close;
    value = bar.value;
    requirement = bar.requirement;
    positionUnits = undefined;
    valueUnits = undefined;
    requirementUnits = undefined;
    book.marginBufferPpm = floatMarginBufferPpm(value, requirement);
    book.hedge = hedge;
    book.dataTime = bar.timeMs;
    markets.set(id.market, bar.signals);
    snapshot.time = bar.timeMs;
    snapshot.breadth = bar.breadth;
    return snapshot;
  };
}
