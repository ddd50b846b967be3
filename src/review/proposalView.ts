import type { AddressBook } from "../proposer/describeCall.ts";
import { describeCall } from "../proposer/describeCall.ts";
import { formatAmount } from "../proposer/describeIntent.ts";
import type { MarginFigures } from "../proposer/expectedMarginAfter.ts";
import type { ProposalEvidence } from "../proposer/ProposalEvidence.ts";
import {
  displayStatus,
  OPEN_STATUSES,
  type ProposalEvent,
  type ProposalRecord,
  type SafeTxData,
} from "../store/types.ts";
import { type ReviewReason, reviewReason } from "./reviewReason.ts";

export type MarginView = { accountValue: string; maintenance: string; buffer: string; bufferPpm: number | null };

/**
 * One proposal as signers review it (CLI and page alike): plain strings and numbers, indicators in natural
 * orientation, the calls decoded, margin before and expected after. Emergency-module actions carry their
 * transaction hash and no Safe nonce or safeTxHash (they are not Safe transactions).
 */
export type ProposalView = {
  id: string;
  short: string;
  book: string;
  side: "long" | "short";
  symbol: string;
  chainId: number;
  safe: string;
  route: ProposalRecord["route"];
  status: string;
  open: boolean;
  statusReason: string | null;
  supersededBy: string | null;
  executedTx: string | null;
  safeNonce: number | null;
  safeTxHash: string | null;
  layer: number;
  previousLayer: number;
  decision: { status: string; held: boolean; warm: boolean; time: number };
  policy: { version: number; hash: string };
  block: { number: string; timestamp: number };
  createdAt: number;
  updatedAt: number;
  signatures: { signer: string; createdAt: number }[];
  reasons: ReviewReason[];
  plan: string[];
  callsVia: string;
  calls: string[];
  margin: { hasPosition: boolean; before: MarginView; expectedAfter: MarginView };
  tx: SafeTxData;
  events: { at: number; status: string; reason: string | null }[];
};

const pct = (ppm: bigint | number) => `${(Number(ppm) / 10_000).toFixed(2)}%`;

function marginView(m: MarginFigures, hasPosition: boolean): MarginView {
  return {
    accountValue: formatAmount(m.accountValue),
    maintenance: formatAmount(m.maintenanceRequirement),
    buffer: hasPosition ? pct(m.bufferPpm) : "no position",
    bufferPpm: hasPosition ? Number(m.bufferPpm) : null,
  };
}

export function proposalView(
  p: ProposalRecord,
  options: { events?: readonly ProposalEvent[]; addressBook?: AddressBook } = {},
): ProposalView {
  const ev = p.evidence as ProposalEvidence;
  const emergency = p.route === "emergency-module";
  const hasPosition = ev.margin.before.maintenanceRequirement > 0n;
  return {
    id: p.id,
    short: p.id.slice(0, 12),
    book: p.book,
    side: ev.book.side,
    symbol: ev.book.symbol,
    chainId: p.chainId,
    safe: p.safe,
    route: p.route,
    status: displayStatus(p),
    open: OPEN_STATUSES.includes(p.status),
    statusReason: p.statusReason,
    supersededBy: p.supersededBy,
    executedTx: p.executedTx,
    safeNonce: emergency ? null : p.safeNonce,
    safeTxHash: emergency ? null : p.safeTxHash,
    layer: p.layer,
    previousLayer: ev.decision.previousLayer,
    decision: { status: ev.decision.status, held: ev.decision.held, warm: ev.decision.warm, time: ev.decision.time },
    policy: { version: p.policyVersion, hash: p.policyHash },
    block: { number: String(ev.block.number), timestamp: ev.block.timestamp },
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    signatures: p.signatures.map((s) => ({ signer: s.signer, createdAt: s.createdAt })),
    reasons: ev.reasons.map((r) => reviewReason(r, ev.book.side, hasPosition)),
    plan: ev.plan.words,
    callsVia: emergency
      ? "EmergencyModule.protect, sent by the keeper without signatures"
      : `${p.tx.operation === 1 ? "MultiSendCallOnly batch" : "single call"} to ${p.tx.to}`,
    calls: ev.calls.map((c) => describeCall(c, options.addressBook)),
    margin: {
      hasPosition,
      before: marginView(ev.margin.before, hasPosition),
      expectedAfter: marginView(ev.margin.expectedAfter, hasPosition),
    },
    tx: p.tx,
    events: (options.events ?? []).map((e) => ({ at: e.at, status: e.status, reason: e.reason })),
  };
}
