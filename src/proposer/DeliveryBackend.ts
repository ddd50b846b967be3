import type { ProposalRecord } from "../store/types.ts";

/** A signature over a proposal's Safe transaction hash, by a Safe owner (or the proposer as delegate). */
export type SignatureInput = { signer: string; signature: string };

/**
 * Where proposals go so the signers see them. Every method must be idempotent: the keeper re-delivers a
 * proposal whose delivery it cannot prove (crash between recording and delivering), and a second keeper may
 * deliver the same proposal.
 */
export type DeliveryBackend = {
  /** Stable name, recorded per delivery ("local", "safe-tx-service"). */
  readonly name: string;
  /** Publishes the proposal (with the proposer's signature, if any) for the signers. */
  deliver(proposal: ProposalRecord): Promise<void>;
  /** Publishes one more owner signature (a confirmation). */
  confirm(proposal: ProposalRecord, signature: SignatureInput): Promise<void>;
  /** Signatures the backend holds for the proposal (e.g. confirmations collected by a service). */
  signatures(proposal: ProposalRecord): Promise<SignatureInput[]>;
};
