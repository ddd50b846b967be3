import type { PricePoint } from "./PricePoint.ts";

/**
 * A deterministic crash for tests and demos, relative to `startPrice` (18 decimals), one point per
 * `stepSeconds` (default 1 h) from `startTime`: 6 calm bars, a slide of −12 % over 6 bars, a cascade
 * of −18 % more over 6 bars (with a dead-cat bounce), a trough and a partial recovery. Lowest point
 * ≈ −30 %: a 5x long without protection is liquidated on the way down (≈ −15 %).
 */
export function builtInCrashPath(startPrice: bigint, startTime = 1_621_382_400, stepSeconds = 3600): PricePoint[] {
  // Multipliers in ppm of the start price.
  const shape = [
    1_000_000,
    1_004_000,
    998_000,
    1_002_000,
    999_000,
    1_001_000, // calm
    985_000,
    970_000,
    958_000,
    940_000,
    925_000,
    880_000, // slide (−12 %)
    850_000,
    865_000,
    820_000,
    780_000,
    735_000,
    700_000, // cascade with a bounce (−30 %)
    715_000,
    705_000,
    740_000,
    760_000,
    775_000,
    790_000, // trough and partial recovery
  ];
  return shape.map((ppm, i) => ({ time: startTime + i * stepSeconds, price: (startPrice * BigInt(ppm)) / 1_000_000n }));
}
