/**
 * What the planner wants done to a book, venue-neutral. The venue adapter encodes intents into calls
 * for a Safe transaction; the guard/module check them on-chain. All amounts are positive bigints in the
 * settlement token's base units (18 decimals); `notional` is quote value at the mark price.
 *
 * `market` is the venue's market id (Perp v2: the base token address, checksummed).
 */
export type HedgeIntent =
  /** Deposit idle settlement token from the Safe into the venue as margin. */
  | { kind: "addMargin"; amount: bigint }
  /** Withdraw previously added margin (de-escalation). */
  | { kind: "removeMargin"; amount: bigint }
  /** Cut the book's own position by this notional (towards flat, never through zero). */
  | { kind: "reduce"; market: string; notional: bigint }
  /** Re-add exposure in the book's direction, up to what was cut before (de-escalation). */
  | { kind: "restore"; market: string; notional: bigint }
  /** Open/increase a position opposite to the book's side on `market` (a correlated or the same market). */
  | { kind: "openHedge"; market: string; notional: bigint }
  /** Close/decrease that offsetting position (de-escalation). */
  | { kind: "closeHedge"; market: string; notional: bigint };

export type HedgeIntentKind = HedgeIntent["kind"];
