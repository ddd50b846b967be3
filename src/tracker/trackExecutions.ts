import type { Address, Hex, PublicClient } from "viem";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord } from "../store/types.ts";
import { safeTrackerAbi } from "./safeEventsAbi.ts";

export type TrackedOutcome =
  | { kind: "executed"; proposal: ProposalRecord; txHash: Hex; block: bigint }
  | { kind: "failed"; proposal: ProposalRecord; reason: string }
  | { kind: "superseded"; proposal: ProposalRecord; reason: string };

/**
 * Reconciles open proposals with the chain: a proposal is executed only when its Safe emitted
 * `ExecutionSuccess(safeTxHash)`; `ExecutionFailure` marks it failed; a Safe nonce that moved past the
 * proposal's nonce without either means another transaction took the slot (superseded). Never assumed from
 * the keeper's own actions. `fromBlock` bounds the log search (the proposal's decision block by default).
 */
export async function trackExecutions(
  client: PublicClient,
  store: KeeperStore,
  options: { fromBlock?: bigint } = {},
): Promise<TrackedOutcome[]> {
  const open = store.openProposals();
  const out: TrackedOutcome[] = [];
  const nonces = new Map<string, number>();
  for (const p of open) {
    let nonce = nonces.get(p.safe);
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
        toBlock: "latest",
      }),
      client.getContractEvents({
        address: p.safe as Address,
        abi: safeTrackerAbi,
        eventName: "ExecutionFailure",
        args: { txHash: p.safeTxHash as Hex },
        fromBlock,
        toBlock: "latest",
      }),
    ]);
    const hit = ok[0];
    if (hit) {
      store.markExecuted(p.id, hit.transactionHash);
      out.push({
        kind: "executed",
        proposal: store.mustGet(p.id),
        txHash: hit.transactionHash,
        block: hit.blockNumber,
      });
    } else if (failed[0]) {
      const reason = `Safe reported ExecutionFailure in tx ${failed[0].transactionHash}`;
      store.markFailed(p.id, reason);
      out.push({ kind: "failed", proposal: store.mustGet(p.id), reason });
    } else {
      const reason = `Safe nonce moved past ${p.safeNonce} (now ${nonce}) without this transaction`;
      store.markSuperseded(p.id, reason, null);
      out.push({ kind: "superseded", proposal: store.mustGet(p.id), reason });
    }
  }
  return out;
}
