import { PPM } from "../policy/Policy.ts";

/**
 * How much a book's buffer levels tighten for its own entry leverage (`settings.referenceBufferPpm`): the factor
 * s in level' = 1 − (1 − level) × s, with s = min(1, (1 − B) / (1 − referenceBufferPpm)) for the book's
 * reference buffer B (ppm). A buffer b is a leverage of (1 − b) / maintenance ratio, so level' is the level's
 * leverage times the book's entry leverage over the one the policy is written for: a 3x book (B ≈ 81 %) under
 * levels written for 5x (68.75 %) gets s ≈ 0.6. 1 when the field is 0, when B is at or below it (never looser
 * than written) or when B is unknown (NaN). The levels are the layers' triggers, triggers × (1 + hysteresis)
 * and repay targets; the EmergencyModule reads Layer 3's trigger as written.
 */
export function referenceScale(referenceBufferPpm: number, bookReferencePpm: number): number {
  if (referenceBufferPpm <= 0 || !(bookReferencePpm > referenceBufferPpm)) return 1;
  return (PPM - bookReferencePpm) / (PPM - referenceBufferPpm);
}

/** A buffer level (ppm) under scale `s` (see `referenceScale`): 1 − (1 − level) × s, rounded up; 0 stays 0 (off). */
export function scaleBufferPpm(ppm: number, s: number): number {
  if (ppm === 0 || s === 1) return ppm;
  return Math.ceil(PPM - (PPM - ppm) * s);
}
