import { SignalInputError } from "./SignalInputError.ts";

/**
 * THE one place where on-chain amounts (bigint base units, 18 decimals by default) become floats for
 * indicators and reports, and back. Nothing else in the strategy core divides a bigint amount by 10^18.
 */
const SCALES = new Map<number, bigint>();

function scale(decimals: number): bigint {
  let s = SCALES.get(decimals);
  if (s === undefined) {
    s = 10n ** BigInt(decimals);
    SCALES.set(decimals, s);
  }
  return s;
}

/** `amount / 10^decimals` as a float (integer part exact up to 2^53, fraction rounded to float precision). */
export function toFloat(amount: bigint, decimals = 18): number {
  const s = scale(decimals);
  return Number(amount / s) + Number(amount % s) / Number(s);
}

/** A float quote amount to base units (the float's decimal expansion, truncated at `decimals`). */
export function toUnits(value: number, decimals = 18): bigint {
  if (!Number.isFinite(value)) {
    throw new SignalInputError("Amount is not a finite number", { metaMessages: [`value: ${value}`] });
  }
  const negative = value < 0;
  const abs = Math.abs(value);
  let units: bigint;
  if (abs >= 1e21) {
    units = BigInt(Math.round(abs)) * scale(decimals);
  } else {
    const [int = "0", frac = ""] = abs.toFixed(Math.min(decimals, 100)).split(".");
    units = BigInt(int) * scale(decimals) + (frac === "" ? 0n : BigInt(frac.slice(0, decimals).padEnd(decimals, "0")));
  }
  return negative ? -units : units;
}
