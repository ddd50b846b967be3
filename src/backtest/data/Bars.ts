/**
 * OHLC bars in columns (struct of arrays) so the backtester's hot loop reads typed arrays.
 * Times are the bar's open time in Unix epoch milliseconds; every bar lasts `intervalMs`.
 */
export type Bars = {
  file: string;
  intervalMs: number;
  length: number;
  openTimeMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Missing bars between consecutive rows (see loadBars: reported, never synthesised). */
  gaps: BarGap[];
  /** Bars moving ≥ 50 % in one bar (see `suspectBars`): used as they are, but always reported. */
  suspects?: SuspectBar[];
};

/**
 * A bar whose high or low lies `move` (≥ 50 %) away from its reference — the previous close, or its own open
 * after a data gap — at file line `line`: more likely a bad print than a market move.
 */
export type SuspectBar = { timeMs: number; line: number; move: number; reference: number; extreme: number };

/** `missingBars` bars are absent after the bar that opens at `afterMs` (file line `line` is the next row). */
export type BarGap = { afterMs: number; missingBars: number; line: number };

/** Bars `[from, to)` by index, sharing nothing mutable with the source. */
export function sliceBars(bars: Bars, from: number, to: number): Bars {
  const start = bars.openTimeMs[from] ?? 0;
  const end = to < bars.length ? (bars.openTimeMs[to] ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  return {
    file: bars.file,
    intervalMs: bars.intervalMs,
    length: Math.max(0, to - from),
    openTimeMs: bars.openTimeMs.slice(from, to),
    open: bars.open.slice(from, to),
    high: bars.high.slice(from, to),
    low: bars.low.slice(from, to),
    close: bars.close.slice(from, to),
    volume: bars.volume.slice(from, to),
    gaps: bars.gaps.filter((g) => g.afterMs >= start && g.afterMs < end),
    ...(bars.suspects ? { suspects: bars.suspects.filter((b) => b.timeMs >= start && b.timeMs < end) } : {}),
  };
}

/** Index of the first bar opening at or after `timeMs` (binary search); `bars.length` if none. */
export function barIndexAtOrAfter(bars: Bars, timeMs: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bars.openTimeMs[mid] as number) < timeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
