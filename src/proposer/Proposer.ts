import type Safe from "@safe-global/protocol-kit";
import type { Address, Hex } from "viem";
import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import type { PlanFacts } from "../reconcile/PlanFacts.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord, SafeTxData } from "../store/types.ts";
import type { SafeCall } from "../venues/Venue.ts";
import type { DeliveryBackend } from "./DeliveryBackend.ts";
import { ProposerError } from "./ProposerError.ts";
import { proposalId } from "./proposalId.ts";

/** What the keeper wants proposed for one book, with the evidence that justified it. */
export type ProposalDraft = {
  book: string;
  safe: Address;
  policyVersion: number;
  policyHash: Hex;
  layer: number;
  /** The planner's deterministic plan key. */
  planKey: string;
  calls: readonly SafeCall[];
  /** Block the decision was made at. */
  block: bigint;
  evidence: unknown;
  /** The plan's intents (stored as a typed column: the hedge ledger's source). */
  intents: readonly HedgeIntent[];
  /** The venue facts the plan was built on. */
  builtOn?: PlanFacts | undefined;
};

export type ProposeOutcome =
  /** A new proposal was recorded and delivered. */
  | { kind: "new"; record: ProposalRecord; superseded: ProposalRecord[] }
  /** The same proposal already exists (restart, or another keeper): nothing new was created. */
  | { kind: "existing"; record: ProposalRecord; superseded: ProposalRecord[] }
  /** The same plan came back after it had been superseded: it was opened again. */
  | { kind: "reopened"; record: ProposalRecord; superseded: ProposalRecord[] };

export type ProposerEvent =
  | { type: "recorded" | "delivered" | "reopened" | "existing"; proposal: ProposalRecord }
  | { type: "superseded"; proposal: ProposalRecord; reason: string; by: string | null };

export type ProposerOptions = {
  chainId: number;
  /** The proposer's address (a Safe owner or delegate). */
  proposer: Address;
  store: KeeperStore;
  backend: DeliveryBackend;
  /** protocol-kit bound to `safe` with the proposer as signer. */
  kitFor: (safe: Address) => Promise<Safe>;
  /** Runs after a proposal is recorded and before it is delivered (tests stop the process here). */
  afterRecord?: (record: ProposalRecord) => Promise<void>;
  onEvent?: (event: ProposerEvent) => void;
};

/**
 * Turns drafts into Safe proposals: builds the transaction (one call, or a MultiSendCallOnly batch) for the
 * Safe's current nonce, signs it with the proposer key, records it with its evidence, then delivers it.
 * The id is deterministic (see `proposalId`), so repeats are recognised instead of duplicated; a newer plan
 * or a new policy version supersedes the book's open proposals, each with its reason.
 */
export class Proposer {
  readonly #o: ProposerOptions;

  constructor(options: ProposerOptions) {
    this.#o = options;
  }

  get backendName(): string {
    return this.#o.backend.name;
  }

