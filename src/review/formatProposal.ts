import type { ProposalView } from "./proposalView.ts";

const when = (unix: number) => new Date(unix * 1000).toISOString().replace(".000Z", "Z");

/** "3 h 12 min", "45 s": how long ago, for tables. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** Signatures against the threshold: `1/2`, or `1/?` when the Safe could not be read; `-` for module actions. */
export function formatSignatures(p: ProposalView, threshold: number | undefined): string {
  if (p.route === "emergency-module") return "-";
  return `${p.signatures.length}/${threshold ?? "?"}`;
}

/**
 * `alvh proposals list`: a table with headers — id, book, layer, status, signatures/threshold, Safe nonce
 * (none for EmergencyModule actions), policy, age and the plan in words.
 */
export function formatProposalTable(
  rows: readonly ProposalView[],
  options: { threshold: (safe: string) => number | undefined; nowSec: number },
): string[] {
  const head = ["ID", "BOOK", "LAYER", "STATUS", "SIGS", "NONCE", "POLICY", "AGE", "PLAN"];
  const body = rows.map((p) => [
    p.short,
    `${p.book} ${p.side} ${p.symbol}`,
    p.previousLayer === p.layer ? `L${p.layer}` : `L${p.previousLayer}->L${p.layer}`,
    p.status,
    formatSignatures(p, options.threshold(p.safe)),
    p.safeNonce === null ? "-" : String(p.safeNonce),
    `v${p.policy.version}`,
    formatAge(options.nowSec - p.createdAt),
    p.plan.join("; "),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd();
  return [line(head), ...body.map(line)];
}

/**
 * `alvh proposals show`: what the transaction does (decoded calls), the layer and every reason in natural
 * orientation with its threshold, margin before and expected after, the policy stamp, signatures and history.
 */
export function formatProposal(p: ProposalView, options: { threshold?: number | undefined } = {}): string[] {
  const lines: string[] = [];
  const emergency = p.route === "emergency-module";
  lines.push(`proposal ${p.id}`);
  lines.push(
    `  status: ${p.status}${p.statusReason ? ` (${p.statusReason})` : ""}${p.supersededBy ? `, superseded by proposal ${p.supersededBy.slice(0, 12)}` : ""}`,
  );
  lines.push(
    `  book ${p.book} (${p.side} ${p.symbol}) on Safe ${p.safe}, chain ${p.chainId}${p.safeNonce === null ? "" : `, Safe nonce ${p.safeNonce}`}`,
  );
  if (emergency) lines.push(`  transaction ${p.executedTx ?? "(unknown)"} (EmergencyModule, no Safe signatures)`);
  else {
    lines.push(`  safeTxHash ${p.safeTxHash}`);
    if (p.executedTx) lines.push(`  executed in transaction ${p.executedTx}`);
  }
  lines.push(
    `  layer: L${p.previousLayer} -> L${p.layer} (${p.decision.status}${p.decision.held ? ", held by hysteresis" : ""}${p.decision.warm ? "" : ", indicators warming up"})`,
  );
  lines.push(
    `  policy v${p.policy.version} hash ${p.policy.hash}; decided at block ${p.block.number} (${when(p.block.timestamp)})`,
  );
  lines.push("  reasons (every comparison, natural orientation; value vs threshold):");
  for (const r of p.reasons) lines.push(`    ${r.fired ? "[fired]" : "[ -- ]"} ${r.text}`);
  lines.push("  plan:");
  for (const w of p.plan) lines.push(`    - ${w}`);
  lines.push(`  calls (${p.callsVia}):`);
  for (const [i, c] of p.calls.entries()) lines.push(`    ${i + 1}. ${c}`);
  const m = p.margin;
  lines.push(
    `  margin before: account value ${m.before.accountValue}, maintenance ${m.before.maintenance}, buffer ${m.before.buffer}`,
  );
  lines.push(
    `  expected after: account value ${m.expectedAfter.accountValue}, maintenance ${m.expectedAfter.maintenance}, buffer ${m.expectedAfter.buffer} (first order, at the decision's mark)`,
  );
  if (!emergency) {
    const sigs = p.signatures.map((s) => s.signer).join(", ") || "none";
    lines.push(`  signatures: ${p.signatures.length} of ${options.threshold ?? "?"} needed (${sigs})`);
  }
  if (p.events.length > 0) {
    lines.push("  history:");
    for (const e of p.events) lines.push(`    ${when(e.at)} ${e.status}${e.reason ? ` — ${e.reason}` : ""}`);
  }
  return lines;
}
