import { PPM } from "../../policy/Policy.ts";
import { toUnits } from "../../signals/toFloat.ts";
import { marginBufferPpm } from "../../strategy/marginBufferPpm.ts";

/**
 * Exactly `marginBufferPpm(toUnits(value), toUnits(requirement))` — the shared core's integer margin buffer of
 * the amounts the backtester would put in a `BookSnapshot` — computed in floats on the hot path.
 *
 * With value ≥ 1 and 0 ≤ requirement ≤ 4 × value, converting to 18-decimal units changes each amount by at
 * most 5e-19 (relative ≤ 5e-19) and the float quotient (value − requirement) × 10^6 / value is within ~2e-9
 * of the exact rational (a few ulps of values ≤ 4 × value, scaled by 10^6). So when the float lies more than
 * 1e-7 from an integer, truncating it gives the exact integer quotient. Anything else — a quotient at or
 * within 1e-7 of an integer, a value below 1, a requirement above 4 × value — takes the bigint path.
 */
export function floatMarginBufferPpm(value: number, requirement: number): number {
  if (requirement === 0 && value >= 1) return PPM; // (AV − 0) × 10^6 / AV exactly
  if (value >= 1 && requirement > 0 && requirement <= 4 * value) {
    const f = ((value - requirement) * PPM) / value;
    const t = Math.trunc(f);
    const d = f - t;
    // f's distance to the integers around it: |d| and 1 − |d|.
    if (d > 1e-7 && d < 1 - 1e-7) return t;
    if (d < -1e-7 && d > -1 + 1e-7) return Math.max(t, -PPM);
  }
  return marginBufferPpm(toUnits(value), toUnits(requirement));
}
