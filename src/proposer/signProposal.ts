import type Safe from "@safe-global/protocol-kit";
import { EthSafeTransaction } from "@safe-global/protocol-kit";
import type { ProposalRecord } from "../store/types.ts";
import type { DeliveryBackend } from "./DeliveryBackend.ts";
import { ProposerError } from "./ProposerError.ts";

/** The stored Safe transaction with every stored signature attached. */
export function safeTransactionOf(p: ProposalRecord): EthSafeTransaction {
  const tx = new EthSafeTransaction({ ...p.tx, operation: p.tx.operation as 0 | 1 });
  return tx;
}

/**
 * An owner signs a proposal (EIP-712 over the stored Safe transaction) with the key `kit` is bound to; the
 * signature is published through the delivery backend. Refuses proposals that are no longer open and a
 * transaction hash that does not match the stored one.
 */
export async function signProposal(
  kit: Safe,
  p: ProposalRecord,
  backend: DeliveryBackend,
): Promise<{ signer: string; signature: string }> {
  if (!["recorded", "delivered", "signed"].includes(p.status))
    throw new ProposerError("Proposal is not open for signatures", {
      metaMessages: [`id: ${p.id}`, `status: ${p.status}`],
    });
  const tx = safeTransactionOf(p);
  const hash = await kit.getTransactionHash(tx);
  if (hash.toLowerCase() !== p.safeTxHash.toLowerCase())
    throw new ProposerError("Stored Safe transaction does not hash to the recorded safeTxHash", {
      metaMessages: [`id: ${p.id}`, `recorded: ${p.safeTxHash}`, `computed: ${hash}`],
    });
  const signer = (await kit.getSafeProvider().getSignerAddress())?.toLowerCase();
  if (!signer) throw new ProposerError("No signer key", { metaMessages: [`id: ${p.id}`] });
  const signed = await kit.signTransaction(tx);
  const sig = signed.getSignature(signer);
  if (!sig) throw new ProposerError("Signing produced no signature", { metaMessages: [`signer: ${signer}`] });
  const out = { signer, signature: sig.data };
  await backend.confirm(p, out);
  return out;
}
