import {
  type Account,
  type Address,
  type Chain,
  encodeFunctionData,
  type Hex,
  keccak256,
  type PublicClient,
  parseEventLogs,
  type Transport,
  toHex,
  type WalletClient,
  zeroAddress,
} from "viem";
import { policyRegistryAbi } from "../abi/policyRegistryAbi.ts";
import type { Policy } from "../policy/Policy.ts";
import { deploymentPath, mergeDeploymentSection, readDeployment } from "./Deployment.ts";
import { DeploymentExistsError, DeployTransactionError } from "./DeploymentError.ts";
import { GOVERNANCE_CONTRACTS } from "./governanceAddresses.ts";
import { type ArtifactName, loadArtifact } from "./loadArtifact.ts";

/** viem clients that deploy: any transport (in-process EIP-1193 or HTTP), a wallet with an account. */
export type GovernanceClients = {
  publicClient: PublicClient<Transport, Chain | undefined>;
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>;
};

export type BookInput = { safe: Address; venue: Address; market: Address; policy: Policy };
export type StewardBoundInput = { fieldId: number; maxStep: bigint; minDelay: number };

export type DeployGovernanceOptions = {
  /** Initial token holders; default: the deployer holds 1,000,000 tokens. */
  holders?: readonly { address: Address; amount: bigint }[];
  /** Seconds between proposal and vote start (token clock is timestamp). */
  votingDelay: number;
  /** Seconds the vote stays open. */
  votingPeriod: number;
  /** Votes needed to propose (token base units). */
  proposalThreshold: bigint;
  /** Quorum as a percentage of total supply at the snapshot. */
  quorumPercent: number;
  /** Timelock minimum delay (seconds). */
  timelockDelay: number;
  /** Gets GUARDIAN_ROLE on the registry (pause only; no Timelock role). */
  guardian?: Address;
  /** Gets STEWARD_ROLE on the registry. */
  steward?: Address;
  /** Books created (ids 1..n) before admin is handed to the Timelock. */
  books?: readonly BookInput[];
  /** Steward bounds set before hand-over. */
  stewardBounds?: readonly StewardBoundInput[];
  /** Where `<chainId>.json` is read (refusal check) and written; nothing is written when absent. */
  deploymentsDir?: string;
  /** Deploy even if the deployment file records a live registry. */
  overwrite?: boolean;
  artifactsDir?: string;
  tokenName?: string;
  tokenSymbol?: string;
  governorName?: string;
};

export type GovernanceDeployment = {
  chainId: number;
  deployBlock: number;
  deployer: Address;
  token: Address;
  timelock: Address;
  governor: Address;
  registry: Address;
  bookIds: bigint[];
  /** Path of the written deployment file, when `deploymentsDir` was given. */
  deploymentFile: string | undefined;
};

const role = (name: string): Hex => keccak256(toHex(name));
const DEFAULT_ADMIN_ROLE: Hex = `0x${"00".repeat(32)}`;
const DEFAULT_SUPPLY = 1_000_000n * 10n ** 18n;

/**
 * Deploys the ALVH governance set (token, timelock, governor, policy registry) and wires it: books and steward
 * bounds are created by the deployer, then the registry's admin is handed to the Timelock; the Governor gets
 * PROPOSER + CANCELLER, everyone EXECUTOR (the guardian no Timelock role); the deployer renounces every admin role.
 * Refuses (`DeploymentExistsError`) when `deploymentsDir` records a registry with code on this chain.
 */
