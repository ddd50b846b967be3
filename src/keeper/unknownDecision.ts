import type { BookState } from "../strategy/BookState.ts";
import type { Decision } from "../strategy/Decision.ts";
import type { KeeperBook } from "./KeeperBook.ts";

/**
 * The decision reported for a book the tick could not evaluate at all (its policy or its account was never
 * read): status `stale` at the last known layer, buffer and data time unknown (NaN). Nothing acts on it.
 */
export function unknownDecision(b: KeeperBook, prev: BookState | undefined, now: number): Decision {
  const layer = prev?.layer ?? 0;
  return {
    bookId: b.id,
    side: b.side,
    market: b.market,
    time: now,
    dataTime: Number.NaN,
    status: "stale",
    layer,
    previousLayer: layer,
    held: false,
    escalating: false,
    warm: false,
    marginBufferPpm: Number.NaN,
    policyVersion: 0,
    policyHash: "",
    reasons: [],
  };
}
