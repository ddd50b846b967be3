import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { toJson } from "../store/bigintJson.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord } from "../store/types.ts";
import type { DeliveryBackend, SignatureInput } from "./DeliveryBackend.ts";

/**
 * Delivery for local chains, where no Safe Transaction Service runs: the proposal and its signatures live
 * in the keeper's SQLite store (the signers' CLI reads it), optionally mirrored as `<dir>/<id>.json` for
 * other tools. Writing the same proposal twice rewrites the same file.
 */
export class LocalDelivery implements DeliveryBackend {
  readonly name = "local";
  readonly #store: KeeperStore;
  readonly #dir: string | undefined;

  constructor(store: KeeperStore, dir?: string) {
    this.#store = store;
    this.#dir = dir;
  }

  async deliver(proposal: ProposalRecord): Promise<void> {
    this.#mirror(proposal);
  }

  async confirm(proposal: ProposalRecord, signature: SignatureInput): Promise<void> {
    const updated = this.#store.addSignature(proposal.id, signature.signer, signature.signature);
    this.#mirror(updated);
  }

  async signatures(proposal: ProposalRecord): Promise<SignatureInput[]> {
    return this.#store.mustGet(proposal.id).signatures.map((s) => ({ signer: s.signer, signature: s.signature }));
  }

  #mirror(p: ProposalRecord): void {
    if (this.#dir === undefined) return;
    mkdirSync(this.#dir, { recursive: true });
    const file = path.join(this.#dir, `${p.id}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${toJson(p, 2)}\n`);
    renameSync(tmp, file);
  }
}
