import type { Side } from "./BookSnapshot.ts";
import type { Reason } from "./Reason.ts";

/** A comparison as a person reads it: the indicator's own value (not the side-adjusted one) and the mirrored bound. */
export type NaturalReason = {
  label: string;
  value: number;
  op: Reason["op"];
  threshold: number;
  unit: Reason["unit"];
};

const FLIP: Record<Reason["op"], Reason["op"]> = { ">=": "<=", "<=": ">=", ">": "<", "<": ">", "==": "==", "!=": "!=" };

/**
 * The strategy compares adverse-oriented values (for a long, RSI 100 − x, the MACD histogram and the price move
 * negated) so that longs and shorts share one rule. Signers read indicators in their natural orientation:
 * `RSI 32.37 ≤ 48.00` for a long instead of `adverse RSI 67.63 ≥ 52.00`. Same comparison, same outcome.
 */
export function naturalReason(
  r: Pick<Reason, "signal" | "value" | "threshold" | "op" | "unit">,
  side: Side,
): NaturalReason {
  const long = side === "long";
  const same = (label: string): NaturalReason => ({
    label,
    value: r.value,
    op: r.op,
    threshold: r.threshold,
    unit: r.unit,
  });
  switch (r.signal) {
    case "RSI":
      return long
        ? { label: "RSI", value: 100 - r.value, op: FLIP[r.op], threshold: 100 - r.threshold, unit: "rsi" }
        : same("RSI");
    case "MACD":
      return long
        ? { label: "MACD histogram/price", value: -r.value, op: FLIP[r.op], threshold: -r.threshold, unit: r.unit }
        : same("MACD histogram/price");
    case "DRAWDOWN":
      return long
        ? { label: "price move", value: -r.value, op: FLIP[r.op], threshold: -r.threshold, unit: r.unit }
        : same("price move");
    case "BREADTH":
      return same(long ? "share of markets below their EMA" : "share of markets above their EMA");
    case "FUNDING":
      return same("|funding rate|");
    case "REALISED_VOL":
      return same("realised vol (ann.)");
    case "IMPLIED_VOL":
      return same("implied vol");
    case "MARGIN_BUFFER":
      return same("margin buffer");
    case "MARGIN_BUFFER_UNHEDGED":
      return same("margin buffer if unhedged");
    default:
      return same(r.signal);
  }
}
