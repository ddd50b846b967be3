import type { Address } from "viem";
import type { Side } from "../strategy/BookSnapshot.ts";

/** A book the keeper watches: registry id, side, the Safe and the venue markets. */
export type KeeperBook = {
  id: string;
  side: Side;
  account: Address;
  /** Venue market id of the position (Perp v2: base token). */
  market: Address;
  /** Market for an offsetting hedge (default: the planner's choice, the book's market). */
  hedgeMarket?: Address | undefined;
  /** Evaluate and report only: nothing is proposed or executed for this book. */
  watchOnly?: boolean | undefined;
};
