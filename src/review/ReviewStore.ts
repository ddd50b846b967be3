import type { AddressBook } from "../proposer/describeCall.ts";
import type { ProposalEvidence } from "../proposer/ProposalEvidence.ts";
import { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord, ProposalStatus } from "../store/types.ts";
import { type ProposalView, proposalView } from "./proposalView.ts";

/** Price bars, layer and margin buffer of a book over the hours before a decision (times in ms). */
export type DecisionChart = {
  decisionAt: number;
  price: { t: number; close: number }[];
  history: { t: number; layer: number; bufferPpm: number }[];
};

/**
 * The signers' read model: the only place the review tools (CLI `proposals list/show`, the `alvh ui` page)
 * read the keeper's store, opened read-only. Records become `ProposalView`s here, so a change to the keeper's
 * records is adapted in one file.
 */
export class ReviewStore {
  readonly #store: KeeperStore;
  readonly #names: (chainId: number) => AddressBook;

  constructor(file: string, options: { addressBook?: (chainId: number) => AddressBook } = {}) {
    this.#store = new KeeperStore(file, { readonly: true });
    this.#names = options.addressBook ?? (() => new Map());
  }

  close(): void {
    this.#store.close();
  }

  /** Proposals oldest first, optionally of one book and statuses; `limit` keeps the newest. */
  list(filter: { book?: string; status?: readonly ProposalStatus[]; limit?: number } = {}): ProposalView[] {
    const rows = this.#store.listProposals({
      ...(filter.book === undefined ? {} : { book: filter.book }),
      ...(filter.status === undefined ? {} : { status: filter.status }),
    });
    const kept = filter.limit === undefined ? rows : rows.slice(-filter.limit);
    return kept.map((r) => proposalView(r));
  }

  /** One proposal by id or unique prefix, with its history and decoded calls. */
  get(idOrPrefix: string): ProposalView | undefined {
    const r = this.#store.findProposal(idOrPrefix);
    return r ? proposalView(r, { events: this.#store.events(r.id), addressBook: this.#names(r.chainId) }) : undefined;
  }

  /** The stored record (for signing: the exact Safe transaction and its signatures). */
  record(id: string): ProposalRecord | undefined {
    return this.#store.getProposal(id);
  }

  /** Price (stored bars of the book's market, finest interval), layer and buffer over `hours` before the decision. */
  chart(id: string, hours = 24): DecisionChart | undefined {
    const r = this.#store.getProposal(id);
    if (!r) return undefined;
    const ev = r.evidence as ProposalEvidence;
    const decisionAt = ev.block.timestamp * 1000;
    const from = decisionAt - hours * 3_600_000;
    const market = ev.book.market.toLowerCase();
    const interval = this.#store.statement("SELECT MIN(interval) AS i FROM bars WHERE market = ?").get(market) as {
      i: number | null;
    };
    const price =
      interval.i === null
        ? []
        : (
            this.#store
              .statement("SELECT t, close FROM bars WHERE market = ? AND interval = ? AND t >= ? AND t <= ? ORDER BY t")
              .all(market, interval.i, from - interval.i, decisionAt) as { t: number; close: number }[]
          ).map((b) => ({ t: Math.min(b.t + (interval.i as number), decisionAt), close: b.close }));
    const history = this.#history(r.book, from, decisionAt);
    return { decisionAt, price, history };
  }

  #history(book: string, from: number, to: number): DecisionChart["history"] {
    if (this.#store.schemaVersion() < 3) return [];
    return (
      this.#store
        .statement("SELECT t, layer, buffer_ppm FROM book_history WHERE book = ? AND t >= ? AND t <= ? ORDER BY t")
        .all(book, from, to) as { t: number; layer: number; buffer_ppm: number }[]
    ).map((h) => ({ t: h.t, layer: h.layer, bufferPpm: h.buffer_ppm }));
  }
}
