import { type Address, formatUnits, getAddress, isAddress } from "viem";
import { alvhTokenAbi } from "../abi/alvhTokenAbi.ts";
import { GovernanceError } from "../governance/GovernanceError.ts";
import {
  castVote,
  executeProposal,
  queueProposal,
  readProposalStatus,
  SUPPORT,
  type SupportName,
} from "../governance/governorActions.ts";
import { findProposal } from "../governance/ProposalStore.ts";
import { CliInputError } from "./CliInputError.ts";
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

/** `alvh gov status`: state, votes, quorum and timing of a proposal. */
export async function govStatus(opts: ChainOptions & { proposals: string }, proposalId: bigint): Promise<string[]> {
  const ctx = await openChain(opts);
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

/** `alvh gov vote`. */
export async function govVote(
  opts: SignerOptions & { reason?: string | undefined },
  proposalId: bigint,
  support: SupportName,
): Promise<string[]> {
  const { account, w } = await writer(opts);
  const tx = await castVote(w, proposalId, support, opts.reason);
  return [`voted ${support} on ${proposalId} as ${account.address}`, `  tx ${tx}`];
}

/** `alvh gov queue` / `alvh gov execute`: re-submits the stored (or event-recovered) proposal. */
export async function govQueueOrExecute(
  opts: ProposalCommandOptions,
  proposalId: bigint,
  action: "queue" | "execute",
): Promise<string[]> {
  const { ctx, w } = await writer(opts);
  const record = await findProposal({ ...proposalLookup(ctx, opts.proposals), proposalId });
  const tx = action === "queue" ? await queueProposal(w, record) : await executeProposal(w, record);
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
