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

const E18 = scale(18);
/** `2^(k−1)` (the rounding half of a right shift by k) and `k` as bigints, k = 1 … 1074. */
const HALF: bigint[] = [0n];
const SHIFT: bigint[] = [0n];
for (let k = 1; k <= 1074; k++) {
  HALF.push(1n << BigInt(k - 1));
  SHIFT.push(BigInt(k));
}

// The IEEE-754 bits of a double: two 32-bit words (which one is high depends on the platform's endianness).
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
const HI = U32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** `amount / 10^decimals` as a float (integer part exact up to 2^53, fraction rounded to float precision). */
export function toFloat(amount: bigint, decimals = 18): number {
  const s = decimals === 18 ? E18 : scale(decimals);
  const q = amount / s;
  // amount − q·s is amount % s (both truncate toward zero); a multiply is cheaper than a second division.
  return Number(q) + Number(amount - q * s) / (decimals === 18 ? 1e18 : Number(s));
}

/**
 * A float quote amount to base units: the float's exact value × 10^decimals, rounded to the nearest integer
 * (halves away from zero) — i.e. its decimal expansion rounded at `decimals` digits, exactly what
 * `abs.toFixed(decimals)` spells. Computed from the float's bits (mantissa × 2^exponent) with one bigint
 * multiply and shift instead of formatting and parsing a string; `toUnitsByString` is the reference.
 */
export function toUnits(value: number, decimals = 18): bigint {
  if (!Number.isFinite(value)) {
    throw new SignalInputError("Amount is not a finite number", { metaMessages: [`value: ${value}`] });
  }
  const abs = value < 0 ? -value : value;
  if (abs >= 1e21 || decimals > 100 || !Number.isInteger(decimals) || decimals < 0) {
    return toUnitsByString(value, decimals);
  }
  const s = decimals === 18 ? E18 : scale(decimals);
  let units: bigint;
  if (Number.isInteger(abs)) {
    units = BigInt(abs) * s;
  } else {
    // abs = m × 2^e with e < 0 (it is not an integer): units = ⌊m × 10^d / 2^−e + ½⌋.
    F64[0] = abs;
    const hi = U32[HI] as number;
    const biased = (hi >>> 20) & 0x7ff;
    const frac = (hi & 0xfffff) * 4294967296 + (U32[LO] as number);
    const m = biased === 0 ? frac : frac + 4503599627370496;
    const k = biased === 0 ? 1074 : 1075 - biased;
    units = (BigInt(m) * s + (HALF[k] as bigint)) >> (SHIFT[k] as bigint);
  }
  return value < 0 ? -units : units;
}

/** `toUnits` through `toFixed` (the reference the fast path is tested against; also its fallback). */
export function toUnitsByString(value: number, decimals = 18): bigint {
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

// Dekker's split of 10^18 (exact halves of ≤ 26 bits each) for the error-free product in `unitsAsNumber`.
const SPLIT = 134217729; // 2^27 + 1
const C18 = 1e18;
const C18_HI = SPLIT * C18 - (SPLIT * C18 - C18);
const C18_LO = C18 - C18_HI;
const ULP = new Float64Array(1);
const ULP_U32 = new Uint32Array(ULP.buffer);

/**
 * Exactly `Number(toUnits(value))` (18 decimals) without bigints: the float product `value × 10^18`, which is
 * the same number unless `toUnits`' integer rounding lands on a midpoint between two floats. The product's
 * rounding error is computed exactly (Dekker's two-product); when it is within ½ of such a midpoint, or the
 * product is below 2^53 (floats there are not all integers) or at or above 10^39 (`toUnits`' string path),
 * the bigint conversion decides.
 */
export function unitsAsNumber(value: number): number {
  const abs = value < 0 ? -value : value;
  const p = abs * C18;
  if (p >= 9007199254740992 && p < 1e39) {
    const c = SPLIT * abs;
    const hi = c - (c - abs);
    const lo = abs - hi;
    const e = hi * C18_HI - p + hi * C18_LO + lo * C18_HI + lo * C18_LO;
    // ulp(p) = 2^(exponent − 52): p's exponent bits moved down by 52 (p ≥ 2^53, so the result is normal).
    F64[0] = p;
    ULP_U32[HI] = (U32[HI] as number) - (52 << 20);
    ULP_U32[LO] = 0;
    ULP_U32[HI] = (ULP_U32[HI] as number) & 0x7ff00000;
    const half = (ULP[0] as number) * 0.5;
    if ((e < 0 ? -e : e) < half - 1) return value < 0 ? -p : p;
  } else if (abs === 0) return 0;
  return Number(toUnits(value));
}
