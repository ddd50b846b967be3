const PPM = 1_000_000n;
const E18 = 10n ** 18n;

/**
 * Estimated mark price at which Perp v2's liquidation condition (value = mmRatio × Σ|position value|)
 * is reached if only this market moves: solves
 * `value + size·(P − mark) = mm·(otherAbsNotional + |size|·P)` for P.
 * Returns null for a flat position or when no positive price reaches it. All quote values 18 decimals.
 */
export function estimateLiquidationPrice(args: {
  accountValue: bigint;
  size: bigint;
  markPrice: bigint;
  otherAbsNotional: bigint;
  maintenanceRatioPpm: bigint;
}): bigint | null {
  const { accountValue, size, markPrice, otherAbsNotional, maintenanceRatioPpm: mm } = args;
  if (size === 0n) return null;
  const absSize = size < 0n ? -size : size;
  // numerator and denominator scaled by PPM (and the size's 18 decimals cancel against the price's).
  const numerator = accountValue * PPM - (size * markPrice * PPM) / E18 - mm * otherAbsNotional;
  const denominator = mm * absSize - size * PPM; // in base units × ppm
  if (denominator === 0n) return null;
  const price = (numerator * E18) / denominator;
  return price > 0n ? price : null;
}
