import { CsvFormatError } from "./CsvFormatError.ts";
import type { Funding } from "./Funding.ts";
import { parseNumber, readCsv } from "./readCsv.ts";

const COLUMNS = ["funding_time_ms", "funding_interval_hours", "funding_rate"] as const;

/**
 * Loads funding events (layout: funding_time_ms, funding_time_utc, funding_interval_hours, funding_rate).
 * Times must be strictly increasing; rates finite and |rate| < 1; intervals > 0. Irregular spacing is
 * allowed (venues change intervals); missing events simply mean no payment.
 */
export function loadFunding(file: string): Funding {
  const csv = readCsv(file, COLUMNS);
  const n = csv.lines.length;
  const timeMs = new Float64Array(n);
  const rate = new Float64Array(n);
  const intervalHours = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const line = csv.lines[k] as string;
    const cells = line.split(",");
    if (cells.length !== csv.columnCount) {
      throw new CsvFormatError(file, k + 2, `expected ${csv.columnCount} columns, found ${cells.length}`, line);
    }
    const t = parseNumber(csv, k, cells, "funding_time_ms");
    const h = parseNumber(csv, k, cells, "funding_interval_hours");
    const r = parseNumber(csv, k, cells, "funding_rate");
    if (!(h > 0)) throw new CsvFormatError(file, k + 2, `funding_interval_hours must be > 0, got ${h}`, line);
    if (!(Math.abs(r) < 1)) throw new CsvFormatError(file, k + 2, `funding_rate out of range: ${r}`, line);
    if (k > 0) {
      const prev = timeMs[k - 1] as number;
      if (t === prev) throw new CsvFormatError(file, k + 2, `duplicate timestamp ${t} (same as line ${k + 1})`, line);
      if (t < prev)
        throw new CsvFormatError(file, k + 2, `timestamps not sorted: ${t} < ${prev} on line ${k + 1}`, line);
      const declared = (intervalHours[k - 1] as number) * 3_600_000;
      if (t - prev < declared / 2) {
        // e.g. a file in Unix seconds: 8-hour events 28.8 s apart
        throw new CsvFormatError(
          file,
          k + 2,
          `funding event ${t - prev} ms after the previous one, which declares ${intervalHours[k - 1]} h: the funding_time_ms column looks like Unix seconds`,
          line,
        );
      }
    }
    timeMs[k] = t;
    rate[k] = r;
    intervalHours[k] = h;
  }
  return { file, length: n, timeMs, rate, intervalHours };
}
