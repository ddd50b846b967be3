import { PPM } from "../policy/Policy.ts";
import type { BookSnapshot } from "../strategy/BookSnapshot.ts";
import { marginBufferPpm } from "../strategy/marginBufferPpm.ts";
import type { HedgeIntent } from "./HedgeIntent.ts";
import { DEFAULT_MAINTENANCE_RATIO_PPM } from "./planHedge.ts";

export type MarginProjection = {
  /** Margin buffer now and expected after the intents execute at the current mark (ppm). */
  bufferBeforePpm: number;
  bufferAfterPpm: number;
  accountValueAfter: bigint;
  maintenanceAfter: bigint;
  positionNotionalAfter: bigint;
  offsetNotionalAfter: bigint;
};

/**
 * Expected margin after a plan (evidence for signers), with the planner's model: the maintenance requirement
 * scales with exposure (position + offsetting position) at the book's current ratio (or `maintenanceRatioPpm`
 * when it has no exposure); trades at the mark do not change account value (fees and slippage ignored);
 * margin moves change it one for one.
 */
export function projectMargin(
  book: BookSnapshot,
  intents: readonly HedgeIntent[],
  maintenanceRatioPpm = DEFAULT_MAINTENANCE_RATIO_PPM,
): MarginProjection {
  const pos0 = book.positionNotional < 0n ? -book.positionNotional : book.positionNotional;
  const off0 = book.hedge.offsetNotional;
  let pos = pos0;
  let off = off0;
  let av = book.accountValue;
  for (const i of intents) {
    if (i.kind === "reduce") pos -= i.notional;
    else if (i.kind === "restore") pos += i.notional;
    else if (i.kind === "openHedge") off += i.notional;
    else if (i.kind === "closeHedge") off -= i.notional;
    else if (i.kind === "addMargin") av += i.amount;
    else av -= i.amount;
  }
  const exposure0 = pos0 + off0;
  const fromBook = exposure0 > 0n && book.maintenanceRequirement > 0n;
  const num = fromBook ? book.maintenanceRequirement : BigInt(maintenanceRatioPpm);
  const den = fromBook ? exposure0 : BigInt(PPM);
  const mr = ((pos + off) * num) / den;
  return {
    bufferBeforePpm: book.marginBufferPpm,
    bufferAfterPpm: marginBufferPpm(av, mr),
    accountValueAfter: av,
    maintenanceAfter: mr,
    positionNotionalAfter: pos,
    offsetNotionalAfter: off,
  };
}
