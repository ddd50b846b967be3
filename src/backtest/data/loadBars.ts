import type { BarGap, Bars } from "./Bars.ts";
import { CsvFormatError } from "./CsvFormatError.ts";
import { parseNumber, readCsv } from "./readCsv.ts";
import { suspectBars } from "./suspectBars.ts";

const COLUMNS = ["open_time_ms", "open", "high", "low", "close", "volume_base"] as const;

export type LoadBarsOptions = {
  /** Bar length; default: the smallest step between consecutive rows. */
  intervalMs?: number;
};

/**
 * Loads OHLCV bars in the layout of the shared data folder (Binance klines: open_time_ms, open_time_utc,
 * open, high, low, close, volume_base, …). Rows must be strictly increasing in time, on the bar grid, with
 * consistent OHLC (low ≤ open, close ≤ high, all > 0); anything else throws a CsvFormatError naming the
 * file and line.
 *
 * Gap policy: a missing stretch (e.g. an exchange maintenance window) is allowed and reported in
 * `bars.gaps` — bars are never synthesised. The backtester treats the gap as time passing without a
 * price: the next row's open is the first price seen after it (so a gap that jumps over the liquidation
 * price is detected at that open), funding due during the gap is charged at that open, and a pending
 * execution waits for the next existing bar.
 *
 * Suspect bars (a one-bar move of 50 % or more, see `suspectBars`) are kept but listed in `bars.suspects`;
 * the commands print a warning naming each one's line.
 */
export function loadBars(file: string, options: LoadBarsOptions = {}): Bars {
  const csv = readCsv(file, COLUMNS);
  const n = csv.lines.length;
  const openTimeMs = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  const c = csv.columns as Record<(typeof COLUMNS)[number], number>;
  for (let k = 0; k < n; k++) {
    const line = csv.lines[k] as string;
    const cells = line.split(",");
    if (cells.length !== csv.columnCount) {
      throw new CsvFormatError(file, k + 2, `expected ${csv.columnCount} columns, found ${cells.length}`, line);
    }
    let t = Number(cells[c.open_time_ms]);
    let o = Number(cells[c.open]);
    let h = Number(cells[c.high]);
    let l = Number(cells[c.low]);
    let cl = Number(cells[c.close]);
    let v = Number(cells[c.volume_base]);
    // Fast path above; on any non-finite value re-parse for a precise message.
    if (
      !(
        Number.isFinite(t) &&
        Number.isFinite(o) &&
        Number.isFinite(h) &&
        Number.isFinite(l) &&
        Number.isFinite(cl) &&
        Number.isFinite(v)
      )
    ) {
      t = parseNumber(csv, k, cells, "open_time_ms");
      o = parseNumber(csv, k, cells, "open");
      h = parseNumber(csv, k, cells, "high");
      l = parseNumber(csv, k, cells, "low");
      cl = parseNumber(csv, k, cells, "close");
      v = parseNumber(csv, k, cells, "volume_base");
    }
    for (const name of COLUMNS) {
      // Number("") is 0: an empty cell must not pass as a zero.
      if (cells[c[name]]?.trim() === "") throw new CsvFormatError(file, k + 2, `column "${name}" is empty`, line);
    }
    if (!(l > 0 && l <= o && l <= cl && h >= o && h >= cl && v >= 0)) {
      throw new CsvFormatError(
        file,
        k + 2,
        `inconsistent bar: open ${o} high ${h} low ${l} close ${cl} volume ${v}`,
        line,
      );
    }
    if (k > 0) {
      const prev = openTimeMs[k - 1] as number;
      if (t === prev) throw new CsvFormatError(file, k + 2, `duplicate timestamp ${t} (same as line ${k + 1})`, line);
      if (t < prev)
        throw new CsvFormatError(file, k + 2, `timestamps not sorted: ${t} < ${prev} on line ${k + 1}`, line);
    }
    openTimeMs[k] = t;
    open[k] = o;
    high[k] = h;
    low[k] = l;
    close[k] = cl;
    volume[k] = v;
  }
  const intervalMs = options.intervalMs ?? smallestStep(openTimeMs);
  // One row has no step (smallestStep is +Infinity): an infinite interval would make every later span endless.
  if (!(intervalMs > 0 && Number.isFinite(intervalMs))) {
    throw new CsvFormatError(file, 2, "cannot infer the bar interval from a single row");
  }
  if (intervalMs < MIN_INTERVAL_MS) {
    // A file in Unix seconds loads as 3.6-second bars in January 1970, matches no funding and runs "fine".
    throw new CsvFormatError(
      file,
      3,
      `bar interval of ${intervalMs} ms is under a minute: the open_time_ms column looks like Unix seconds`,
      csv.lines[1],
    );
  }
  const gaps: BarGap[] = [];
  for (let k = 1; k < n; k++) {
    const step = (openTimeMs[k] as number) - (openTimeMs[k - 1] as number);
    if (step === intervalMs) continue;
    if (step % intervalMs !== 0) {
      throw new CsvFormatError(file, k + 2, `timestamp off the ${intervalMs / 60_000}-minute bar grid`, csv.lines[k]);
    }
    gaps.push({ afterMs: openTimeMs[k - 1] as number, missingBars: step / intervalMs - 1, line: k + 2 });
  }
  const bars: Bars = { file, intervalMs, length: n, openTimeMs, open, high, low, close, volume, gaps };
  bars.suspects = suspectBars(bars);
  return bars;
}

/** Shortest bar interval accepted: a minute (anything shorter is a unit mistake, not market data). */
const MIN_INTERVAL_MS = 60_000;

function smallestStep(t: Float64Array): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 1; k < t.length; k++) {
    const d = (t[k] as number) - (t[k - 1] as number);
    if (d < best) best = d;
  }
  return best;
}
