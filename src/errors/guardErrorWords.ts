/** HedgeGuard refusals in words (from the NatSpec in contracts/guard/IHedgeGuard.sol); ppm figures as percent. */
export const GUARD_ERROR_WORDS: Readonly<Record<string, string>> = {
  DelegateCallNotAllowed: "a delegatecall to anything but MultiSendCallOnly",
  MalformedBatch: "the MultiSendCallOnly batch could not be decoded",
  ForbiddenCall: "this venue function is not a hedge action the guard lets through",
  ValueNotAllowed: "native value sent to a venue contract",
  UnsupportedCollateral: "margin in a token other than the venue's settlement token",
  BookPaused: "the book is paused: only margin adds may touch the venue",
  ActionNotAllowed: "the hedge action is not in the active layer's allowed actions",
  MarginCapExceeded: "margin added in one transaction is above the active layer's maxAddMargin",
  NotionalCapExceeded: "hedge notional is above the active layer's maxHedgeNotional",
  HedgeRatioExceeded: "hedge notional as a share of the book's exposure is above the active layer's hedge ratio",
  ReduceThroughZero: "the position would be cut through zero (flipped side)",
  HedgeSameSide: "an 'offsetting' position on the book's own side adds exposure instead of hedging it",
  NoPositionToHedge: "an offsetting position while the book has no position to hedge",
  TooManyHedgeMarkets: "one transaction touched more than one market besides the book's own",
  DeEscalationBreachesBuffer: "this de-escalation would leave the margin buffer at or below Layer 1's threshold",
};
