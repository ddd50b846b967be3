import { type Address, formatUnits, getAddress } from "viem";
import { alvhTokenAbi } from "../abi/alvhTokenAbi.ts";
import { deployGovernance } from "../deploy/deployGovernance.ts";
import {
  castVote,
  executeProposal,
  queueProposal,
  readProposalStatus,
  type SupportName,
  submitProposal,
} from "../governance/governorActions.ts";
import { proposalRecord } from "../governance/ProposalStore.ts";
import { buildPolicyProposal } from "../governance/policyProposal.ts";
import { defaultPolicy } from "../policy/defaultPolicy.ts";
import { formatPolicy } from "../policy/formatPolicy.ts";
import { createPolicyRegistryClient } from "../policy/PolicyRegistryClient.ts";
import { policyHash } from "../policy/policyHash.ts";

const e18 = 10n ** 18n;
/** Short, demo-friendly governance timing (seconds; the token clock is timestamp). */
const TIMING = { votingDelay: 60, votingPeriod: 3 * 3600, timelockDelay: 3600 };

/**
 * The DAO walk-through on an in-process Hardhat chain: deploy, show book 1's policy, propose tightening
 * L2's margin-buffer trigger and L1's repay target, vote with three holders, queue, wait out the
 * timelock (time travel), execute, and show the new version.
 */
export async function runGovernanceWalkthrough(io: { log: (line: string) => void }): Promise<{
  version: bigint;
  policyHash: `0x${string}`;
}> {
  const log = (line: string) => io.log(line.trimEnd());
  const { default: hre } = await import("hardhat");
  const { viem, networkHelpers } = await hre.network.create();
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const [deployer, alice, bob, carol, guardian, steward, safe] = wallets.map((w) => w.account);
  if (!deployer || !alice || !bob || !carol || !guardian || !steward || !safe) {
    throw new Error("the in-process chain has fewer than 7 accounts");
  }
  const name = new Map<string, string>([
    [alice.address, "alice"],
    [bob.address, "bob"],
    [carol.address, "carol"],
  ]);

  log("Step 1. Deploy token, timelock, governor and policy registry (admin handed to the timelock)");
  const gov = await deployGovernance(
    { publicClient, walletClient: wallets[0] as (typeof wallets)[number] },
    {
      ...TIMING,
      proposalThreshold: 1_000n * e18,
      quorumPercent: 4,
      holders: [
        { address: alice.address, amount: 400_000n * e18 },
        { address: bob.address, amount: 350_000n * e18 },
        { address: carol.address, amount: 250_000n * e18 },
      ],
      guardian: guardian.address,
      steward: steward.address,
      books: [
        {
          safe: safe.address,
          venue: getAddress(`0x${"c1".repeat(20)}`),
          market: getAddress(`0x${"b7".repeat(20)}`),
          policy: defaultPolicy(),
        },
      ],
    },
  );
  log(`   registry ${gov.registry}  governor ${gov.governor}  timelock ${gov.timelock}`);
  log(`   voting delay ${TIMING.votingDelay}s, period ${TIMING.votingPeriod}s, timelock ${TIMING.timelockDelay}s`);

  const registry = createPolicyRegistryClient({ publicClient, address: gov.registry });
  const before = await registry.getPolicy(1n);
  const v1 = await registry.policyVersion(1n);
  log("");
  log(`Step 2. Book 1 policy, version ${v1.version} (hash ${v1.policyHash})`);
  for (const line of formatPolicy(before)) log(`   ${line}`);

  log("");
  log("Step 3. Holders delegate their votes to themselves");
  for (const w of wallets.slice(1, 4)) {
    const hash = await w.writeContract({
      address: gov.token,
      abi: alvhTokenAbi,
      functionName: "delegate",
      args: [w.account.address],
    });
    await publicClient.waitForTransactionReceipt({ hash });
    const votes = await publicClient.readContract({
      address: gov.token,
      abi: alvhTokenAbi,
      functionName: "getVotes",
      args: [w.account.address],
    });
    log(`   ${name.get(w.account.address)}: ${formatUnits(votes, 18)} votes`);
  }

  log("");
  log("Step 4. Alice proposes: L2 margin buffer 65% → 64%, L1 target buffer 85% → 80%");
  const next = defaultPolicy();
  next.layers[1].marginBufferPpm = 640_000;
  next.layers[0].targetBufferPpm = 800_000;
  const proposal = buildPolicyProposal({
    registry: gov.registry,
    bookId: 1n,
    current: before,
    currentVersion: v1.version,
    next,
    note: "Hedge earlier after the last funding squeeze.",
  });
  const writer = (i: number) => ({
    publicClient,
    walletClient: wallets[i] as (typeof wallets)[number],
    governor: gov.governor,
  });
  const { proposalId } = await submitProposal(writer(1), proposal);
  for (const line of proposal.description.split("\n")) log(`   | ${line}`);
  const state = async () => (await readProposalStatus(publicClient, gov.governor, proposalId)).state;
  log(`   proposal ${proposalId}: ${await state()}`);

  log("");
  log(`Step 5. Wait out the voting delay (+${TIMING.votingDelay + 1}s), then vote`);
  await networkHelpers.time.increase(TIMING.votingDelay + 1);
  const ballots: [number, SupportName][] = [
    [1, "for"],
    [2, "for"],
    [3, "against"],
  ];
  for (const [i, support] of ballots) {
    await castVote(writer(i), proposalId, support);
    log(`   ${name.get((wallets[i] as (typeof wallets)[number]).account.address)} votes ${support}`);
  }
  const tally = await readProposalStatus(publicClient, gov.governor, proposalId);
  log(
    `   tally: for ${formatUnits(tally.votes.for, 18)}, against ${formatUnits(tally.votes.against, 18)}, quorum ${formatUnits(tally.quorum, 18)}`,
  );

  log("");
  log(`Step 6. Voting period ends (+${TIMING.votingPeriod}s); anyone queues it in the timelock`);
  await networkHelpers.time.increase(TIMING.votingPeriod);
  log(`   state: ${await state()}`);
  const record = proposalRecord({
    proposalId,
    chainId: gov.chainId,
    governor: gov.governor,
    targets: proposal.targets,
    values: proposal.values,
    calldatas: proposal.calldatas,
    description: proposal.description,
  });
  await queueProposal(writer(2), record);
  log(`   state: ${await state()}`);

  log("");
  log(`Step 7. Timelock delay passes (+${TIMING.timelockDelay + 1}s); anyone executes`);
  await networkHelpers.time.increase(TIMING.timelockDelay + 1);
  await executeProposal(writer(3), record);
  log(`   state: ${await state()}`);

  const after = await registry.getPolicy(1n);
  const v2 = await registry.policyVersion(1n);
  log("");
  log(`Step 8. Book 1 policy, version ${v2.version} (hash ${v2.policyHash})`);
  log(`   hash matches the proposed policy: ${v2.policyHash === policyHash(next)}`);
  for (const line of formatPolicy(after)) log(`   ${line}`);
  return { version: v2.version, policyHash: v2.policyHash as Address };
}
