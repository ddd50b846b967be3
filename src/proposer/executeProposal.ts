import type Safe from "@safe-global/protocol-kit";
import { EthSafeSignature } from "@safe-global/protocol-kit";
import type { Hash } from "viem";
import type { ProposalRecord } from "../store/types.ts";
import type { DeliveryBackend } from "./DeliveryBackend.ts";
import { ProposerError } from "./ProposerError.ts";
import { safeTransactionOf } from "./signProposal.ts";

/**
 * Executes a proposal's Safe transaction with the collected owner signatures (from the delivery backend),
 * sent by the key `kit` is bound to. Checks the threshold first so a short quorum fails with a clear error
 * instead of a revert. The tracker, not this function, marks the proposal executed (from the chain's
 * ExecutionSuccess event).
 */
export async function executeProposal(kit: Safe, p: ProposalRecord, backend: DeliveryBackend): Promise<Hash> {
  if (!["recorded", "delivered", "signed"].includes(p.status))
    throw new ProposerError("Proposal is not open for execution", {
      metaMessages: [`id: ${p.id}`, `status: ${p.status}`],
    });
  const [owners, threshold, nonce] = await Promise.all([kit.getOwners(), kit.getThreshold(), kit.getNonce()]);
  if (nonce !== p.safeNonce)
    throw new ProposerError("Safe nonce moved: this proposal can no longer execute", {
      metaMessages: [`id: ${p.id}`, `proposal nonce: ${p.safeNonce}`, `Safe nonce: ${nonce}`],
    });
  const ownerSet = new Set(owners.map((o) => o.toLowerCase()));
  const tx = safeTransactionOf(p);
  for (const s of await backend.signatures(p))
    if (ownerSet.has(s.signer.toLowerCase())) tx.addSignature(new EthSafeSignature(s.signer, s.signature));
  if (tx.signatures.size < threshold)
    throw new ProposerError("Not enough owner signatures", {
      metaMessages: [`id: ${p.id}`, `signatures: ${tx.signatures.size}`, `threshold: ${threshold}`],
    });
  try {
    const result = await kit.executeTransaction(tx);
    return result.hash as Hash;
  } catch (cause) {
    throw new ProposerError("Safe execution failed", { metaMessages: [`id: ${p.id}`], cause });
  }
}
