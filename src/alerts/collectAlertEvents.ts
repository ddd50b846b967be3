import { type ProposalView, proposalView } from "../review/proposalView.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { AlertEvent } from "./AlertEvent.ts";

export type CollectOptions = {
  /** The Safe's signature threshold (undefined when the chain cannot be read: the alert says `?`). */
  threshold: (safe: string) => Promise<number | undefined>;
  /** Review page base URL; the link is `<pageUrl>/#/proposal/<id>`. */
  pageUrl: string | undefined;
  limit?: number;
};

type EventRow = { seq: number; proposal_id: string; status: string; reason: string | null; at: number };

const head = (p: ProposalView) => `Book ${p.book} (${p.side} ${p.symbol})`;

function context(p: ProposalView): string[] {
  const fired = p.reasons.filter((r) => r.fired).slice(0, 4);
  return [
    `Layer L${p.previousLayer} -> L${p.layer}, policy v${p.policy.version}`,
    ...fired.map((r) => `• ${r.text}`),
    ...p.plan.map((w) => `Plan: ${w}`),
    `Margin buffer ${p.margin.before.buffer} -> expected ${p.margin.expectedAfter.buffer}`,
  ];
}

/**
 * Alert events from the store's proposal history after `fromSeq` (table `proposal_events`, in order):
 * delivered → proposal created (with signatures still needed), signed → signatures needed / ready to execute,
 * executed → executed (or emergency action executed for EmergencyModule records), failed, superseded.
 * Ids name the fact, so the same fact collected twice is one alert. Returns the last sequence number read.
 */
export async function collectAlertEvents(
  store: KeeperStore,
  fromSeq: number,
  options: CollectOptions,
): Promise<{ events: AlertEvent[]; lastSeq: number }> {
  const rows = store
    .statement("SELECT seq, proposal_id, status, reason, at FROM proposal_events WHERE seq > ? ORDER BY seq LIMIT ?")
    .all(fromSeq, options.limit ?? 500) as EventRow[];
  const events: AlertEvent[] = [];
  for (const row of rows) {
    const record = store.getProposal(row.proposal_id);
    if (!record) continue;
    const p = proposalView(record);
    const link = options.pageUrl ? `${options.pageUrl.replace(/\/$/, "")}/#/proposal/${p.id}` : null;
    const base = { at: row.at, book: p.book, proposalId: p.id, layer: p.layer, link, tx: null, signatures: null };
    const sigs = async () => {
      const threshold = await options.threshold(p.safe);
      return { have: p.signatures.length, threshold: threshold ?? null };
    };
    const need = (s: { have: number; threshold: number | null }) =>
      s.threshold === null
        ? `${s.have} of ? signatures`
        : s.have >= s.threshold
          ? `ready to execute (${s.have}/${s.threshold} signatures)`
          : `needs ${s.threshold - s.have} more signature${s.threshold - s.have === 1 ? "" : "s"} (${s.have}/${s.threshold})`;
    switch (row.status) {
      case "delivered": {
        const s = await sigs();
        events.push({
          ...base,
          id: `${p.id}:delivered:${row.seq}`,
          kind: "proposal-created",
          title: `${head(p)}: L${p.layer} proposal ${p.short} ${need(s)}`,
          lines: context(p),
          signatures: s,
        });
        break;
      }
      case "signed": {
        const s = await sigs();
        events.push({
          ...base,
          id: `${p.id}:signatures:${s.have}`,
          kind: "signatures-needed",
          title: `${head(p)}: proposal ${p.short} ${need(s)}`,
          lines: [`Signed by ${p.signatures.map((x) => x.signer).join(", ")}`],
          signatures: s,
        });
        break;
      }
      case "executed": {
        const emergency = p.route === "emergency-module";
        events.push({
          ...base,
          id: `${p.id}:executed`,
          kind: emergency ? "emergency-executed" : "proposal-executed",
          title: emergency
            ? `${head(p)}: EmergencyModule executed a Layer-3 action (no signatures)`
            : `${head(p)}: L${p.layer} proposal ${p.short} executed`,
          lines: [...(emergency ? context(p) : []), `Transaction ${p.executedTx ?? "(unknown)"}`],
          tx: p.executedTx,
        });
        break;
      }
      case "failed":
        events.push({
          ...base,
          id: `${p.id}:failed:${row.seq}`,
          kind: "proposal-failed",
          title: `${head(p)}: L${p.layer} proposal ${p.short} failed`,
          lines: [row.reason ?? "no reason recorded"],
        });
        break;
      case "superseded":
        events.push({
          ...base,
          id: `${p.id}:superseded:${row.seq}`,
          kind: "proposal-superseded",
          title: `${head(p)}: proposal ${p.short} superseded${p.supersededBy ? ` by ${p.supersededBy.slice(0, 12)}` : ""}`,
          lines: [row.reason ?? "no reason recorded", "Do not sign it any more."],
        });
        break;
      default:
        break; // `recorded`: alerted once delivered
    }
  }
  return { events, lastSeq: rows.at(-1)?.seq ?? fromSeq };
}
