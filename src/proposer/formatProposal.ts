import { displayStatus, type ProposalEvent, type ProposalRecord } from "../store/types.ts";
import { type AddressBook, describeCall } from "./describeCall.ts";
import { formatAmount } from "./describeIntent.ts";
import type { MarginFigures } from "./expectedMarginAfter.ts";
import type { ProposalEvidence } from "./ProposalEvidence.ts";

const pct = (ppm: bigint | number) => `${(Number(ppm) / 10_000).toFixed(2)}%`;
const short = (id: string) => id.slice(0, 12);
const when = (unix: number) => new Date(unix * 1000).toISOString().replace(".000Z", "Z");

function margin(label: string, m: MarginFigures): string {
  return `${label}: account value ${formatAmount(m.accountValue)}, maintenance ${formatAmount(m.maintenanceRequirement)}, buffer ${pct(m.bufferPpm)}`;
}

/** One line per proposal for `alvh proposals list`. */
export function formatProposalRow(p: ProposalRecord, threshold?: number): string {
  const ev = p.evidence as Partial<ProposalEvidence>;
  const sigs = threshold === undefined ? `${p.signatures.length} sig` : `${p.signatures.length}/${threshold} sig`;
  const what = ev.plan?.words?.join("; ") ?? p.planKey;
  return [
    short(p.id),
    `book ${p.book}`,
    `L${p.layer}`,
    displayStatus(p).padEnd(18),
    sigs,
    `nonce ${p.safeNonce}`,
    `policy v${p.policyVersion}`,
    when(p.createdAt),
    what,
  ].join("  ");
}

/**
 * `alvh proposals show`: what the Safe transaction does (decoded calls in words), the layer and every reason
 * with its numbers, the margin before and the expected margin after, the policy stamp and the history.
 */
export function formatProposal(
  p: ProposalRecord,
  options: { events?: readonly ProposalEvent[]; addressBook?: AddressBook; threshold?: number } = {},
): string[] {
  const ev = p.evidence as ProposalEvidence;
  const lines: string[] = [];
  lines.push(`proposal ${p.id}`);
  lines.push(
    `  status: ${displayStatus(p)}${p.statusReason ? ` (${p.statusReason})` : ""}${p.supersededBy ? `, superseded by ${short(p.supersededBy)}` : ""}${p.executedTx ? `, executed in tx ${p.executedTx}` : ""}`,
  );
  lines.push(
    `  book ${p.book} (${ev.book.side} ${ev.book.symbol}) on Safe ${p.safe}, chain ${p.chainId}, Safe nonce ${p.safeNonce}`,
  );
  lines.push(`  safeTxHash ${p.safeTxHash}`);
  lines.push(
    `  layer: L${ev.decision.previousLayer} -> L${p.layer} (${ev.decision.status}${ev.decision.held ? ", held by hysteresis" : ""}${ev.decision.warm ? "" : ", indicators warming up"})`,
  );
  lines.push(
    `  policy v${p.policyVersion} hash ${p.policyHash}; decided at block ${ev.block.number} (${when(ev.block.timestamp)})`,
  );
  lines.push("  reasons (every comparison; value vs threshold):");
  for (const r of ev.reasons) lines.push(`    ${r.fired ? "[fired]" : "[ -- ]"} ${r.text}`);
  lines.push("  plan:");
  for (const w of ev.plan.words) lines.push(`    - ${w}`);
  lines.push(
    p.route === "emergency-module"
      ? `  calls (EmergencyModule.protect, no signatures; tx ${p.executedTx}):`
      : `  calls (${p.tx.operation === 1 ? "MultiSendCallOnly batch" : "single call"} to ${p.tx.to}):`,
  );
  for (const [i, c] of ev.calls.entries()) lines.push(`    ${i + 1}. ${describeCall(c, options.addressBook)}`);
  lines.push(`  ${margin("margin before", ev.margin.before)}`);
  lines.push(`  ${margin("expected after", ev.margin.expectedAfter)} (first order, at the decision's mark)`);
  const sigs = p.signatures.map((s) => s.signer).join(", ") || "none";
  lines.push(
    `  signatures: ${p.signatures.length}${options.threshold === undefined ? "" : ` of ${options.threshold} needed`} (${sigs})`,
  );
  if (options.events && options.events.length > 0) {
    lines.push("  history:");
    for (const e of options.events) lines.push(`    ${when(e.at)} ${e.status}${e.reason ? ` — ${e.reason}` : ""}`);
  }
  return lines;
}
