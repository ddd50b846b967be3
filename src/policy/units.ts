/**
 * Human units of the policy file and CLI, converted exactly (no floats) to and from on-chain units.
 * Each parser returns the value, or a string saying what was expected (the caller names the field).
 */
import { RSI_SCALE } from "./Policy.ts";

export const SETTLEMENT_DECIMALS = 18;

/** Parses a non-negative decimal with at most `decimals` fractional digits, scaled by 10^decimals. */
function parseScaled(text: string, decimals: number): bigint | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? "";
  if (frac.length > decimals) return undefined;
  return BigInt(m[1] ?? "0") * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
}

function formatScaled(value: bigint, decimals: number): string {
  const base = 10n ** BigInt(decimals);
  const whole = value / base;
  const frac = (value % base).toString().padStart(decimals, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** "12.5%" → 125000 ppm. At most 4 decimals (1 ppm). */
export function parsePercent(text: string): number | string {
  const m = /^\s*([0-9.]+)\s*%\s*$/.exec(text);
  const scaled = m?.[1] === undefined ? undefined : parseScaled(m[1], 4);
  if (scaled === undefined) return `a percentage like "12.5%" (at most 4 decimals), got "${text}"`;
  return Number(scaled);
}

/** 125000 ppm → "12.5%". */
export function formatPercent(ppm: number): string {
  return `${formatScaled(BigInt(ppm), 4)}%`;
}

/** RSI level as a JSON number 0..100 with at most 2 decimals → hundredths (65.5 → 6550). */
export function parseRsi(value: number): number | string {
  const hundredths = Math.round(value * RSI_SCALE);
  if (!Number.isFinite(value) || value < 0 || Math.abs(hundredths - value * RSI_SCALE) > 1e-6) {
    return `an RSI level like 65 or 65.5 (at most 2 decimals), got ${value}`;
  }
  return hundredths;
}

/** Hundredths → RSI number (6550 → 65.5). */
export function formatRsi(hundredths: number): number {
  return hundredths / RSI_SCALE;
}

const DURATION_UNITS = [
  ["d", 86_400],
  ["h", 3_600],
  ["m", 60],
  ["s", 1],
] as const;

/** "1h30m", "30m", "900s", "1d" → seconds. */
export function parseDuration(text: string): number | string {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === "") return `a duration like "30m", "1h", "900s" or "1h30m", got "${text}"`;
  return DURATION_UNITS.reduce((sum, [, secs], i) => sum + Number(m[i + 1] ?? 0) * secs, 0);
}

/** Seconds → the shortest exact form ("1h", "90m", "1h0m1s" never: "3601s"). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  for (const [unit, secs] of DURATION_UNITS) {
    if (seconds % secs === 0) return `${seconds / secs}${unit}`;
  }
  return `${seconds}s`;
}

/** Decimal string in settlement units ("1000000", "2.5") → base units (18 decimals). */
export function parseAmount(text: string): bigint | string {
  const v = parseScaled(text.trim(), SETTLEMENT_DECIMALS);
  if (v === undefined) {
    return `an amount in settlement units as a decimal string like "1000000" or "2.5", got "${text}"`;
  }
  return v;
}

/** Base units → decimal string in settlement units. */
export function formatAmount(value: bigint): string {
  return formatScaled(value, SETTLEMENT_DECIMALS);
}
