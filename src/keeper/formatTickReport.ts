import { describeIntent } from "../proposer/describeIntent.ts";
import { formatReason } from "../strategy/Reason.ts";
import type { TickReport } from "./Keeper.ts";

const pct = (ppm: number) => `${(ppm / 10_000).toFixed(2)}%`;

/**
 * `alvh keeper once`: the decision table of one tick — per book the layer (and its change), the status, the
 * margin buffer, the reasons that fired (each with value, threshold and comparison), the plan in words and
 * what happened to the proposal (new / existing / pending / superseded), then the tracker's findings.
 */
export function formatTickReport(r: TickReport, symbolOf: (market: string) => string = (m) => m): string[] {
  const lines = [`tick at block ${r.block} (${new Date(r.time).toISOString()})`];
  for (const b of r.books) {
    const d = b.decision;
    // Stale data: the layer is not known (the last known one is not a statement about now).
    const unknown = b.stale.length > 0 || d.status === "stale";
    const age = b.dataAgeSec === undefined ? "" : `, data ${b.dataAgeSec}s old`;
    const layer = unknown
      ? `unknown (STALE${age}; last known L${d.previousLayer})`
      : d.layer === d.previousLayer
        ? `L${d.layer}`
        : `L${d.previousLayer} -> L${d.layer}`;
    // Without an open position there is no maintenance requirement, and a "buffer" would be a meaningless figure.
    const buffer = Number.isNaN(d.marginBufferPpm)
      ? "unknown (not read)"
      : b.account && b.account.maintenanceRequirement === 0n
        ? "n/a (no position)"
        : pct(d.marginBufferPpm);
    lines.push(
      `book ${b.book.id}  ${b.book.side} ${symbolOf(b.book.market)}  layer ${layer}${d.held ? " (held)" : ""}  status ${d.status}  margin buffer ${buffer}  policy v${d.policyVersion}`,
    );
    const fired = d.reasons.filter((x) => x.fired);
    lines.push(fired.length === 0 ? "  reasons: none fired" : "  reasons:");
    for (const x of fired) lines.push(`    - ${formatReason(x, b.book.side)}`);
    for (const s of b.stale) lines.push(`    - STALE: ${s}`);
    if (b.plan) {
      lines.push(`  plan (${b.plan.key.slice(0, 12)}):`);
      for (const i of b.plan.intents) lines.push(`    - ${describeIntent(i, b.book.side, symbolOf)}`);
    } else lines.push("  plan: none");
    if (b.emergency)
      lines.push(
        `  emergency: ${b.emergency.id} executed by the EmergencyModule in tx ${b.emergency.executedTx} (executed-emergency)`,
      );
    for (const r of b.emergencyReasons) lines.push(`  emergency module not used: ${r}`);
    if (b.outcome)
      lines.push(
        `  proposal: ${b.outcome.kind} ${b.outcome.record.id} (${b.outcome.record.status}, L${b.outcome.record.layer})`,
      );
    else if (b.pending) lines.push(`  proposal: pending ${b.pending} (with the signers; not replaced)`);
    else lines.push("  proposal: none");
    for (const s of b.superseded) lines.push(`  superseded: ${s}`);
  }
  for (const e of r.recovered)
    lines.push(
      `recovered: ${e.id.slice(0, 12)} book ${e.book} EmergencyModule action in tx ${e.executedTx} (from its Protected event; no record existed)`,
    );
  for (const t of r.tracked)
    lines.push(`tracked: ${t.proposal.id.slice(0, 12)} ${t.kind}${"reason" in t ? ` (${t.reason})` : ""}`);
  if (r.delivered > 0) lines.push(`delivered ${r.delivered} pending proposal(s) recorded earlier`);
  return lines;
}
