import { fromJson } from "./bigintJson.ts";
import type { ProposalRecord, ProposalRoute, ProposalSignature, ProposalStatus } from "./types.ts";

/** A `proposals` row as SQLite returns it. */
export type ProposalRow = {
  id: string;
  book: string;
  chain_id: number;
  safe: string;
  safe_nonce: number;
  safe_tx_hash: string;
  policy_version: number;
  policy_hash: string;
  layer: number;
  plan_key: string;
  block: number;
  tx: string;
  evidence: string;
  status: ProposalStatus;
  status_reason: string | null;
  superseded_by: string | null;
  executed_tx: string | null;
  created_at: number;
  updated_at: number;
  route: ProposalRoute;
  intents: string | null;
  built_on: string | null;
  nonce_settled: number;
  executed_at: number | null;
};

/** The record of a row, with its signatures and delivery backends. */
export function recordFromRow(r: ProposalRow, signatures: ProposalSignature[], deliveries: string[]): ProposalRecord {
  return {
    id: r.id,
    book: r.book,
    chainId: r.chain_id,
    route: r.route,
    safe: r.safe,
    safeNonce: r.safe_nonce,
    safeTxHash: r.safe_tx_hash,
    policyVersion: r.policy_version,
    policyHash: r.policy_hash,
    layer: r.layer,
    planKey: r.plan_key,
    block: BigInt(r.block),
    tx: fromJson(r.tx),
    evidence: fromJson(r.evidence),
    intents: r.intents === null ? undefined : fromJson(r.intents),
    builtOn: r.built_on === null ? undefined : fromJson(r.built_on),
    nonceSettled: r.nonce_settled === 1,
    executedAt: r.executed_at,
    status: r.status,
    statusReason: r.status_reason,
    supersededBy: r.superseded_by,
    executedTx: r.executed_tx,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    signatures,
    deliveries,
  };
}
