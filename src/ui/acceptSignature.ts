import { type Hex, hashTypedData, isAddress, isHex, recoverTypedDataAddress } from "viem";
import type { SignatureInput } from "../proposer/DeliveryBackend.ts";
import type { SafeInfo } from "../review/readSafeInfo.ts";
import type { ProposalRecord } from "../store/types.ts";
import { safeTxTypedData } from "./safeTxTypedData.ts";
import { UiRequestError } from "./UiError.ts";

/**
 * Checks a signature posted by the review page before it is published: the proposal is open, the stored
 * transaction still hashes to its safeTxHash, the Safe's nonce has not moved, and the EIP-712 signature recovers
 * to the claimed signer, who is an owner. Returns the normalised signature (lower-case signer).
 */
export async function acceptSignature(p: ProposalRecord, body: unknown, safe: SafeInfo): Promise<SignatureInput> {
  const { signer, signature } = (body ?? {}) as { signer?: unknown; signature?: unknown };
  if (typeof signer !== "string" || !isAddress(signer)) throw new UiRequestError(400, "signer must be an address");
  if (typeof signature !== "string" || !isHex(signature) || signature.length !== 132)
    throw new UiRequestError(400, "signature must be 65 bytes of hex");
  if (p.route !== "safe" || !["recorded", "delivered", "signed"].includes(p.status))
    throw new UiRequestError(409, `Proposal ${p.id.slice(0, 12)} is ${p.status}, not open for signatures`);
  if (safe.nonce !== p.safeNonce)
    throw new UiRequestError(409, `Wrong nonce: built for Safe nonce ${p.safeNonce}, the Safe is at ${safe.nonce}`);
  const typed = safeTxTypedData(p.chainId, p.safe, p.tx);
  if (hashTypedData(typed).toLowerCase() !== p.safeTxHash.toLowerCase())
    throw new UiRequestError(500, "Stored transaction does not hash to its safeTxHash");
  let recovered: string;
  try {
    recovered = await recoverTypedDataAddress({ ...typed, signature: signature as Hex });
  } catch (cause) {
    throw new UiRequestError(400, "Signature does not recover", { cause });
  }
  if (recovered.toLowerCase() !== signer.toLowerCase())
    throw new UiRequestError(400, `Signature is by ${recovered}, not ${signer}`);
  if (!safe.owners.includes(recovered.toLowerCase()))
    throw new UiRequestError(403, `${recovered} is not an owner of Safe ${p.safe}`);
  return { signer: recovered.toLowerCase(), signature };
}
