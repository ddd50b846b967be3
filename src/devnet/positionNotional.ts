/** collateral × leverage with leverage given as a decimal (up to 6 decimal places). */
export function positionNotional(collateral: bigint, leverage: number): bigint {
  if (!(leverage > 0) || !Number.isFinite(leverage)) throw new RangeError(`leverage must be positive: ${leverage}`);
  return (collateral * BigInt(Math.round(leverage * 1_000_000))) / 1_000_000n;
}
