import { type Address, formatUnits, getAddress, isAddress, zeroAddress } from "viem";
import { alvhGovernorAbi } from "../abi/alvhGovernorAbi.ts";
import { alvhTokenAbi } from "../abi/alvhTokenAbi.ts";
import { explainRefusal, type GovernanceAction, when as relativeTime } from "../governance/explainRefusal.ts";
import { GovernanceError } from "../governance/GovernanceError.ts";
import {
  castVote,
  executeProposal,
  queueProposal,
  readProposalStatus,
  SUPPORT,
  type SupportName,
} from "../governance/governorActions.ts";
import { findProposal, latestProposalId } from "../governance/ProposalStore.ts";
import { CliInputError, parseId } from "./CliInputError.ts";
import {
  type ChainContext,
  type ChainOptions,
  openChain,
  openSigner,
  type SignerOptions,
  walletFor,
} from "./chainContext.ts";

export type ProposalCommandOptions = SignerOptions & { proposals: string };

const when = (t: bigint) => (t === 0n ? "-" : `${new Date(Number(t) * 1000).toISOString()} (${t})`);

/** A proposal id argument: digits, or `last` for the newest proposal on this chain's Governor. */
export type ProposalRef = bigint | "last";

async function resolveId(ctx: ChainContext, ref: ProposalRef): Promise<bigint> {
  if (ref !== "last") return ref;
  return latestProposalId({
    publicClient: ctx.publicClient,
    governor: ctx.addresses.governor,
    fromBlock: ctx.addresses.deployBlock,
  });
}

/** Parses `<proposalId>`: a positive integer or `last`. */
export function parseProposalRef(text: string): ProposalRef {
  return text.trim() === "last" ? "last" : parseId(text, "proposalId");
}

/** `alvh gov status`: state, votes, quorum and timing of a proposal. */
export async function govStatus(opts: ChainOptions & { proposals: string }, ref: ProposalRef): Promise<string[]> {
  const ctx = await openChain(opts);
  const proposalId = await resolveId(ctx, ref);
  const s = await readProposalStatus(ctx.publicClient, ctx.addresses.governor, proposalId);
  const fmt = (v: bigint) => formatUnits(v, 18);
  const lines = [
    `proposal ${proposalId}: ${s.state}`,
    `  proposer  ${s.proposer}`,
    `  votes     for ${fmt(s.votes.for)}  against ${fmt(s.votes.against)}  abstain ${fmt(s.votes.abstain)}`,
    `  quorum    ${s.quorum === 0n ? "(set at vote start)" : fmt(s.quorum)}`,
    `  voting    ${when(s.snapshot)} → ${when(s.deadline)}`,
    `  eta       ${when(s.eta)}`,
  ];
  try {
    const record = await findProposal({ ...proposalLookup(ctx, opts.proposals), proposalId });
    lines.push("", ...record.description.split("\n").map((l) => `  ${l}`));
  } catch (error) {
    if (!(error instanceof GovernanceError)) throw error;
  }
  return lines;
}

function proposalLookup(ctx: ChainContext, dir: string) {
  return {
    dir,
    publicClient: ctx.publicClient,
    chainId: ctx.chainId,
    governor: ctx.addresses.governor,
    fromBlock: ctx.addresses.deployBlock,
  };
}

async function writer(opts: SignerOptions) {
  const ctx = await openChain(opts);
  const account = await openSigner(opts);
  const walletClient = walletFor(ctx, account, opts.rpc);
  return { ctx, account, w: { publicClient: ctx.publicClient, walletClient, governor: ctx.addresses.governor } };
}

/** Parses `--support`. */
export function parseSupport(text: string): SupportName {
  if (!(text in SUPPORT)) throw new CliInputError(`--support must be one of for, against, abstain; got "${text}"`);
  return text as SupportName;
}

/** Runs a governance write; a Governor/Timelock refusal comes back as what to do and when. */
async function explained<T>(ctx: ChainContext, action: GovernanceAction, id: bigint, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof GovernanceError) || !error.errorName) throw error;
    const [status, block] = await Promise.all([
      readProposalStatus(ctx.publicClient, ctx.addresses.governor, id),
      ctx.publicClient.getBlock(),
    ]);
    throw explainRefusal(error, action, status, block.timestamp);
  }
}

/**
 * `alvh gov vote`. Refuses, before sending anything, a vote that would count zero: votes count only for tokens
 * delegated (to yourself or another holder) before the proposal's snapshot.
 */
