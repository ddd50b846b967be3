import type { Decision } from "./Decision.ts";
import { formatReason } from "./Reason.ts";

/** A decision as text: a headline plus, with `all`, every reason (otherwise only those that fired). */
export function formatDecision(d: Decision, all = false): string {
  const move = d.layer === d.previousLayer ? `L${d.layer}` : `L${d.previousLayer} → L${d.layer}`;
  const held = d.held ? " (held by hysteresis)" : "";
  const head = `${d.bookId} ${d.side} ${d.market}: ${move}${held} [${d.status}] margin buffer ${(d.marginBufferPpm / 10_000).toFixed(2)}% policy v${d.policyVersion}`;
  const reasons = all ? d.reasons : d.reasons.filter((r) => r.fired);
  return [head, ...reasons.map((r) => `  - ${formatReason(r, d.side)}`)].join("\n");
}
