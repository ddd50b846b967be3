import type { HedgeState } from "../planner/HedgeState.ts";
import { PPM } from "../policy/Policy.ts";
import type { BookSnapshot } from "./BookSnapshot.ts";

/** Maintenance ratio assumed when it cannot be read off the book (no open exposure): Perp v2's 6.25 %. */
export const FALLBACK_MAINTENANCE_RATIO_PPM = 62_500;

/**
 * The book's margin buffer (ppm) if its hedge were unwound now — the stress on the unprotected book:
 * - value' = account value − added margin;
 * - requirement' = maintenance ratio × (position notional + reduced notional) — the exposure a full restore
 *   re-adds (the ledger's reduced notional, as a `restore` intent re-adds it), without the offset hedge;
 * - the maintenance ratio is read off the book, requirement / (position notional + offset notional), when
 *   both are > 0, else `maintenanceRatioPpm` (default 6.25 %). An offset on the same market that nets with
 *   the position makes the ratio read off the book an underestimate.
 * Returns NaN when there is no hedge (nothing to unwind: the actual buffer is the unhedged one); −1 000 000
 * when value' ≤ 0. Float math, truncated toward zero like `marginBufferPpm`; allocation-free (bigint reads
 * converted with `Number`).
 */
export function unhedgedBufferPpm(book: BookSnapshot, maintenanceRatioPpm = FALLBACK_MAINTENANCE_RATIO_PPM): number {
  const h = book.hedge;
  if (h.reducedNotional === 0n && h.offsetNotional === 0n && h.addedMargin === 0n) return Number.NaN;
  return unhedgedBufferPpmOf(
    Number(book.accountValue),
    Number(book.positionNotional),
    Number(book.maintenanceRequirement),
    h,
    maintenanceRatioPpm,
  );
}

/**
 * `unhedgedBufferPpm` of a book whose three amounts are given as `Number(amount)` (base units as floats):
 * the same formula, for callers that hold those numbers without the bigints (the backtester's hot path).
 */
export function unhedgedBufferPpmOf(
  accountValue: number,
  positionNotional: number,
  maintenanceRequirement: number,
  h: HedgeState,
  maintenanceRatioPpm = FALLBACK_MAINTENANCE_RATIO_PPM,
): number {
  if (h.reducedNotional === 0n && h.offsetNotional === 0n && h.addedMargin === 0n) return Number.NaN;
  const value = accountValue - Number(h.addedMargin);
  if (!(value > 0)) return -PPM;
  const pos = Math.abs(positionNotional);
  const exposure = pos + Number(h.offsetNotional);
  const requirement = maintenanceRequirement;
  const ratio = exposure > 0 && requirement > 0 ? requirement / exposure : maintenanceRatioPpm / PPM;
  const ppm = Math.trunc(((value - ratio * (pos + Number(h.reducedNotional))) / value) * PPM);
  return Math.max(ppm, -PPM);
}
