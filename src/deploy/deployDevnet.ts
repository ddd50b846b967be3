import { existsSync, rmSync } from "node:fs";
import type { Address } from "viem";
import { devClients } from "../devnet/connectRpc.ts";
import { DevRole, devKey } from "../devnet/devAccounts.ts";
import { fundSettlement } from "../devnet/fundSettlement.ts";
import { defaultPolicy } from "../policy/defaultPolicy.ts";
import type { Policy } from "../policy/Policy.ts";
import { prepareScenarioTrader } from "../scenario/prepareScenarioTrader.ts";
import type { Clients } from "./Clients.ts";
import { deploymentPath, mergeDeploymentSection } from "./Deployment.ts";
import { DeployStepError } from "./DeployStepError.ts";
import { type DeployGovernanceOptions, deployGovernance, type GovernanceDeployment } from "./deployGovernance.ts";
import { deployGuard, type GuardDeployment } from "./deployGuard.ts";
import { deployMulticall3 } from "./deployMulticall3.ts";
import { type DeployPerpOptions, deployPerp, findMarket, type PerpDeployment } from "./deployPerp.ts";
import { type DeploySafeOptions, deploySafe, type SafeDeployment } from "./deploySafe.ts";
import type { EmergencyModuleParams } from "./EmergencyModuleParams.ts";

const E18 = 10n ** 18n;

export type DeployDevnetOptions = {
  safe?: DeploySafeOptions;
  perp?: DeployPerpOptions;
  /** Settlement tokens minted to the Safe (default 1,000,000). */
  safeFunding?: bigint;
  /** Vault collateral of the scenario trader, dev key 4 (default 20,000,000). */
  scenarioTraderCollateral?: bigint;
  /** Vault collateral of the liquidator, dev key 6 (default 1,000,000). */
  liquidatorCollateral?: bigint;
  /** The book's policy in the registry (default `defaultPolicy()`). */
  policy?: Policy;
  /** Governance overrides, or `false` to skip governance. */
  governance?: Partial<DeployGovernanceOptions> | false;
  /**
   * The book's HedgeGuard and the EmergencyModule (deployed when governance is). By default the module is enabled
   * on the Safe and the guard is deployed but NOT installed: with it installed, every venue transaction must fit
   * the book's policy (e.g. a first deposit above Layer 1–2 `maxAddMargin` is refused), so install it once the
   * position is open (`installGuard: true`, or `guardInstallCalls` through the signers). `false` skips both.
   */
  guard?: { installGuard?: boolean; enableModule?: boolean; module?: Partial<EmergencyModuleParams> } | false;
  /** When set, `<dir>/<chainId>.json` is (re)written: a devnet is a fresh chain, any older file for it is stale. */
  deploymentsDir?: string;
  /** Recorded in the deployment file. */
  rpcUrl?: string;
};

export type DevnetDeployment = {
  chainId: number;
  deployBlock: number;
  multicall3: Address;
  safe: SafeDeployment;
  perp: PerpDeployment;
  /** null when governance was skipped. */
  governance: GovernanceDeployment | null;
  /** Registry book id of the Safe's ETH position (null without governance). */
  safeBookId: bigint | null;
  /** The book's guard and emergency module (null without governance or with `guard: false`). */
  guard: GuardDeployment | null;
  /** Dev accounts by role (see DevRole). */
  accounts: Record<keyof typeof DevRole, Address>;
  deploymentFile: string | undefined;
};

/**
 * Deploys the whole local world on the chain behind `clients` (in-process or HTTP): governance
 * (token, timelock, governor, policy registry with one book for the Safe's ETH position, default policy),
 * Multicall3, the Safe 1.5.0 contracts + a Safe (default 2-of-3 dev owners), Perp v2 with ETH and BTC,
 * settlement tokens for the Safe, Vault collateral for the scenario trader and the liquidator.
 * The deployer is `clients.walletClient` (dev key 0 by convention: it owns the settlement token).
 */
