import type { Funding } from "./Funding.ts";

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/**
 * Why `funding` cannot price a run over [fromMs, toMs), or undefined when it can: the events must start no
 * later than one interval into the run, reach its end (last event + its interval), and leave no hole inside it
 * (two events more than twice the earlier one's interval apart). Without this a run outside the funding file
 * silently pays no funding at all — an optimistic backtest. An empty series is accepted: a run without funding
 * by construction (synthetic runs in code; a funding file with no rows is refused when it is read).
 */
export function fundingGap(funding: Funding, fromMs: number, toMs: number): string | undefined {
  const n = funding.length;
  // No events at all is a run without funding by construction (synthetic runs; a file needs at least one row).
  if (n === 0) return undefined;
  const t = funding.timeMs;
  const hours = funding.intervalHours;
  const first = t[0] as number;
  if (first > fromMs + (hours[0] as number) * HOUR_MS) {
    return `funding starts at ${iso(first)} UTC, after the run's start ${iso(fromMs)} UTC`;
  }
  const end = (t[n - 1] as number) + (hours[n - 1] as number) * HOUR_MS;
  if (end < toMs) return `funding ends at ${iso(end)} UTC, before the run's end ${iso(toMs)} UTC`;
  for (let k = 1; k < n; k++) {
    const prev = t[k - 1] as number;
    if (prev >= toMs) break;
    if ((t[k] as number) <= fromMs) continue;
    if ((t[k] as number) - prev > 2 * (hours[k - 1] as number) * HOUR_MS) {
      return `no funding events between ${iso(prev)} and ${iso(t[k] as number)} UTC (declared every ${hours[k - 1]} h)`;
    }
  }
  return undefined;
}