export async function deployGovernance(
  clients: GovernanceClients,
  options: DeployGovernanceOptions,
): Promise<GovernanceDeployment> {
  const { publicClient, walletClient } = clients;
  const chainId = await publicClient.getChainId();
  const dir = options.deploymentsDir;
  if (dir !== undefined && !options.overwrite) await refuseIfLive(publicClient, dir, chainId);

  const account = walletClient.account ?? (await walletClient.getAddresses())[0];
  if (account === undefined) throw new DeployTransactionError("no deployer account in the wallet client");
  const deployer = typeof account === "string" ? account : account.address;
  const chain = walletClient.chain ?? null;

  const wait = async (step: string, hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new DeployTransactionError(step, new Error(`reverted in tx ${hash}`));
    return receipt;
  };
  const deploy = async (name: ArtifactName, args: readonly unknown[]) => {
    const { abi, bytecode } = loadArtifact(name, options.artifactsDir);
    let hash: Hex;
    try {
      hash = await walletClient.deployContract({ abi, bytecode, args, account, chain });
    } catch (cause) {
      throw new DeployTransactionError(`deploy ${name}`, cause);
    }
    const receipt = await wait(`deploy ${name}`, hash);
    if (!receipt.contractAddress) throw new DeployTransactionError(`deploy ${name}`, new Error("no contract address"));
    return { address: receipt.contractAddress, block: Number(receipt.blockNumber) };
  };
  const send = async (step: string, to: Address, data: Hex) => {
    let hash: Hex;
    try {
      hash = await walletClient.sendTransaction({ to, data, account, chain });
    } catch (cause) {
      throw new DeployTransactionError(step, cause);
    }
    return wait(step, hash);
  };
  const call = (name: ArtifactName, functionName: string, args: readonly unknown[]): Hex =>
    encodeFunctionData({ abi: loadArtifact(name, options.artifactsDir).abi, functionName, args });

  const holders = options.holders ?? [{ address: deployer, amount: DEFAULT_SUPPLY }];
  const token = await deploy("AlvhToken", [
    options.tokenName ?? "ALVH Governance",
    options.tokenSymbol ?? "ALVH",
    holders.map((h) => h.address),
    holders.map((h) => h.amount),
  ]);
  const timelock = await deploy("TimelockController", [BigInt(options.timelockDelay), [], [], deployer]);
  const governor = await deploy("AlvhGovernor", [
    options.governorName ?? "ALVH Governor",
    token.address,
    timelock.address,
    options.votingDelay,
    options.votingPeriod,
    options.proposalThreshold,
    BigInt(options.quorumPercent),
  ]);
  const registry = await deploy("PolicyRegistry", [deployer]);

  // Registry: initial books and steward bounds while the deployer is still admin.
  const bookIds: bigint[] = [];
  for (const [i, book] of (options.books ?? []).entries()) {
    const data = encodeFunctionData({
      abi: policyRegistryAbi,
      functionName: "createBook",
      args: [book.safe, book.venue, book.market, book.policy],
    });
    const receipt = await send(`create book ${i + 1}`, registry.address, data);
    const [created] = parseEventLogs({ abi: policyRegistryAbi, eventName: "BookCreated", logs: receipt.logs });
    if (!created) throw new DeployTransactionError(`create book ${i + 1}`, new Error("no BookCreated event"));
    bookIds.push(created.args.bookId);
  }
  for (const b of options.stewardBounds ?? []) {
    const data = encodeFunctionData({
      abi: policyRegistryAbi,
      functionName: "setStewardBound",
      args: [b.fieldId, b.maxStep, b.minDelay],
    });
    await send(`steward bound ${b.fieldId}`, registry.address, data);
  }
  const grant = (contract: ArtifactName, at: Address, roleId: Hex, who: Address, label: string) =>
    send(`grant ${label} on ${contract}`, at, call(contract, "grantRole", [roleId, who]));

  if (options.steward)
    await grant("PolicyRegistry", registry.address, role("STEWARD_ROLE"), options.steward, "steward");
  if (options.guardian) {
    await grant("PolicyRegistry", registry.address, role("GUARDIAN_ROLE"), options.guardian, "guardian");
  }
  await grant("PolicyRegistry", registry.address, DEFAULT_ADMIN_ROLE, timelock.address, "admin (timelock)");

  // Timelock: Governor proposes and cancels, anyone executes. The guardian gets no Timelock role: as CANCELLER it
  // could cancel any queued DAO operation, including the one revoking it. Its powers (pausing books and the
  // module) are roles the DAO grants and revokes, and none of them can stop a DAO operation.
  await grant("TimelockController", timelock.address, role("PROPOSER_ROLE"), governor.address, "proposer (governor)");
  await grant("TimelockController", timelock.address, role("CANCELLER_ROLE"), governor.address, "canceller (governor)");
  await grant("TimelockController", timelock.address, role("EXECUTOR_ROLE"), zeroAddress, "executor (anyone)");

  // Hand-over: the deployer keeps nothing.
  await send(
    "renounce registry admin",
    registry.address,
    call("PolicyRegistry", "renounceRole", [DEFAULT_ADMIN_ROLE, deployer]),
  );
  await send(
    "renounce timelock admin",
    timelock.address,
    call("TimelockController", "renounceRole", [DEFAULT_ADMIN_ROLE, deployer]),
  );

  const result: GovernanceDeployment = {
    chainId,
    deployBlock: token.block,
    deployer,
    token: token.address,
    timelock: timelock.address,
    governor: governor.address,
    registry: registry.address,
    bookIds,
    deploymentFile: undefined,
  };
  if (dir !== undefined) {
    mergeDeploymentSection(
      dir,
      chainId,
      "contracts",
      {
        [GOVERNANCE_CONTRACTS.token]: token,
        [GOVERNANCE_CONTRACTS.timelock]: timelock,
        [GOVERNANCE_CONTRACTS.governor]: governor,
        [GOVERNANCE_CONTRACTS.registry]: registry,
      },
      token.block,
    );
    mergeDeploymentSection(
      dir,
      chainId,
      "governance",
      {
        clock: "timestamp",
        votingDelay: options.votingDelay,
        votingPeriod: options.votingPeriod,
        proposalThreshold: options.proposalThreshold.toString(),
        quorumPercent: options.quorumPercent,
        timelockDelay: options.timelockDelay,
        guardian: options.guardian ?? null,
        steward: options.steward ?? null,
        bookIds: bookIds.map(Number),
      },
      token.block,
    );
    result.deploymentFile = deploymentPath(dir, chainId);
  }
  return result;
}

async function refuseIfLive(publicClient: GovernanceClients["publicClient"], dir: string, chainId: number) {
  const existing = readDeployment(dir, chainId)?.contracts[GOVERNANCE_CONTRACTS.registry];
  if (!existing) return;
  const code = await publicClient.getCode({ address: existing.address as Address });
  if (code !== undefined && code !== "0x") {
    throw new DeploymentExistsError(deploymentPath(dir, chainId), GOVERNANCE_CONTRACTS.registry, existing.address);
  }
}
