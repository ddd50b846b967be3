import SafeApiKit from "@safe-global/api-kit";
import type { ProposalRecord } from "../store/types.ts";
import type { DeliveryBackend, SignatureInput } from "./DeliveryBackend.ts";
import { ProposerError } from "./ProposerError.ts";
import { proposalOrigin } from "./proposalOrigin.ts";

export type SafeServiceDeliveryOptions = {
  chainId: number;
  /** Base URL of the Safe Transaction Service (…/api). */
  url: string;
  /** API key (read from the env variable the config names; never logged). */
  apiKey?: string | undefined;
  /** The proposer's address (a Safe owner or a registered delegate). */
  sender: string;
  /** Base URL of the review page (`alvh ui`): each proposal's origin links to its evidence there. */
  evidenceUrl?: string | undefined;
};

/**
 * Delivery for live networks through the Safe Transaction Service (api-kit). Idempotent: a transaction the
 * service already knows (by safeTxHash) is not proposed again.
 */
export class SafeServiceDelivery implements DeliveryBackend {
  readonly name = "safe-tx-service";
  readonly #api: SafeApiKit;
  readonly #sender: string;
  readonly #evidenceUrl: string | undefined;

  constructor(options: SafeServiceDeliveryOptions) {
    this.#api = new SafeApiKit({
      chainId: BigInt(options.chainId),
      txServiceUrl: options.url,
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    });
    this.#sender = options.sender;
    this.#evidenceUrl = options.evidenceUrl;
  }

  async deliver(p: ProposalRecord): Promise<void> {
    if (await this.#known(p.safeTxHash)) return;
    const own = p.signatures.find((s) => s.signer.toLowerCase() === this.#sender.toLowerCase());
    if (!own) throw new ProposerError("No proposer signature to deliver", { metaMessages: [`proposal: ${p.id}`] });
    try {
      await this.#api.proposeTransaction({
        safeAddress: p.safe,
        safeTransactionData: { ...p.tx },
        safeTxHash: p.safeTxHash,
        senderAddress: this.#sender,
        senderSignature: own.signature,
        origin: proposalOrigin(p, this.#evidenceUrl),
      });
    } catch (cause) {
      throw new ProposerError("Safe Transaction Service rejected the proposal", {
        metaMessages: [`proposal: ${p.id}`, `safeTxHash: ${p.safeTxHash}`],
        cause,
      });
    }
  }

  async confirm(p: ProposalRecord, s: SignatureInput): Promise<void> {
    try {
      await this.#api.confirmTransaction(p.safeTxHash, s.signature);
    } catch (cause) {
      throw new ProposerError("Safe Transaction Service rejected the confirmation", {
        metaMessages: [`proposal: ${p.id}`, `signer: ${s.signer}`],
        cause,
      });
    }
  }

  async signatures(p: ProposalRecord): Promise<SignatureInput[]> {
    const tx = await this.#api.getTransaction(p.safeTxHash);
    return (tx.confirmations ?? []).map((c) => ({ signer: c.owner, signature: c.signature }));
  }

  async #known(safeTxHash: string): Promise<boolean> {
    try {
      await this.#api.getTransaction(safeTxHash);
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw new ProposerError("Safe Transaction Service lookup failed", { metaMessages: [safeTxHash], cause: error });
    }
  }
}
