import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { parseEventLogs } from "viem";
import { alvhGovernorAbi } from "../abi/alvhGovernorAbi.ts";
import { GovernanceError } from "./GovernanceError.ts";
import type { ProposalRecord } from "./ProposalStore.ts";

/** Clients and governor address for sending governance transactions. */
export type GovernorWriter = {
  publicClient: PublicClient<Transport, Chain | undefined>;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  governor: Address;
};

/** OpenZeppelin `IGovernor.ProposalState`, by value. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

/** `for` = 1, `against` = 0, `abstain` = 2 (GovernorCountingSimple). */
export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type SupportName = keyof typeof SUPPORT;

type GovernorWrite =
  | { functionName: "propose"; args: readonly [readonly Address[], readonly bigint[], readonly Hex[], string] }
  | { functionName: "castVote"; args: readonly [bigint, number] }
  | { functionName: "castVoteWithReason"; args: readonly [bigint, number, string] }
  | { functionName: "queue" | "execute"; args: readonly [readonly Address[], readonly bigint[], readonly Hex[], Hex] };

/** Simulates first (so a refusal sends nothing and is decoded), then sends and waits for success. */
async function send(w: GovernorWriter, action: string, call: GovernorWrite) {
  let request: unknown;
  try {
    ({ request } = await w.publicClient.simulateContract({
      address: w.governor,
      abi: alvhGovernorAbi,
      account: w.walletClient.account,
      ...call,
    } as Parameters<typeof w.publicClient.simulateContract>[0]));
  } catch (error) {
    throw GovernanceError.fromRevert(action, error);
  }
  const hash = await w.walletClient.writeContract(request as Parameters<typeof w.walletClient.writeContract>[0]);
  const receipt = await w.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new GovernanceError(`${action} reverted in ${hash}`);
  return receipt;
}

/** Creates a proposal; returns its id (from the `ProposalCreated` event) and the tx hash. */
export async function submitProposal(
  w: GovernorWriter,
  p: { targets: readonly Address[]; values: readonly bigint[]; calldatas: readonly Hex[]; description: string },
): Promise<{ proposalId: bigint; txHash: Hex }> {
  const receipt = await send(w, "propose", {
    functionName: "propose",
    args: [p.targets, p.values, p.calldatas, p.description],
  });
  const [created] = parseEventLogs({ abi: alvhGovernorAbi, eventName: "ProposalCreated", logs: receipt.logs });
  if (!created) throw new GovernanceError("propose: no ProposalCreated event in the receipt");
  return { proposalId: created.args.proposalId, txHash: receipt.transactionHash };
}

/** Casts the signer's vote. */
export async function castVote(w: GovernorWriter, proposalId: bigint, support: SupportName, reason?: string) {
  const receipt = reason
    ? await send(w, "vote", { functionName: "castVoteWithReason", args: [proposalId, SUPPORT[support], reason] })
    : await send(w, "vote", { functionName: "castVote", args: [proposalId, SUPPORT[support]] });
  return receipt.transactionHash;
}

/** Queues a succeeded proposal in the timelock. */
export async function queueProposal(w: GovernorWriter, r: ProposalRecord): Promise<Hex> {
  const args = [r.targets, r.values, r.calldatas, r.descriptionHash] as const;
  return (await send(w, "queue", { functionName: "queue", args })).transactionHash;
}

/** Executes a queued proposal once the timelock delay has passed. */
export async function executeProposal(w: GovernorWriter, r: ProposalRecord): Promise<Hex> {
  const args = [r.targets, r.values, r.calldatas, r.descriptionHash] as const;
  return (await send(w, "execute", { functionName: "execute", args })).transactionHash;
}

export type ProposalStatus = {
  proposalId: bigint;
  state: ProposalStateName;
  /** Vote start / end and timelock ETA in the token's clock (timestamps, seconds); eta 0 = not queued. */
  snapshot: bigint;
  deadline: bigint;
  eta: bigint;
  votes: { against: bigint; for: bigint; abstain: bigint };
  /** Quorum at the snapshot (0 while the snapshot is in the future). */
  quorum: bigint;
  proposer: Address;
};

/** Reads a proposal's state, votes and timing; throws `GovernanceError` for an unknown id. */
export async function readProposalStatus(
  publicClient: PublicClient<Transport, Chain | undefined>,
  governor: Address,
  proposalId: bigint,
): Promise<ProposalStatus> {
  const read = { address: governor, abi: alvhGovernorAbi } as const;
  let state: number;
  try {
    state = await publicClient.readContract({ ...read, functionName: "state", args: [proposalId] });
  } catch (error) {
    throw GovernanceError.fromRevert(`status of ${proposalId}`, error);
  }
  const [snapshot, deadline, eta, [against, forVotes, abstain], proposer, clock] = await Promise.all([
    publicClient.readContract({ ...read, functionName: "proposalSnapshot", args: [proposalId] }),
    publicClient.readContract({ ...read, functionName: "proposalDeadline", args: [proposalId] }),
    publicClient.readContract({ ...read, functionName: "proposalEta", args: [proposalId] }),
    publicClient.readContract({ ...read, functionName: "proposalVotes", args: [proposalId] }),
    publicClient.readContract({ ...read, functionName: "proposalProposer", args: [proposalId] }),
    publicClient.readContract({ ...read, functionName: "clock" }),
  ]);
  const quorum =
    BigInt(snapshot) < BigInt(clock)
      ? await publicClient.readContract({ ...read, functionName: "quorum", args: [snapshot] })
      : 0n;
  return {
    proposalId,
    state: PROPOSAL_STATES[state] ?? "Pending",
    snapshot,
    deadline,
    eta,
    votes: { against, for: forVotes, abstain },
    quorum,
    proposer,
  };
}
