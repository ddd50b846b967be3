import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import type { PlanFacts } from "../reconcile/PlanFacts.ts";
import type { Bar } from "../signals/Bar.ts";

/** One OHLC bar; `t` is the bar's open time (ms since epoch): the strategy's `Bar`. */
export type StoredBar = Bar;

/** A funding observation: `t` in ms since epoch, `rate` per funding interval (fraction, signed). */
export type FundingPoint = { t: number; rate: number };

/**
 * Proposal lifecycle: recorded (evidence written, not yet delivered) → delivered → signed (≥ 1 signature)
 * → executed | superseded | failed.
 */
export const PROPOSAL_STATUSES = ["recorded", "delivered", "signed", "executed", "superseded", "failed"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const OPEN_STATUSES: readonly ProposalStatus[] = ["recorded", "delivered", "signed"];

/** The Safe transaction as protocol-kit's SafeTransactionData (strings, as signed). */
export type SafeTxData = {
  to: string;
  value: string;
  data: string;
  operation: number;
  safeTxGas: string;
  baseGas: string;
  gasPrice: string;
  gasToken: string;
  refundReceiver: string;
  nonce: number;
};

export type NewProposal = {
  id: string;
  book: string;
  chainId: number;
  safe: string;
  safeNonce: number;
  safeTxHash: string;
  policyVersion: number;
  policyHash: string;
  layer: number;
  planKey: string;
  block: bigint;
  tx: SafeTxData;
  /** Everything that justified the proposal; JSON with exact bigints. */
  evidence: unknown;
  /** The intents the transaction carries out (typed column: the hedge ledger reads these). */
  intents: readonly HedgeIntent[];
  /** The venue facts the plan was built on (reconcile supersedes the proposal when they change). */
  builtOn?: PlanFacts | undefined;
  /** The proposer's own signature (counts toward the threshold when the proposer is an owner). */
  proposerSignature?: { signer: string; signature: string };
};

export type ProposalSignature = { signer: string; signature: string; createdAt: number };

/** How a record reached the chain: a Safe transaction (owners sign) or an EmergencyModule action (Layer 3). */
export type ProposalRoute = "safe" | "emergency-module";

export type ProposalRecord = Omit<NewProposal, "proposerSignature" | "intents" | "builtOn"> & {
  /** undefined only for a row whose evidence carried no plan. */
  intents: readonly HedgeIntent[] | undefined;
  builtOn: PlanFacts | undefined;
  /** The proposal's Safe nonce has been used (by it or by another transaction): tracking is done. */
  nonceSettled: boolean;
  /** Chain time (unix seconds) of the execution, when known. */
  executedAt: number | null;
  route: ProposalRoute;
  status: ProposalStatus;
  statusReason: string | null;
  supersededBy: string | null;
  executedTx: string | null;
  createdAt: number;
  updatedAt: number;
  signatures: ProposalSignature[];
  deliveries: string[];
};

/** The status shown to people: an emergency-module action reads `executed-emergency`. */
export function displayStatus(p: Pick<ProposalRecord, "status" | "route">): string {
  return p.route === "emergency-module" && p.status === "executed" ? "executed-emergency" : p.status;
}

export type ProposalEvent = { proposalId: string; status: ProposalStatus; reason: string | null; at: number };
