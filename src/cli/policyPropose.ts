import { policyRegistryAbi } from "../abi/policyRegistryAbi.ts";
import { when } from "../governance/explainRefusal.ts";
import { GovernanceError } from "../governance/GovernanceError.ts";
import { readProposalStatus, submitProposal } from "../governance/governorActions.ts";
import { proposalRecord, saveProposal } from "../governance/ProposalStore.ts";
import { buildPolicyProposal } from "../governance/policyProposal.ts";
import { createPolicyRegistryClient } from "../policy/PolicyRegistryClient.ts";
import { readPolicyFile } from "../policy/policyJson.ts";
import { openChain, openSigner, type SignerOptions, walletFor } from "./chainContext.ts";

/**
 * `alvh policy propose`: every check runs before anything is sent — the file's format and the contract's rules
 * (in TypeScript, then as an eth_call dry-run of `validatePolicy`), the RPC, the key, the diff, and a simulation
 * of `propose` (proposal threshold, duplicates). Returns the lines to print.
 */
export async function proposePolicy(
  opts: SignerOptions & { bookId: bigint; file: string; description?: string | undefined; proposals: string },
): Promise<string[]> {
  const next = readPolicyFile(opts.file);
  const ctx = await openChain(opts);
  const account = await openSigner(opts);
  const { publicClient, addresses } = ctx;
  const registry = createPolicyRegistryClient({ publicClient, address: addresses.registry });
  try {
    await publicClient.readContract({
      address: addresses.registry,
      abi: policyRegistryAbi,
      functionName: "validatePolicy",
      args: [next],
    });
  } catch (error) {
    throw GovernanceError.fromRevert("on-chain validatePolicy dry-run", error);
  }
  let current: Awaited<ReturnType<typeof registry.getPolicy>>;
  let version: Awaited<ReturnType<typeof registry.policyVersion>>;
  try {
    [current, version] = await Promise.all([registry.getPolicy(opts.bookId), registry.policyVersion(opts.bookId)]);
  } catch (error) {
    throw GovernanceError.fromRevert(`read book ${opts.bookId}`, error);
  }
  const proposal = buildPolicyProposal({
    registry: addresses.registry,
    bookId: opts.bookId,
    current,
    currentVersion: version.version,
    next,
    note: opts.description,
  });
  const walletClient = walletFor(ctx, account, opts.rpc);
  const { proposalId, txHash } = await submitProposal(
    { publicClient, walletClient, governor: addresses.governor },
    proposal,
  );
  const file = saveProposal(
    opts.proposals,
    proposalRecord({
      proposalId,
      chainId: ctx.chainId,
      governor: addresses.governor,
      targets: proposal.targets,
      values: proposal.values,
      calldatas: proposal.calldatas,
      description: proposal.description,
    }),
  );
  const [status, { timestamp: now }] = await Promise.all([
    readProposalStatus(publicClient, addresses.governor, proposalId),
    publicClient.getBlock(),
  ]);
  return [
    `proposal ${proposalId}`,
    `  tx ${txHash} by ${account.address}`,
    `  recorded in ${file}`,
    "changes:",
    ...proposal.diff.map((l) => `  ${l}`),
    `voting opens ${when(status.snapshot, now)} and closes ${when(status.deadline, now)}`,
    `next: alvh gov vote ${proposalId} --support for  (holders vote with tokens delegated before the opening)`,
  ];
}
