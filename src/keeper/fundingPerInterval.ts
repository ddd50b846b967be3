/**
 * Perp v2 funding per 8 h interval from the mark/index premium (the venue charges premium × elapsed/1 day),
 * as a signed fraction: positive = longs pay.
 */
export function fundingPerInterval(mark: bigint, index: bigint): number {
  if (index <= 0n) return Number.NaN;
  return Number(((mark - index) * 1_000_000_000n) / index) / 1e9 / 3;
}
