import { type HedgeState, NO_HEDGE } from "../../../src/planner/HedgeState.ts";
import type { Policy } from "../../../src/policy/Policy.ts";
import type { MarketSignals } from "../../../src/signals/MarketSignals.ts";
import { type BookSnapshot, bookSnapshot } from "../../../src/strategy/BookSnapshot.ts";
import type { Clock } from "../../../src/strategy/Clock.ts";
import type { Decision } from "../../../src/strategy/Decision.ts";
import type { LayerIndex } from "../../../src/strategy/Reason.ts";
import type { Snapshot } from "../../../src/strategy/Snapshot.ts";
import { signalPolicy } from "../../helpers/signalPolicy.ts";

export const e18 = 10n ** 18n;
export const NOW = Date.UTC(2021, 4, 19, 12);
export const clock = (now = NOW): Clock => ({ now: () => now });
export const MARKET = "0x00000000000000000000000000000000000000E7";

/** Neutral signals (nothing fires under the default policy), data as fresh as the clock. */
export function signals(o: Partial<MarketSignals> = {}): MarketSignals {
  return {
    market: MARKET,
    barTime: NOW - 3_600_000,
    time: NOW,
    bars: 500,
    stable: true,
    close: 100,
    prevClose: 100,
    rsi: 50,
    macd: 0,
    macdSignal: 0,
    macdHistogram: 0,
    bullishDivergence: false,
    bearishDivergence: false,
    ema: 100,
    aboveEma: false,
    belowEma: false,
    realisedVol: 0.3,
    move: 0,
    fundingRate: 0.0001,
    fundingZ: 0,
    fundingTime: NOW - 1_800_000,
    ...o,
  };
}

/** A 5x long: 10 000 notional, 2 000 account value, 6.25 % maintenance → buffer 68.75 %. */
export function book(o: Partial<Omit<BookSnapshot, "marginBufferPpm">> = {}): BookSnapshot {
  return bookSnapshot({
    bookId: "book-1",
    side: "long",
    market: MARKET,
    positionNotional: 10_000n * e18,
    accountValue: 2_000n * e18,
    maintenanceRequirement: 625n * e18,
    hedge: NO_HEDGE,
    paused: false,
    policyVersion: 1n,
    policyHash: "0xabc",
    dataTime: NOW,
    ...o,
  });
}

export function snapshot(
  s: Partial<MarketSignals> = {},
  b: { belowEma?: number; aboveEma?: number } = {},
  books: BookSnapshot[] = [book()],
  impliedVol?: number,
): Snapshot {
  return {
    time: NOW,
    markets: new Map([[MARKET, signals(s)]]),
    breadth: { markets: 10, belowEma: b.belowEma ?? 0.3, aboveEma: b.aboveEma ?? 0.3, advancing: 0.5, declining: 0.5 },
    impliedVol,
    books,
  };
}

export const policy = (): Policy => signalPolicy();
export const hedge = (o: Partial<HedgeState> = {}): HedgeState => ({ ...NO_HEDGE, ...o });

/** A bare decision for planner tests. */
export const dec = (layer: LayerIndex, previousLayer: LayerIndex, status: Decision["status"] = "act"): Decision => ({
  bookId: "book-1",
  side: "long",
  market: MARKET,
  time: NOW,
  dataTime: NOW,
  status,
  layer,
  previousLayer,
  held: false,
  escalating: layer > previousLayer,
  warm: true,
  marginBufferPpm: 0,
  policyVersion: 1n,
  policyHash: "0xabc",
  reasons: [],
});
