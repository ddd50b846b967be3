/** Price conversions for Uniswap v3 pools where token0 = base, token1 = quote, both 18 decimals. */

const Q96 = 2n ** 96n;
const Q192 = Q96 * Q96;
const E18 = 10n ** 18n;

/** Integer square root (floor). */
export function sqrtBigInt(value: bigint): bigint {
  if (value < 0n) throw new RangeError("sqrt of a negative number");
  if (value < 2n) return value;
  let x = BigInt(Math.floor(Math.sqrt(Number(value))));
  // Newton steps from the float estimate until stable.
  for (;;) {
    const y = (x + value / x) >> 1n;
    if (y >= x && x * x <= value && (x + 1n) * (x + 1n) > value) return x;
    x = y;
  }
}

/** Quote per base (18 decimals) → sqrtPriceX96. */
export function priceToSqrtPriceX96(priceE18: bigint): bigint {
  return sqrtBigInt((priceE18 * Q192) / E18);
}

/** sqrtPriceX96 → quote per base (18 decimals). */
export function sqrtPriceX96ToPrice(sqrtPriceX96: bigint): bigint {
  return (sqrtPriceX96 * sqrtPriceX96 * E18) / Q192;
}

/** A decimal price string or number (e.g. "2000.5") → 18-decimal bigint. */
export function toE18(value: number | string): bigint {
  const text = typeof value === "number" ? value.toFixed(12) : value;
  const [whole = "0", frac = ""] = text.split(".");
  return BigInt(whole) * E18 + BigInt((frac + "0".repeat(18)).slice(0, 18));
}

/** 18-decimal bigint → float (for display and indicators only). */
export function fromE18(value: bigint): number {
  return Number(value) / 1e18;
}
