import type { Bars, SuspectBar } from "./Bars.ts";

/** One-bar moves of this size or more are reported as suspect. */
export const SUSPECT_MOVE = 0.5;

/**
 * Bars whose high or low moves at least `threshold` (a share: 0.5 = 50 %) from the reference price — the
 * previous bar's close, or the bar's own open when a gap precedes it (the price across a gap is not one bar's
 * move). Bar `k` is file line `k + firstLine` (one header row: 2).
 */
export function suspectBars(bars: Bars, threshold = SUSPECT_MOVE, firstLine = 2): SuspectBar[] {
  const out: SuspectBar[] = [];
  for (let k = 0; k < bars.length; k++) {
    const contiguous = k > 0 && (bars.openTimeMs[k] as number) - (bars.openTimeMs[k - 1] as number) === bars.intervalMs;
    const reference = contiguous ? (bars.close[k - 1] as number) : (bars.open[k] as number);
    const high = bars.high[k] as number;
    const low = bars.low[k] as number;
    const up = high / reference - 1;
    const down = 1 - low / reference;
    if (up < threshold && down < threshold) continue;
    const extreme = up >= down ? high : low;
    out.push({
      timeMs: bars.openTimeMs[k] as number,
      line: k + firstLine,
      move: extreme / reference - 1,
      reference,
      extreme,
    });
  }
  return out;
}

/** One warning line per suspect bar, naming the file and line. */
export function suspectWarning(file: string, s: SuspectBar): string {
  const when = new Date(s.timeMs).toISOString().slice(0, 16).replace("T", " ");
  const sign = s.move >= 0 ? "+" : "";
  return (
    `warning: suspect bar ${file}:${s.line} (${when} UTC): ${s.move >= 0 ? "high" : "low"} ${s.extreme} is` +
    ` ${sign}${(s.move * 100).toFixed(1)} % from ${s.reference} in one bar — used as is; check the data`
  );
}
