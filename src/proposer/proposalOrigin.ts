import { proposalView } from "../review/proposalView.ts";
import type { ProposalRecord } from "../store/types.ts";

/** The Safe Transaction Service stores `origin` in a 200-character field. */
const MAX_ORIGIN = 200;

/**
 * The `origin` a proposal carries to the Safe Transaction Service: the JSON `{ name, url }` Safe{Wallet} shows
 * as the transaction's app, so signers using the Safe web app see why (layer and the first fired reason, in
 * natural orientation) and can open the evidence (`<evidenceUrl>/#/proposal/<id>`). Without an evidence URL,
 * the name alone.
 */
export function proposalOrigin(p: ProposalRecord, evidenceUrl: string | undefined): string {
  const v = proposalView(p);
  const url = evidenceUrl ? `${evidenceUrl.replace(/\/$/, "")}/#/proposal/${p.id}` : undefined;
  const fired = v.reasons.find((r) => r.fired);
  const full = `ALVH L${v.layer} book ${v.book}${fired ? `: ${fired.label} ${fired.value} ${fired.op} ${fired.threshold}` : ""}`;
  const room = MAX_ORIGIN - JSON.stringify({ name: "", ...(url ? { url } : {}) }).length;
  const name = full.length <= room ? full : `${full.slice(0, Math.max(room - 1, 0))}…`;
  return JSON.stringify({ name, ...(url ? { url } : {}) });
}
