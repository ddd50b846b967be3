import type { HedgeState } from "../planner/HedgeState.ts";
import { marginBufferPpm } from "./marginBufferPpm.ts";

export type Side = "long" | "short";
/** Policy version as the registry reports it (uint → bigint via viem, or a plain number). */
export type PolicyVersion = bigint | number;

/** One protected book (position) at a point in time, as read from the venue and the registry. */
export type BookSnapshot = {
  bookId: string;
  side: Side;
  /** The venue market of the position (Perp v2: base token address). */
  market: string;
  /** Absolute notional of the book's own position at the mark price (settlement base units, ≥ 0). */
  positionNotional: bigint;
  accountValue: bigint;
  maintenanceRequirement: bigint;
  /** Derived: (accountValue − maintenanceRequirement) / accountValue in ppm — see `marginBufferPpm`. */
  marginBufferPpm: number;
  hedge: HedgeState;
  paused: boolean;
  policyVersion: PolicyVersion;
  policyHash: string;
  /** When the venue/account values were read (ms). */
  dataTime: number;
};

/** Build a `BookSnapshot`, deriving `marginBufferPpm` from account value and maintenance requirement. */
export function bookSnapshot(fields: Omit<BookSnapshot, "marginBufferPpm">): BookSnapshot {
  return { ...fields, marginBufferPpm: marginBufferPpm(fields.accountValue, fields.maintenanceRequirement) };
}
