import type { Address, Hex, PublicClient } from "viem";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord } from "../store/types.ts";
import { safeTrackerAbi } from "./safeEventsAbi.ts";

export type TrackedOutcome =
  | { kind: "executed"; proposal: ProposalRecord; txHash: Hex; block: bigint; wasSuperseded: boolean }
  | { kind: "failed"; proposal: ProposalRecord; reason: string }
  | { kind: "superseded"; proposal: ProposalRecord; reason: string };

/**
 * Reconciles proposals with the chain until their Safe nonce is used, whatever their status: a proposal is
 * executed only when its Safe emitted `ExecutionSuccess(safeTxHash)` — also one the keeper had superseded
 * (the signers executed it anyway; it then enters the hedge ledger); `ExecutionFailure` marks it failed; a
 * nonce that moved past the proposal's without either means another transaction took the slot (superseded,
 * and no longer tracked). Never assumed from the keeper's own actions. `fromBlock` bounds the log search
 * (the proposal's decision block by default), `toBlock` ends it (default latest). With `nonces` (the Safes'
 * nonces read at `toBlock`, lower-cased keys) nothing more is read unless a nonce moved; a Safe missing from it
 * is left for a later call.
 */
export async function trackExecutions(
  client: PublicClient,
  store: KeeperStore,
  options: { fromBlock?: bigint; toBlock?: bigint; nonces?: ReadonlyMap<string, number> } = {},
): Promise<TrackedOutcome[]> {
  const out: TrackedOutcome[] = [];
  const nonces = new Map<string, number>();
  const toBlock = options.toBlock ?? "latest";
  for (const p of store.trackedProposals()) {
    let nonce = options.nonces ? options.nonces.get(p.safe.toLowerCase()) : nonces.get(p.safe);
    if (nonce === undefined && options.nonces) continue;
    if (nonce === undefined) {
      nonce = Number(
        await client.readContract({ address: p.safe as Address, abi: safeTrackerAbi, functionName: "nonce" }),
      );
      nonces.set(p.safe, nonce);
    }
    if (nonce <= p.safeNonce) continue;
    const fromBlock = options.fromBlock ?? p.block;
    const [ok, failed] = await Promise.all([
      client.getContractEvents({
        address: p.safe as Address,
        abi: safeTrackerAbi,
        eventName: "ExecutionSuccess",
        args: { txHash: p.safeTxHash as Hex },
        fromBlock,
        toBlock,
      }),
      client.getContractEvents({
        address: p.safe as Address,
        abi: safeTrackerAbi,
        eventName: "ExecutionFailure",
        args: { txHash: p.safeTxHash as Hex },
        fromBlock,
        toBlock,
      }),
    ]);
    const hit = ok[0];
    const wasSuperseded = p.status === "superseded";
    if (hit) {
      const block = await client.getBlock({ blockNumber: hit.blockNumber });
      store.markExecuted(p.id, hit.transactionHash, {
        chainTime: Number(block.timestamp),
        ...(wasSuperseded ? { reason: "executed by the signers after the keeper had superseded it" } : {}),
      });
      out.push({
        kind: "executed",
        proposal: store.mustGet(p.id),
        txHash: hit.transactionHash,
        block: hit.blockNumber,
        wasSuperseded,
      });
    } else if (failed[0]) {
      const reason = `Safe reported ExecutionFailure in tx ${failed[0].transactionHash}`;
      store.markFailed(p.id, reason);
      out.push({ kind: "failed", proposal: store.mustGet(p.id), reason });
    } else {
      const reason = `Safe nonce ${p.safeNonce} was used by another transaction (now ${nonce})`;
      store.settleNonce(p.id);
      if (!wasSuperseded) {
        store.markSuperseded(p.id, reason, null);
        out.push({ kind: "superseded", proposal: store.mustGet(p.id), reason });
      }
    }
  }
  return out;
}
