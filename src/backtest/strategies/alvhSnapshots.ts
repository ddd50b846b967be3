import type { HedgeState } from "../../planner/HedgeState.ts";
import type { Breadth } from "../../signals/breadth.ts";
import type { MarketSignals } from "../../signals/MarketSignals.ts";
import { toUnits, unitsAsNumber } from "../../signals/toFloat.ts";
import { type BookSnapshot, bookSnapshot, type PolicyVersion, type Side } from "../../strategy/BookSnapshot.ts";
import type { Snapshot } from "../../strategy/Snapshot.ts";
import { unhedgedBufferPpm, unhedgedBufferPpmOf } from "../../strategy/unhedgedBufferPpm.ts";
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
 * A `BookSnapshot` whose three bigint amounts are converted (`toUnits`) only when read, then cached until the
 * next `set`. A class (getters on the prototype) rather than an object literal with getters, which V8 keeps
 * in slow dictionary mode. Spread does not copy prototype getters: use `plainBook` to keep a copy.
 */
class LazyBook implements BookSnapshot {
  readonly bookId: string;
  readonly side: Side;
  readonly market: string;
  marginBufferPpm = 0;
  hedge: HedgeState;
  readonly paused = false;
  readonly policyVersion: PolicyVersion;
  readonly policyHash: string;
  dataTime = 0;
  #position = 0;
  #value = 0;
  #requirement = 0;
  #positionUnits: bigint | undefined;
  #valueUnits: bigint | undefined;
  #requirementUnits: bigint | undefined;

  constructor(id: BookIdentity, hedge: HedgeState) {
    this.bookId = id.bookId;
    this.side = id.side;
    this.market = id.market;
    this.hedge = hedge;
    this.policyVersion = id.policyVersion;
    this.policyHash = id.policyHash;
  }

  /** This bar's float amounts (position notional, account value, maintenance requirement). */
  set(position: number, value: number, requirement: number): void {
    this.#position = position;
    this.#value = value;
    this.#requirement = requirement;
    this.#positionUnits = undefined;
    this.#valueUnits = undefined;
    this.#requirementUnits = undefined;
  }

  get positionNotional(): bigint {
    this.#positionUnits ??= toUnits(this.#position);
    return this.#positionUnits;
  }

  get accountValue(): bigint {
    this.#valueUnits ??= toUnits(this.#value);
    return this.#valueUnits;
  }

  get maintenanceRequirement(): bigint {
    this.#requirementUnits ??= toUnits(this.#requirement);
    return this.#requirementUnits;
  }

  /** Exactly `unhedgedBufferPpm(this, ratioPpm)`, from the float amounts (`unitsAsNumber` is `Number(toUnits)`). */
  unhedgedBufferPpm(maintenanceRatioPpm: number | undefined): number {
    const h = this.hedge;
    if (h.reducedNotional === 0n && h.offsetNotional === 0n && h.addedMargin === 0n) return Number.NaN;
    return unhedgedBufferPpmOf(
      unitsAsNumber(this.#value),
      unitsAsNumber(this.#position),
      unitsAsNumber(this.#requirement),
      h,
      maintenanceRatioPpm,
    );
  }
}

/**
 * The core's `unhedgedBufferPpm`, exactly, for the evaluation (`EvaluateOptions.unhedgedBufferPpm`): a fast
 * snapshot's book computes it from its floats, without the three bigint conversions; any other book goes
 * through the core's function.
 */
export function fastUnhedgedBufferPpm(book: BookSnapshot, maintenanceRatioPpm: number | undefined): number {
  return book instanceof LazyBook
    ? book.unhedgedBufferPpm(maintenanceRatioPpm)
    : unhedgedBufferPpm(book, maintenanceRatioPpm);
}

/**
 * The snapshot's markets map for a book on one market: a read-only map of exactly one entry whose value is
 * swapped in place every bar (no hashing on the hot path; `evaluateBook` only calls `get`).
 */
class OneMarket implements ReadonlyMap<string, MarketSignals> {
  readonly key: string;
  value: MarketSignals | undefined;
  constructor(key: string) {
    this.key = key;
  }
  get size(): number {
    return this.value === undefined ? 0 : 1;
  }
  get(key: string): MarketSignals | undefined {
    return key === this.key ? this.value : undefined;
  }
  has(key: string): boolean {
    return key === this.key && this.value !== undefined;
  }
  *entries(): MapIterator<[string, MarketSignals]> {
    if (this.value !== undefined) yield [this.key, this.value];
  }
  *keys(): MapIterator<string> {
    if (this.value !== undefined) yield this.key;
  }
  *values(): MapIterator<MarketSignals> {
    if (this.value !== undefined) yield this.value;
  }
  [Symbol.iterator](): MapIterator<[string, MarketSignals]> {
    return this.entries();
  }
  forEach(
    f: (value: MarketSignals, key: string, map: ReadonlyMap<string, MarketSignals>) => void,
    self?: unknown,
  ): void {
    if (this.value !== undefined) f.call(self, this.value, this.key, this);
  }
}

/** A plain-data copy of a book snapshot (every amount read), in `bookSnapshot`'s field order. */
export function plainBook(b: BookSnapshot): BookSnapshot {
  return {
    bookId: b.bookId,
    side: b.side,
    market: b.market,
    policyVersion: b.policyVersion,
    policyHash: b.policyHash,
    positionNotional: b.positionNotional,
    accountValue: b.accountValue,
    maintenanceRequirement: b.maintenanceRequirement,
    hedge: b.hedge,
    paused: b.paused,
    dataTime: b.dataTime,
    marginBufferPpm: b.marginBufferPpm,
  };
}

/**
 * The same snapshots, built for the per-bar hot path — field for field equal to `referenceSnapshots` whenever
 * read:
 * - the margin buffer comes from the float amounts (`floatMarginBufferPpm`, exactly the bigint result);
 * - the three bigint amounts are computed (`toUnits`) only when something reads them — the planner, when it
 *   runs; evaluation reads only the buffer — and then cached for the bar (`LazyBook`);
 * - one `BookSnapshot`, `Snapshot` and markets map per book, updated in place (`runStrategy` keeps none of
 *   them: its states keep the hedge object, which is replaced, never mutated);
 * - the re-marked offset notional is converted only when its float changes.
 * A snapshot is valid until the next call; copy it (`plainBook`) to keep it.
 */
export function fastSnapshots(id: BookIdentity): SnapshotBuilder {
  let hedge: HedgeState = { reducedNotional: 0n, offsetNotional: 0n, addedMargin: 0n, hedgeMarket: undefined };
  let offsetFloat = 0;
  let offsetUnits = 0n;
  let seen: Held | undefined;
  const book = new LazyBook(id, hedge);
  const markets = new OneMarket(id.market);
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
    book.set(Math.max(0, bar.baseSize - held.reducedBase) * bar.close, bar.value, bar.requirement);
    book.marginBufferPpm = floatMarginBufferPpm(bar.value, bar.requirement);
    book.hedge = hedge;
    book.dataTime = bar.timeMs;
    markets.value = bar.signals;
    snapshot.time = bar.timeMs;
    snapshot.breadth = bar.breadth;
    return snapshot;
  };
}
