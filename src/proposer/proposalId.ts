import { encodeAbiParameters, type Hex, keccak256 } from "viem";

export type ProposalIdentity = {
  chainId: number;
  /** Registry book id. */
  book: string;
  /** The Safe the transaction is for. */
  safe: string;
  /**
   * The Safe nonce the transaction is built for. It separates "the same plan again after the previous one
   * executed" (new nonce, new proposal) from "the same plan seen again by a restarted or second keeper"
   * (same nonce, same id).
   */
  safeNonce: number;
  policyVersion: number;
  layer: number;
  /** Deterministic key of the hedge plan (the planner's `planKey`). */
  planKey: string;
};

/**
 * A proposal's identity, deterministic from (chain, book, Safe, Safe nonce, policy version, layer, plan):
 * two keepers, or one restarted, that reach the same decision produce the same id, and the store's
 * primary key keeps one row.
 */
export function proposalId(p: ProposalIdentity): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "string" },
        { type: "uint256" },
        { type: "string" },
        { type: "address" },
        { type: "uint256" },
        { type: "uint256" },
        { type: "uint8" },
        { type: "string" },
      ],
      [
        "alvh.proposal.v1",
        BigInt(p.chainId),
        p.book,
        p.safe as Hex,
        BigInt(p.safeNonce),
        BigInt(p.policyVersion),
        p.layer,
        p.planKey,
      ],
    ),
  );
}
