import { readFileSync } from "node:fs";
import { splitCsv } from "../backtest/data/readCsv.ts";
import { toE18 } from "../venues/perp/priceMath.ts";
import type { PricePoint } from "./PricePoint.ts";
import { ScenarioError } from "./ScenarioError.ts";

export type LoadPricePathOptions = {
  /** Keep bars opening at or after this time (ISO 8601 or unix ms). */
  from?: string | number;
  /** Keep bars opening before this time (ISO 8601 or unix ms). */
  to?: string | number;
  /** Which column to replay. Default "close". */
  column?: "open" | "high" | "low" | "close";
};

/**
 * Parses the CSV layout of the shared market data (`open_time_ms, open_time_utc, open, high, low, close, …`,
 * one header row) into a price path, filtered to [from, to). Prices stay as written (use `rescalePath`).
 */
export function parsePricePathCsv(text: string, options: LoadPricePathOptions = {}): PricePoint[] {
  const column = options.column ?? "close";
  let csv: ReturnType<typeof splitCsv>;
  try {
    csv = splitCsv(text, "price path", ["open_time_ms", column]);
  } catch (cause) {
    throw new ScenarioError("CSV lacks the expected columns.", {
      metaMessages: [`need: open_time_ms, ${column}`],
      cause,
    });
  }
  const timeCol = csv.columns.open_time_ms as number;
  const priceCol = csv.columns[column] as number;
  const from = toMs(options.from, "from");
  const to = toMs(options.to, "to");
  const points: PricePoint[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const [i, line] of csv.lines.entries()) {
    if (line.trim() === "") continue;
    const cells = line.split(",");
    const ms = Number(cells[timeCol]);
    const raw = cells[priceCol]?.trim();
    if (!Number.isFinite(ms) || !raw || !/^\d+(\.\d+)?$/.test(raw)) {
      throw new ScenarioError("Malformed CSV row.", { metaMessages: [`row ${i + 2}: ${line}`] });
    }
    // The same rule as the backtester's loader: times strictly increase (a duplicated timestamp is an error).
    if (ms <= last) {
      throw new ScenarioError("CSV times do not strictly increase.", { metaMessages: [`row ${i + 2}: ${line}`] });
    }
    last = ms;
    if (from !== undefined && ms < from) continue;
    if (to !== undefined && ms >= to) continue;
    points.push({ time: Math.floor(ms / 1000), price: toE18(raw) });
  }
  if (points.length === 0) throw new ScenarioError("Price path is empty for the chosen window.");
  return points;
}

/** Reads and parses a CSV file (see `parsePricePathCsv`). */
export function loadPricePath(file: string, options: LoadPricePathOptions = {}): PricePoint[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ScenarioError("Cannot read the price path file.", { metaMessages: [`file: ${file}`], cause });
  }
  return parsePricePathCsv(text, options);
}

function toMs(value: string | number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ScenarioError(`Invalid --${name} time.`, { metaMessages: [`${name}: ${value}`] });
  return ms;
}
