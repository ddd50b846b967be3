import type { SignalName } from "../policy/Policy.ts";
import type { Side } from "./BookSnapshot.ts";
import { naturalReason } from "./naturalReason.ts";

/** 0 = no layer active; 1..3 = ALVH layers. */
export type LayerIndex = 0 | 1 | 2 | 3;

export type ReasonSignal =
  | SignalName
  | "MARGIN_BUFFER"
  | "MARGIN_BUFFER_UNHEDGED"
  | "PAUSED"
  | "DATA_AGE"
  | "COOLDOWN"
  | "WARMUP"
  | "POLICY";

/**
 * One piece of evidence: an input value, the threshold it was compared with and how, and whether the
 * comparison fired. Units (see `unit`): RSI points, fractions (0.05 = 5 %), seconds or bars.
 * `relaxed` = the threshold includes the hysteresis margin (the layer is held, not entered).
 */
export type Reason = {
  kind: "signal" | "margin" | "paused" | "stale" | "cooldown" | "warmup" | "policy";
  /** The layer the comparison belongs to (0 for book-level reasons). */
  layer: LayerIndex;
  signal: ReasonSignal;
  value: number;
  threshold: number;
  op: ">=" | "<=" | ">" | "<" | "==" | "!=";
  fired: boolean;
  relaxed: boolean;
  unit: "rsi" | "fraction" | "seconds" | "bars" | "flag" | "version";
};

const LABEL: Record<ReasonSignal, string> = {
  RSI: "adverse RSI",
  MACD: "adverse MACD histogram/price",
  FUNDING: "|funding rate|",
  BREADTH: "adverse breadth",
  DRAWDOWN: "adverse move",
  REALISED_VOL: "realised vol (ann.)",
  IMPLIED_VOL: "implied vol",
  MARGIN_BUFFER: "margin buffer",
  MARGIN_BUFFER_UNHEDGED: "margin buffer if unhedged",
  PAUSED: "paused",
  DATA_AGE: "data age",
  COOLDOWN: "time since last action",
  WARMUP: "bars seen",
  POLICY: "policy version",
};

const OP: Record<Reason["op"], string> = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠" };

/** A reason's number, rounded for people (no `0.04000000000000001`). */
export function formatReasonValue(x: number, unit: Reason["unit"]): string {
  if (Number.isNaN(x)) return "n/a";
  switch (unit) {
    case "rsi":
      return x.toFixed(2);
    case "fraction":
      return `${(x * 100).toFixed(Math.abs(x) < 0.01 && x !== 0 ? 4 : 2)}%`;
    case "seconds":
      return Number.isFinite(x) ? `${Math.round(x)} s` : "∞ s";
    default:
      return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
  }
}
const fmt = formatReasonValue;

/**
 * One line for humans, e.g. `L1 RSI 32.37 ≤ 48.00 → fired`. With the book's `side`, indicators read in their
 * natural orientation (see `naturalReason`); without it, as the strategy compares them (adverse-oriented).
 */
export function formatReason(r: Reason, side?: Side): string {
  const where = r.layer === 0 ? "" : `L${r.layer} `;
  switch (r.kind) {
    case "paused":
      return "book paused by governance → skipped";
    case "stale":
      if (!Number.isFinite(r.value)) {
        return "no market data yet (no bar from the oracle or the CSV backfill) → skipped until the first bar";
      }
      return `${LABEL.DATA_AGE} ${fmt(r.value, "seconds")} > max ${fmt(r.threshold, "seconds")} → stale, skipped`;
    case "cooldown":
      return `${LABEL.COOLDOWN} ${fmt(r.value, "seconds")} < cooldown ${fmt(r.threshold, "seconds")} → no new plan (not escalating)`;
    case "warmup":
      return `${LABEL.WARMUP} ${r.value} < ${r.threshold} needed for warm-up → only margin-buffer triggers count`;
    case "policy":
      return `book's ${LABEL.POLICY} ${r.value} ≠ evaluated policy version ${r.threshold} → skipped`;
    default: {
      const n = side === undefined ? { ...r, label: LABEL[r.signal] } : naturalReason(r, side);
      const t = `${fmt(n.threshold, n.unit)}${r.relaxed ? " (incl. hysteresis)" : ""}`;
      return `${where}${n.label} ${fmt(n.value, n.unit)} ${OP[n.op]} ${t} → ${r.fired ? "fired" : "not fired"}`;
    }
  }
}
