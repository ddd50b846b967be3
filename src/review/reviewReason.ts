import type { ProposalEvidence } from "../proposer/ProposalEvidence.ts";
import type { Side } from "../strategy/BookSnapshot.ts";
import { naturalReason } from "../strategy/naturalReason.ts";
import { formatReason, formatReasonValue, type Reason } from "../strategy/Reason.ts";

/** One reason as a signer reads it: natural orientation, rounded, with its threshold. */
export type ReviewReason = {
  layer: number;
  fired: boolean;
  label: string;
  value: string;
  op: string;
  threshold: string;
  text: string;
};

type EvidenceReason = ProposalEvidence["reasons"][number];

const KIND_OF: Record<string, Reason["kind"]> = {
  MARGIN_BUFFER: "margin",
  MARGIN_BUFFER_UNHEDGED: "margin",
  PAUSED: "paused",
  DATA_AGE: "stale",
  COOLDOWN: "cooldown",
  WARMUP: "warmup",
  POLICY: "policy",
};
const UNIT_OF: Record<string, Reason["unit"]> = {
  RSI: "rsi",
  DATA_AGE: "seconds",
  COOLDOWN: "seconds",
  WARMUP: "bars",
  PAUSED: "flag",
  POLICY: "version",
};
const OP: Record<string, string> = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠" };

/** The strategy's Reason back from stored evidence (older evidence lacks kind/unit/relaxed: derived from the signal). */
function asReason(r: EvidenceReason): Reason {
  return {
    kind: (r.kind as Reason["kind"] | undefined) ?? KIND_OF[r.signal] ?? "signal",
    layer: r.layer as Reason["layer"],
    signal: r.signal as Reason["signal"],
    value: r.value ?? Number.NaN,
    threshold: r.threshold ?? Number.NaN,
    op: r.op as Reason["op"],
    fired: r.fired,
    relaxed: r.relaxed ?? r.text.includes("hysteresis"),
    unit: (r.unit as Reason["unit"] | undefined) ?? UNIT_OF[r.signal] ?? "fraction",
  };
}

/**
 * A stored reason for review. Indicators in natural orientation (a long's `RSI 32.37 ≤ 48.00`, not the
 * strategy's adverse `67.63 ≥ 52.00`); margin-buffer comparisons of a book with no open position are not
 * shown as numbers (a buffer means nothing without a maintenance requirement).
 */
export function reviewReason(er: EvidenceReason, side: Side, hasPosition: boolean): ReviewReason {
  const r = asReason(er);
  const n = naturalReason(r, side);
  if (r.kind === "margin" && !hasPosition)
    return {
      layer: r.layer,
      fired: r.fired,
      label: n.label,
      value: "no position",
      op: "",
      threshold: formatReasonValue(n.threshold, n.unit),
      text: `${r.layer ? `L${r.layer} ` : ""}${n.label}: no open position (trigger ${formatReasonValue(n.threshold, n.unit)})`,
    };
  return {
    layer: r.layer,
    fired: r.fired,
    label: n.label,
    value: formatReasonValue(n.value, n.unit),
    op: OP[n.op] ?? n.op,
    threshold: `${formatReasonValue(n.threshold, n.unit)}${r.relaxed ? " (incl. hysteresis)" : ""}`,
    text: formatReason(r, side),
  };
}
