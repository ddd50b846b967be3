import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Address, encodeFunctionData, getAddress, type Hex, keccak256, parseEventLogs, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alvhGovernorAbi } from "../../src/abi/alvhGovernorAbi.ts";
import { alvhTokenAbi } from "../../src/abi/alvhTokenAbi.ts";
import { policyRegistryAbi } from "../../src/abi/policyRegistryAbi.ts";
import { readDeployment } from "../../src/deploy/Deployment.ts";
import { DeploymentExistsError } from "../../src/deploy/DeploymentError.ts";
import { deployGovernance, type GovernanceDeployment } from "../../src/deploy/deployGovernance.ts";
import { defaultPolicy } from "../../src/policy/defaultPolicy.ts";
import { createPolicyRegistryClient } from "../../src/policy/PolicyRegistryClient.ts";
import { policyHash } from "../../src/policy/policyHash.ts";
import { createPinnedNetwork } from "../helpers/createPinnedNetwork.ts";

const e18 = 10n ** 18n;
const SETTINGS = {
  votingDelay: 60,
  votingPeriod: 3600,
  proposalThreshold: 1n * e18,
  quorumPercent: 4,
  timelockDelay: 600,
};

const { viem, networkHelpers } = await createPinnedNetwork();
const publicClient = await viem.getPublicClient();
const wallets = await viem.getWalletClients();
const wallet = (i: number) => {
  const w = wallets[i];
  if (!w) throw new Error(`no wallet ${i}`);
  return w;
};
const [deployer, alice, bob, carol, guardian, steward] = [0, 1, 2, 3, 4, 5].map((i) =>
  getAddress(wallet(i).account.address),
) as [Address, Address, Address, Address, Address, Address];
const dir = mkdtempSync(path.join(tmpdir(), "alvh-deploy-"));
let gov: GovernanceDeployment;

beforeAll(async () => {
  gov = await deployGovernance(
    { publicClient, walletClient: wallet(0) },
    {
      ...SETTINGS,
      holders: [
        { address: alice, amount: 400_000n * e18 },
        { address: bob, amount: 350_000n * e18 },
        { address: carol, amount: 250_000n * e18 },
      ],
      guardian,
      steward,
      books: [{ safe: deployer, venue: bob, market: carol, policy: defaultPolicy() }],
      deploymentsDir: dir,
    },
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("deployGovernance", () => {
  it("creates book 1 with the default policy, version 1 and the TS-computed hash", async () => {
    const registry = createPolicyRegistryClient({ publicClient, address: gov.registry });
    expect(gov.bookIds).toEqual([1n]);
    expect(await registry.getPolicy(1n)).toEqual(defaultPolicy());
    expect(await registry.policyVersion(1n)).toEqual({ version: 1n, policyHash: policyHash(defaultPolicy()) });
    expect(await registry.getBook(1n)).toMatchObject({ safe: deployer, paused: false, version: 1n });
  });

  it("hands every admin role to the timelock and keeps none for the deployer", async () => {
    const read = (functionName: "hasRole", role: Hex, who: Address) =>
      publicClient.readContract({ address: gov.registry, abi: policyRegistryAbi, functionName, args: [role, who] });
    const admin = `0x${"00".repeat(32)}` as Hex;
    expect(await read("hasRole", admin, gov.timelock)).toBe(true);
    expect(await read("hasRole", admin, deployer)).toBe(false);
    expect(await read("hasRole", keccak256(toHex("GUARDIAN_ROLE")), guardian)).toBe(true);
    expect(await read("hasRole", keccak256(toHex("STEWARD_ROLE")), steward)).toBe(true);
  });

  it("gives the guardian no Timelock role: it cannot cancel a queued DAO operation (issue 11, item 7)", async () => {
    const timelockRole = (name: string, who: Address) =>
      publicClient.readContract({
        address: gov.timelock,
        abi: policyRegistryAbi,
        functionName: "hasRole",
        args: [keccak256(toHex(name)), who],
      });
    for (const name of ["CANCELLER_ROLE", "PROPOSER_ROLE", "EXECUTOR_ROLE"]) {
      expect(await timelockRole(name, guardian)).toBe(false);
    }
    expect(await timelockRole("CANCELLER_ROLE", gov.governor)).toBe(true);
  });

  it("writes deployments/<chainId>.json and refuses to deploy twice", async () => {
    const d = readDeployment(dir, gov.chainId);
    expect(d?.contracts.PolicyRegistry?.address).toBe(gov.registry);
    expect(d?.deployBlock).toBe(gov.deployBlock);
    await expect(
      deployGovernance({ publicClient, walletClient: wallet(0) }, { ...SETTINGS, deploymentsDir: dir }),
    ).rejects.toBeInstanceOf(DeploymentExistsError);
  });

  it("runs propose → vote → queue → execute and the registry reports the new version and hash", async () => {
    const snapshot = await networkHelpers.takeSnapshot();
    for (const w of wallets.slice(1, 4)) {
      await w.writeContract({
        address: gov.token,
        abi: alvhTokenAbi,
        functionName: "delegate",
        args: [w.account.address],
      });
    }
    const next = defaultPolicy();
    next.layers[1].marginBufferPpm = 640_000;
    const calldata = encodeFunctionData({ abi: policyRegistryAbi, functionName: "setPolicy", args: [1n, next] });
    const description = "L2 marginBuffer: 65% → 64%";
    const proposal = [[gov.registry], [0n], [calldata]] as const;
    const hash = await wallet(1).writeContract({
      address: gov.governor,
      abi: alvhGovernorAbi,
      functionName: "propose",
      args: [...proposal, description],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const [created] = parseEventLogs({ abi: alvhGovernorAbi, eventName: "ProposalCreated", logs: receipt.logs });
    if (!created) throw new Error("no ProposalCreated");
    const proposalId = created.args.proposalId;
    await networkHelpers.time.increase(SETTINGS.votingDelay + 1);
    for (const [i, support] of [1, 1, 0].entries()) {
      await wallet(i + 1).writeContract({
        address: gov.governor,
        abi: alvhGovernorAbi,
        functionName: "castVote",
        args: [proposalId, support],
      });
    }
    await networkHelpers.time.increase(SETTINGS.votingPeriod + 1);
    const state = () =>
      publicClient.readContract({
        address: gov.governor,
        abi: alvhGovernorAbi,
        functionName: "state",
        args: [proposalId],
      });
    expect(await state()).toBe(4); // Succeeded
    const descriptionHash = keccak256(toHex(description));
    await wallet(2).writeContract({
      address: gov.governor,
      abi: alvhGovernorAbi,
      functionName: "queue",
      args: [...proposal, descriptionHash],
    });
    expect(await state()).toBe(5); // Queued
    await networkHelpers.time.increase(SETTINGS.timelockDelay + 1);
    await wallet(3).writeContract({
      address: gov.governor,
      abi: alvhGovernorAbi,
      functionName: "execute",
      args: [...proposal, descriptionHash],
    });
    expect(await state()).toBe(7); // Executed
    const registry = createPolicyRegistryClient({ publicClient, address: gov.registry });
    expect(await registry.policyVersion(1n)).toEqual({ version: 2n, policyHash: policyHash(next) });
    expect((await registry.getPolicy(1n)).layers[1].marginBufferPpm).toBe(640_000);
    await snapshot.restore();
  });
});
