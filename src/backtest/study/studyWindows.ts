import type { Bars } from "../data/Bars.ts";
import { barIndexAtOrAfter } from "../data/Bars.ts";
import type { Funding } from "../data/Funding.ts";
import { fundingGap } from "../data/fundingGap.ts";

/** One study window on bar open times: `[fromMs, toMs)`. */
export type StudyWindow = { fromMs: number; toMs: number };

/** A window inside the asset's data that cannot run honestly, and why. */
export type SkippedWindow = StudyWindow & { reason: string };

export type WindowGrid = {
  /** Grid anchor: windows start at fromMs + k × stepMs and end (exclusive) no later than toMs. */
  fromMs: number;
  toMs: number;
  windowMs: number;
  stepMs: number;
  /** Contiguous bars required before each window's first bar (indicator warm-up). */
  warmupBars: number;
  /** Least share of a window's span its bars must cover (default 0.95: data gaps are short, not holes). */
  minCoverage?: number;
};

export type AssetWindows = {
  windows: StudyWindow[];
  skipped: SkippedWindow[];
  /** Grid windows that lie (partly) outside the asset's prices or funding: not this asset's to run. */
  outside: number;
};

/** A data gap longer than this breaks the warm-up (indicators are never fed a different stretch of history). */
const MAX_WARMUP_STEP_MS = 24 * 3_600_000;

/**
 * The grid's windows for one asset. A window is this asset's when its span lies inside both the price bars
 * (first open … last open + interval) and the funding series (first event … last event + its interval); it
 * runs when `warmupBars` contiguous bars (no gap over a day) precede its first bar and its bars cover at least
 * `minCoverage` of its span; otherwise it is skipped with the reason.
 */
export function studyWindows(bars: Bars, funding: Funding, grid: WindowGrid): AssetWindows {
  if (!(grid.windowMs > 0 && grid.stepMs > 0)) return { windows: [], skipped: [], outside: 0 };
  const first = Math.max(bars.openTimeMs[0] as number, funding.timeMs[0] ?? Number.POSITIVE_INFINITY);
  const lastFunding = funding.length === 0 ? Number.NEGATIVE_INFINITY : (funding.timeMs[funding.length - 1] as number);
  const fundingEnd = lastFunding + (funding.intervalHours[funding.length - 1] ?? 0) * 3_600_000;
  const end = Math.min((bars.openTimeMs[bars.length - 1] as number) + bars.intervalMs, fundingEnd);
  const minCoverage = grid.minCoverage ?? 0.95;
  const out: AssetWindows = { windows: [], skipped: [], outside: 0 };
  for (let from = grid.fromMs; from + grid.windowMs <= grid.toMs; from += grid.stepMs) {
    const w = { fromMs: from, toMs: from + grid.windowMs };
    if (w.fromMs < first || w.toMs > end) {
      out.outside++;
      continue;
    }
    const hole = fundingGap(funding, w.fromMs, w.toMs);
    if (hole !== undefined) {
      out.skipped.push({ ...w, reason: hole });
      continue;
    }
    const i0 = barIndexAtOrAfter(bars, w.fromMs);
    const i1 = barIndexAtOrAfter(bars, w.toMs);
    const expected = Math.round(grid.windowMs / bars.intervalMs);
    if (i1 - i0 < Math.max(2, Math.ceil(expected * minCoverage))) {
      out.skipped.push({ ...w, reason: `the window holds ${i1 - i0} of ${expected} bars` });
      continue;
    }
    const warm = contiguousBarsBefore(bars, i0, grid.warmupBars);
    if (warm < grid.warmupBars) {
      out.skipped.push({ ...w, reason: `${warm} bars before the window to warm up on (need ${grid.warmupBars})` });
      continue;
    }
    out.windows.push(w);
  }
  return out;
}

/** How many bars (up to `want`) directly precede bar `i0` without a gap over a day. */
export function contiguousBarsBefore(bars: Bars, i0: number, want: number): number {
  let k = i0;
  while (k > 0 && i0 - k < want) {
    if ((bars.openTimeMs[k] as number) - (bars.openTimeMs[k - 1] as number) > MAX_WARMUP_STEP_MS + bars.intervalMs)
      break;
    k--;
  }
  return i0 - k;
}
