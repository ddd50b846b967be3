import { PPM } from "../policy/Policy.ts";

/**
 * Margin buffer = (account value − maintenance requirement) / account value, in ppm (integer math, rounded
 * toward zero). 1_000_000 = no maintenance requirement; ≤ 0 = at or under maintenance (liquidatable).
 * A non-positive account value gives −1_000_000.
 */
export function marginBufferPpm(accountValue: bigint, maintenanceRequirement: bigint): number {
  if (accountValue <= 0n) return -PPM;
  const ppm = ((accountValue - maintenanceRequirement) * BigInt(PPM)) / accountValue;
  return ppm < BigInt(-PPM) ? -PPM : Number(ppm);
}
