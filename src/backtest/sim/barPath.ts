/**
 * The price path assumed inside one OHLC bar, for watched triggers (a stop, a margin trigger the keeper
 * watches): open → the adverse extreme (low for a long, high for a short) → the other extreme → close, at
 * constant speed along that path over the bar's interval. Adverse first is the conservative order: a trigger
 * the bar reaches is reached before any rebound.
 */

/** Fraction of the bar (0 … 1) at which the path first reaches `trigger` moving against `dir`; 0 when the bar
 *  opens beyond it (a gap); NaN when the bar never reaches it. */
export function triggerCrossing(
  open: number,
  high: number,
  low: number,
  close: number,
  dir: 1 | -1,
  trigger: number,
): number {
  if (Number.isNaN(trigger)) return Number.NaN;
  if (dir > 0 ? open <= trigger : open >= trigger) return 0;
  const extreme = dir > 0 ? low : high;
  if (dir > 0 ? extreme > trigger : extreme < trigger) return Number.NaN;
  const total = pathLength(open, high, low, close, dir);
  return total === 0 ? 0 : Math.abs(open - trigger) / total;
}

/** Price on the path at `fraction` (clamped to 0 … 1) of the bar. */
export function pathPrice(
  open: number,
  high: number,
  low: number,
  close: number,
  dir: 1 | -1,
  fraction: number,
): number {
  const f = fraction <= 0 ? 0 : Math.min(fraction, 1);
  const adverse = dir > 0 ? low : high;
  const other = dir > 0 ? high : low;
  const legs = [Math.abs(open - adverse), Math.abs(adverse - other), Math.abs(other - close)] as const;
  const total = legs[0] + legs[1] + legs[2];
  if (total === 0) return open;
  let d = f * total;
  const points = [open, adverse, other, close] as const;
  for (let k = 0; k < 3; k++) {
    const leg = legs[k] as number;
    if (d <= leg || k === 2) {
      const a = points[k] as number;
      const b = points[k + 1] as number;
      return leg === 0 ? b : a + ((b - a) * Math.min(d, leg)) / leg;
    }
    d -= leg;
  }
  return close;
}

/**
 * Where a watched trigger fills: the path price `latencyMs` after the trigger is reached (the reaction time
 * of whoever watches it), before slippage. Latency 0 gives the trigger itself, or the open on a gap. A
 * latency running past the bar's end fills at the close. NaN when the bar never reaches the trigger.
 */
export function triggerFill(
  bar: { open: number; high: number; low: number; close: number },
  dir: 1 | -1,
  trigger: number,
  latencyMs: number,
  intervalMs: number,
): { at: number; price: number } {
  const at = triggerCrossing(bar.open, bar.high, bar.low, bar.close, dir, trigger);
  if (Number.isNaN(at)) return { at, price: Number.NaN };
  if (latencyMs <= 0) return { at, price: at === 0 ? bar.open : trigger };
  const f = at + latencyMs / intervalMs;
  return { at, price: pathPrice(bar.open, bar.high, bar.low, bar.close, dir, f) };
}

function pathLength(open: number, high: number, low: number, close: number, dir: 1 | -1): number {
  return dir > 0
    ? Math.abs(open - low) + (high - low) + Math.abs(high - close)
    : Math.abs(open - high) + (high - low) + Math.abs(low - close);
}