export async function deployDevnet(clients: Clients, options: DeployDevnetOptions = {}): Promise<DevnetDeployment> {
  const { publicClient } = clients;
  const chainId = await publicClient.getChainId();
  const deployBlock = Number(await publicClient.getBlockNumber()) + 1;
  const dir = options.deploymentsDir;
  if (dir !== undefined && existsSync(deploymentPath(dir, chainId))) rmSync(deploymentPath(dir, chainId));

  const multicall3 = await deployMulticall3(clients);
  const safe = await deploySafe(clients, options.safe);
  const perp = await deployPerp(clients, options.perp);
  const eth = findMarket(perp, "ETH");
  if (!eth) throw new DeployStepError("The devnet needs an ETH market.", { metaMessages: ["perp.markets: add ETH"] });

  await fundSettlement(clients, perp, safe.safe, options.safeFunding ?? 1_000_000n * E18);
  await prepareScenarioTrader(
    clients,
    devClients(publicClient, DevRole.scenarioTrader),
    perp,
    options.scenarioTraderCollateral ?? 20_000_000n * E18,
  );
  await prepareScenarioTrader(
    clients,
    devClients(publicClient, DevRole.liquidator),
    perp,
    options.liquidatorCollateral ?? 1_000_000n * E18,
  );

  let governance: GovernanceDeployment | null = null;
  if (options.governance !== false) {
    const g = options.governance ?? {};
    const dev = (i: number) => devKey(i).address;
    governance = await deployGovernance(clients, {
      holders: [
        { address: dev(DevRole.deployer), amount: 400_000n * E18 },
        { address: dev(DevRole.owner1), amount: 200_000n * E18 },
        { address: dev(DevRole.owner2), amount: 200_000n * E18 },
        { address: dev(DevRole.owner3), amount: 200_000n * E18 },
      ],
      votingDelay: 60,
      votingPeriod: 600,
      proposalThreshold: 0n,
      quorumPercent: 4,
      timelockDelay: 300,
      guardian: dev(DevRole.owner1),
      steward: dev(DevRole.owner2),
      books: [
        {
          safe: safe.safe,
          venue: perp.clearingHouse,
          market: eth.baseToken,
          policy: options.policy ?? defaultPolicy(),
        },
      ],
      ...g,
      ...(dir === undefined ? {} : { deploymentsDir: dir, overwrite: true }),
    });
  }

  let guard: GuardDeployment | null = null;
  const bookId = governance?.bookIds[0];
  if (governance && bookId !== undefined && options.guard !== false) {
    const o = options.guard ?? {};
    guard = await deployGuard(clients, {
      registry: governance.registry,
      bookId,
      safe,
      admin: governance.timelock,
      guardian: devKey(DevRole.owner1).address,
      // Registered keepers: the dev keeper account (Safe owner 1, the README's ALVH_KEEPER_KEY) and the other owners'
      // keys a dev keeper may run with.
      keepers: [...new Set([DevRole.keeper, DevRole.owner1, DevRole.owner2, DevRole.owner3])].map(
        (r) => devKey(r).address,
      ),
      ...(o.module ? { module: o.module } : {}),
      install: {
        ownerKeys: [devKey(DevRole.owner1).privateKey, devKey(DevRole.owner2).privateKey],
        guard: o.installGuard ?? false,
        module: o.enableModule ?? true,
      },
      ...(dir === undefined ? {} : { deploymentsDir: dir }),
    });
  }

  const accounts = Object.fromEntries(
    Object.entries(DevRole).map(([role, index]) => [role, devKey(index).address]),
  ) as Record<keyof typeof DevRole, Address>;
  const result: DevnetDeployment = {
    chainId,
    deployBlock,
    multicall3,
    safe,
    perp,
    governance,
    safeBookId: governance?.bookIds[0] ?? null,
    guard,
    accounts,
    deploymentFile: undefined,
  };
  if (dir !== undefined) {
    writeDevnetSections(dir, result, options.rpcUrl);
    result.deploymentFile = deploymentPath(dir, chainId);
  }
  return result;
}

function writeDevnetSections(dir: string, d: DevnetDeployment, rpcUrl: string | undefined): void {
  const at = (address: Address) => ({ address, block: d.deployBlock });
  const { perp, safe } = d;
  mergeDeploymentSection(
    dir,
    d.chainId,
    "contracts",
    {
      Multicall3: at(d.multicall3),
      Safe: at(safe.safe),
      SafeProxyFactory: at(safe.contracts.safeProxyFactory),
      MultiSendCallOnly: at(safe.contracts.multiSendCallOnly),
      SettlementToken: at(perp.settlementToken),
      ClearingHouse: at(perp.clearingHouse),
      Vault: at(perp.vault),
      AccountBalance: at(perp.accountBalance),
      Exchange: at(perp.exchange),
      InsuranceFund: at(perp.insuranceFund),
    },
    d.deployBlock,
  );
  mergeDeploymentSection(dir, d.chainId, "devnet", { rpcUrl: rpcUrl ?? null, accounts: d.accounts }, d.deployBlock);
  mergeDeploymentSection(dir, d.chainId, "multicall3", d.multicall3, d.deployBlock);
  mergeDeploymentSection(
    dir,
    d.chainId,
    "safe",
    {
      address: safe.safe,
      owners: safe.owners,
      threshold: safe.threshold,
      contracts: safe.contracts,
      bookId: d.safeBookId === null ? null : Number(d.safeBookId),
    },
    d.deployBlock,
  );
  mergeDeploymentSection(dir, d.chainId, "perp", perp, d.deployBlock);
}
