/** The smaller of two bigints (`Math.min` takes numbers only). */
export function bigMin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** The larger of two bigints. */
export function bigMax(a: bigint, b: bigint): bigint {
  return a < b ? b : a;
}