export async function govVote(
  opts: SignerOptions & { reason?: string | undefined },
  ref: ProposalRef,
  support: SupportName,
): Promise<string[]> {
  const { ctx, account, w } = await writer(opts);
  const proposalId = await resolveId(ctx, ref);
  const weight = await explained(ctx, "vote", proposalId, () => votingPower(ctx, account.address, proposalId));
  const tx = await explained(ctx, "vote", proposalId, () => castVote(w, proposalId, support, opts.reason));
  return [
    `voted ${support} on ${proposalId} as ${account.address} with ${formatUnits(weight, 18)} votes`,
    `  tx ${tx}`,
  ];
}

/** The voter's weight on the proposal; throws `GovernanceError` (with the fix) when it is zero. */
async function votingPower(ctx: ChainContext, voter: Address, proposalId: bigint): Promise<bigint> {
  const s = await readProposalStatus(ctx.publicClient, ctx.addresses.governor, proposalId);
  const { timestamp: now } = await ctx.publicClient.getBlock();
  const token = { address: ctx.addresses.token, abi: alvhTokenAbi } as const;
  const snapshotPassed = s.snapshot < now;
  const [weight, balance, delegatee] = await Promise.all([
    snapshotPassed
      ? ctx.publicClient.readContract({
          address: ctx.addresses.governor,
          abi: alvhGovernorAbi,
          functionName: "getVotes",
          args: [voter, s.snapshot],
        })
      : ctx.publicClient.readContract({ ...token, functionName: "getVotes", args: [voter] }),
    ctx.publicClient.readContract({ ...token, functionName: "balanceOf", args: [voter] }),
    ctx.publicClient.readContract({ ...token, functionName: "delegates", args: [voter] }),
  ]);
  if (weight > 0n || (s.state !== "Pending" && s.state !== "Active")) return weight;
  const delegated = delegatee === zeroAddress ? "not delegated" : `delegated to ${delegatee}`;
  const hints = [
    `${voter} holds ${formatUnits(balance, 18)} ALVH, ${delegated}: a vote now would count 0.`,
    delegatee === zeroAddress
      ? "Votes count only once delegated: run `alvh gov delegate` (to yourself) with the same key."
      : "Your tokens vote through your delegatee; ask them to vote, or `alvh gov delegate` back to yourself.",
    snapshotPassed
      ? `Delegating now does not count for proposal ${proposalId} (its snapshot was ${relativeTime(s.snapshot, now)}); it will for the next ones.`
      : `Delegate before the snapshot (${relativeTime(s.snapshot, now)}) and it counts for this proposal.`,
  ];
  throw new GovernanceError(`No voting power on proposal ${proposalId}.`, { hint: hints.join("\n  ") });
}

/** `alvh gov queue` / `alvh gov execute`: re-submits the stored (or event-recovered) proposal. */
export async function govQueueOrExecute(
  opts: ProposalCommandOptions,
  ref: ProposalRef,
  action: "queue" | "execute",
): Promise<string[]> {
  const { ctx, w } = await writer(opts);
  const proposalId = await resolveId(ctx, ref);
  const record = await findProposal({ ...proposalLookup(ctx, opts.proposals), proposalId });
  const tx = await explained(ctx, action, proposalId, () =>
    action === "queue" ? queueProposal(w, record) : executeProposal(w, record),
  );
  const s = await readProposalStatus(ctx.publicClient, ctx.addresses.governor, proposalId);
  const extra = action === "queue" ? [`  executable after ${when(s.eta)}`] : [];
  return [`${action}d ${proposalId}: now ${s.state}`, `  tx ${tx}`, ...extra];
}

/** `alvh gov delegate`: voting power only counts once delegated (to yourself or someone else). */
export async function govDelegate(opts: SignerOptions, to: string | undefined): Promise<string[]> {
  if (to !== undefined && !isAddress(to)) throw new CliInputError(`--to must be an address, got "${to}"`);
  const { ctx, account, w } = await writer(opts);
  const delegatee: Address = to ? getAddress(to) : account.address;
  try {
    await ctx.publicClient.simulateContract({
      address: ctx.addresses.token,
      abi: alvhTokenAbi,
      functionName: "delegate",
      args: [delegatee],
      account,
    });
  } catch (error) {
    throw GovernanceError.fromRevert("delegate", error);
  }
  const hash = await w.walletClient.writeContract({
    address: ctx.addresses.token,
    abi: alvhTokenAbi,
    functionName: "delegate",
    args: [delegatee],
  });
  await ctx.publicClient.waitForTransactionReceipt({ hash });
  return [`${account.address} delegated votes to ${delegatee}`, `  tx ${hash}`];
}
