/**
 * What is currently in place for a book, read from the chain (never assumed from a proposal). Amounts are
 * positive bigints in settlement base units (18 decimals): the notional cut from the book's own position
 * (at the time of the cut), the notional of the offsetting position on `hedgeMarket`, and the margin added.
 */
export type HedgeState = {
  reducedNotional: bigint;
  offsetNotional: bigint;
  addedMargin: bigint;
  /** Market of the offsetting position (undefined when there is none). */
  hedgeMarket: string | undefined;
};

export const NO_HEDGE: HedgeState = Object.freeze({
  reducedNotional: 0n,
  offsetNotional: 0n,
  addedMargin: 0n,
  hedgeMarket: undefined,
});

export function sameHedge(a: HedgeState, b: HedgeState): boolean {
  return (
    a === b ||
    (a.reducedNotional === b.reducedNotional &&
      a.offsetNotional === b.offsetNotional &&
      a.addedMargin === b.addedMargin &&
      a.hedgeMarket === b.hedgeMarket)
  );
}
