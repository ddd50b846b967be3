import { readFileSync } from "node:fs";
import type { StoredBar } from "../store/types.ts";
import { SourceError } from "./SourceError.ts";

export type CsvWindow = {
  /** Inclusive lower bound on the bar open time (ms since epoch). */
  fromMs?: number;
  /** Exclusive upper bound on the bar open time (ms since epoch). */
  toMs?: number;
};

/**
 * Reads bars from a CSV in the `open_time_ms, open_time_utc, open, high, low, close, …` layout (the shared
 * historical data). Columns are found by header name; `t` is the open time in ms.
 */
export function readPriceCsv(file: string, window: CsvWindow = {}): StoredBar[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new SourceError("Cannot read price CSV", { metaMessages: [`file: ${file}`], cause });
  }
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0)
      throw new SourceError("Price CSV lacks a column", { metaMessages: [`file: ${file}`, `column: ${name}`] });
    return i;
  };
  const [ti, oi, hi, li, ci] = [col("open_time_ms"), col("open"), col("high"), col("low"), col("close")];
  const from = window.fromMs ?? Number.NEGATIVE_INFINITY;
  const to = window.toMs ?? Number.POSITIVE_INFINITY;
  const out: StoredBar[] = [];
  for (let n = 1; n < lines.length; n++) {
    const cells = (lines[n] as string).split(",");
    const ms = Number(cells[ti]);
    if (ms < from || ms >= to) continue;
    const bar = {
      t: ms,
      open: Number(cells[oi]),
      high: Number(cells[hi]),
      low: Number(cells[li]),
      close: Number(cells[ci]),
    };
    if (![bar.t, bar.open, bar.high, bar.low, bar.close].every(Number.isFinite))
      throw new SourceError("Malformed price CSV row", { metaMessages: [`file: ${file}`, `line: ${n + 1}`] });
    out.push(bar);
  }
  return out;
}
