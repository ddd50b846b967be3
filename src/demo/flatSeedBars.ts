import type { StoredBar } from "../store/types.ts";

/**
 * Quiet hourly history for the crash world's markets (ETH near 2,000, BTC near 30,000; ±0.2 % ripples), `count`
 * bars ending at the hour `nowMs` falls in: the keeper's backfill seed, so its indicators are warm before a replay.
 */
export function flatSeedBars(nowMs: number, count = 80): Map<string, StoredBar[]> {
  const start = Math.floor(nowMs / 3_600_000) * 3_600_000;
  const flat = (p0: number): StoredBar[] =>
    Array.from({ length: count }, (_, i) => {
      const p = p0 * (1 + 0.002 * Math.sin(i));
      return { t: start - (count - i) * 3_600_000, open: p, high: p * 1.001, low: p * 0.999, close: p };
    });
  return new Map([
    ["ETH", flat(2000)],
    ["BTC", flat(30_000)],
  ]);
}