  async propose(draft: ProposalDraft): Promise<ProposeOutcome> {
    if (draft.calls.length === 0)
      throw new ProposerError("Nothing to propose", {
        metaMessages: [`book: ${draft.book}`, `plan: ${draft.planKey}`],
      });
    const { store } = this.#o;
    const kit = await this.#o.kitFor(draft.safe);
    const safeNonce = await kit.getNonce();
    const id = proposalId({
      chainId: this.#o.chainId,
      book: draft.book,
      safe: draft.safe,
      safeNonce,
      policyVersion: draft.policyVersion,
      layer: draft.layer,
      planKey: draft.planKey,
    });
    const superseded = this.#supersedeOthers(draft, id);
    const existing = store.getProposal(id);
    if (existing) {
      if (existing.status === "superseded") {
        store.reopen(id, "the same plan is wanted again");
        const record = await this.#deliver(store.mustGet(id));
        this.#o.onEvent?.({ type: "reopened", proposal: record });
        return { kind: "reopened", record, superseded };
      }
      const record = existing.status === "recorded" ? await this.#deliver(existing) : existing;
      this.#o.onEvent?.({ type: "existing", proposal: record });
      return { kind: "existing", record, superseded };
    }

    let tx: Awaited<ReturnType<Safe["createTransaction"]>>;
    let safeTxHash: string;
    let signature: string | undefined;
    try {
      tx = await kit.createTransaction({
        transactions: draft.calls.map((c) => ({
          to: c.to,
          value: c.value.toString(),
          data: c.data,
          operation: c.operation,
        })),
        onlyCalls: true,
        options: { nonce: safeNonce },
      });
      safeTxHash = await kit.getTransactionHash(tx);
      const signed = await kit.signTransaction(tx);
      signature = signed.getSignature(this.#o.proposer.toLowerCase())?.data;
    } catch (cause) {
      throw new ProposerError("Cannot build or sign the Safe transaction", {
        metaMessages: [`book: ${draft.book}`, `safe: ${draft.safe}`],
        cause,
      });
    }
    const txData: SafeTxData = { ...tx.data, operation: Number(tx.data.operation), nonce: Number(tx.data.nonce) };
    const { inserted, record } = store.recordProposal({
      id,
      book: draft.book,
      chainId: this.#o.chainId,
      safe: draft.safe,
      safeNonce,
      safeTxHash,
      policyVersion: draft.policyVersion,
      policyHash: draft.policyHash,
      layer: draft.layer,
      planKey: draft.planKey,
      block: draft.block,
      tx: txData,
      evidence: draft.evidence,
      intents: draft.intents,
      builtOn: draft.builtOn,
      ...(signature === undefined ? {} : { proposerSignature: { signer: this.#o.proposer, signature } }),
    });
    if (!inserted) {
      // Another keeper recorded it between our check and our insert.
      this.#o.onEvent?.({ type: "existing", proposal: record });
      return { kind: "existing", record, superseded };
    }
    this.#o.onEvent?.({ type: "recorded", proposal: record });
    await this.#o.afterRecord?.(record);
    return { kind: "new", record: await this.#deliver(record), superseded };
  }

  /** Delivers every proposal recorded but not yet delivered (after a crash, or a failed delivery). */
  async deliverPending(): Promise<ProposalRecord[]> {
    const out: ProposalRecord[] = [];
    for (const p of this.#o.store.listProposals({ status: ["recorded"] })) out.push(await this.#deliver(p));
    return out;
  }

  /**
   * Supersedes the book's open proposals, e.g. when the policy version changed or the decision no longer
   * calls for them. Returns those it moved.
   */
  supersede(book: string, reason: string, keep?: (p: ProposalRecord) => boolean): ProposalRecord[] {
    const moved: ProposalRecord[] = [];
    for (const p of this.#o.store.openProposals(book)) {
      if (keep?.(p)) continue;
      if (this.#o.store.markSuperseded(p.id, reason, null)) {
        const rec = this.#o.store.mustGet(p.id);
        moved.push(rec);
        this.#o.onEvent?.({ type: "superseded", proposal: rec, reason, by: null });
      }
    }
    return moved;
  }

  /** Withdraws one open proposal (it no longer applies, with the reason); undefined when it was not open. */
  withdraw(id: string, reason: string): ProposalRecord | undefined {
    if (!this.#o.store.markSuperseded(id, reason, null)) return undefined;
    const rec = this.#o.store.mustGet(id);
    this.#o.onEvent?.({ type: "superseded", proposal: rec, reason, by: null });
    return rec;
  }

  #supersedeOthers(draft: ProposalDraft, id: string): ProposalRecord[] {
    const moved: ProposalRecord[] = [];
    for (const p of this.#o.store.openProposals(draft.book)) {
      if (p.id === id) continue;
      const reason =
        p.policyVersion !== draft.policyVersion
          ? `policy version changed ${p.policyVersion} -> ${draft.policyVersion}`
          : `replaced by proposal ${id.slice(0, 12)} (layer ${p.layer} -> ${draft.layer})`;
      if (this.#o.store.markSuperseded(p.id, reason, id)) {
        const rec = this.#o.store.mustGet(p.id);
        moved.push(rec);
        this.#o.onEvent?.({ type: "superseded", proposal: rec, reason, by: id });
      }
    }
    return moved;
  }

  async #deliver(p: ProposalRecord): Promise<ProposalRecord> {
    const { store, backend } = this.#o;
    try {
      await backend.deliver(p);
    } catch (cause) {
      throw new ProposerError("Delivery failed; it is retried next tick", {
        metaMessages: [`proposal: ${p.id}`, `backend: ${backend.name}`],
        cause,
      });
    }
    const first = store.claimDelivery(p.id, backend.name);
    store.markDelivered(p.id);
    const record = store.mustGet(p.id);
    if (first) this.#o.onEvent?.({ type: "delivered", proposal: record });
    return record;
  }
}
