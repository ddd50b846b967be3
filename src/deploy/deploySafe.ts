import type { ContractNetworksConfig } from "@safe-global/protocol-kit";
import { type Address, encodeFunctionData, parseAbi, zeroAddress } from "viem";
import { DevRole, devKey } from "../devnet/devAccounts.ts";
import { npmArtifact } from "./artifacts.ts";
import type { Clients } from "./Clients.ts";
import { DeployStepError } from "./DeployStepError.ts";
import { deploy, write } from "./tx.ts";

const SAFE = "@safe-global/safe-smart-account/build/artifacts/contracts";

/** Addresses of the Safe 1.5.0 singletons and libraries on this chain. */
export type SafeContracts = {
  /** Safe (L1) singleton. */
  safeSingleton: Address;
  /** SafeL2 singleton (emits SafeMultiSigTransaction events): the proxies created here use it. */
  safeL2Singleton: Address;
  safeProxyFactory: Address;
  fallbackHandler: Address;
  multiSend: Address;
  multiSendCallOnly: Address;
  signMessageLib: Address;
  createCall: Address;
  simulateTxAccessor: Address;
};

export type SafeDeployment = {
  contracts: SafeContracts;
  /** The Safe proxy. */
  safe: Address;
  owners: Address[];
  threshold: number;
  /** Pass to `Safe.init({ contractNetworks })` (protocol-kit). */
  contractNetworks: ContractNetworksConfig;
};

export type DeploySafeOptions = {
  /** Default: dev accounts 1, 2, 3. */
  owners?: Address[];
  /** Default: 2. */
  threshold?: number;
  saltNonce?: bigint;
};

const safeProxyFactoryAbi = parseAbi([
  "function createProxyWithNonce(address singleton, bytes initializer, uint256 saltNonce) returns (address proxy)",
]);
const safeSetupAbi = parseAbi([
  "function setup(address[] owners, uint256 threshold, address to, bytes data, address fallbackHandler, address paymentToken, uint256 payment, address paymentReceiver)",
]);

/** Deploys the real Safe 1.5.0 contracts from `@safe-global/safe-smart-account` build artifacts (no compile). */
export async function deploySafeContracts(clients: Clients): Promise<SafeContracts> {
  const a = (dir: string, name: string) => npmArtifact(`${SAFE}/${dir}${name}.sol/${name}.json`);
  return {
    safeSingleton: await deploy(clients, a("", "Safe")),
    safeL2Singleton: await deploy(clients, a("", "SafeL2")),
    safeProxyFactory: await deploy(clients, a("proxies/", "SafeProxyFactory")),
    fallbackHandler: await deploy(clients, a("handler/", "CompatibilityFallbackHandler")),
    multiSend: await deploy(clients, a("libraries/", "MultiSend")),
    multiSendCallOnly: await deploy(clients, a("libraries/", "MultiSendCallOnly")),
    signMessageLib: await deploy(clients, a("libraries/", "SignMessageLib")),
    createCall: await deploy(clients, a("libraries/", "CreateCall")),
    simulateTxAccessor: await deploy(clients, a("accessors/", "SimulateTxAccessor")),
  };
}

/** Creates a Safe proxy (SafeL2 singleton, CompatibilityFallbackHandler) with the given owners and threshold. */
export async function createSafe(
  clients: Clients,
  contracts: SafeContracts,
  options: { owners: Address[]; threshold: number; saltNonce?: bigint },
): Promise<Address> {
  const { owners, threshold } = options;
  if (threshold < 1 || threshold > owners.length) {
    throw new DeployStepError("Invalid Safe threshold.", {
      metaMessages: [`threshold: ${threshold}`, `owners: ${owners.length}`],
    });
  }
  const initializer = encodeFunctionData({
    abi: safeSetupAbi,
    functionName: "setup",
    args: [owners, BigInt(threshold), zeroAddress, "0x", contracts.fallbackHandler, zeroAddress, 0n, zeroAddress],
  });
  const request = {
    address: contracts.safeProxyFactory,
    abi: safeProxyFactoryAbi,
    functionName: "createProxyWithNonce",
    args: [contracts.safeL2Singleton, initializer, options.saltNonce ?? 0n],
  } as const;
  const { result: safe } = await clients.publicClient.simulateContract({
    ...request,
    account: clients.walletClient.account,
  });
  await write(clients, request);
  return safe;
}

/** The `contractNetworks` entry protocol-kit needs for a chain without official Safe deployments. */
export function safeContractNetworks(chainId: number, contracts: SafeContracts): ContractNetworksConfig {
  return {
    [String(chainId)]: {
      safeSingletonAddress: contracts.safeL2Singleton,
      safeProxyFactoryAddress: contracts.safeProxyFactory,
      fallbackHandlerAddress: contracts.fallbackHandler,
      multiSendAddress: contracts.multiSend,
      multiSendCallOnlyAddress: contracts.multiSendCallOnly,
      signMessageLibAddress: contracts.signMessageLib,
      createCallAddress: contracts.createCall,
      simulateTxAccessorAddress: contracts.simulateTxAccessor,
    },
  };
}

/** Deploys the Safe contracts and one Safe (default 2-of-3 dev owners 1–3). */
export async function deploySafe(clients: Clients, options: DeploySafeOptions = {}): Promise<SafeDeployment> {
  const owners = options.owners ?? [DevRole.owner1, DevRole.owner2, DevRole.owner3].map((i) => devKey(i).address);
  const threshold = options.threshold ?? 2;
  const contracts = await deploySafeContracts(clients);
  const safe = await createSafe(clients, contracts, {
    owners,
    threshold,
    ...(options.saltNonce === undefined ? {} : { saltNonce: options.saltNonce }),
  });
  const chainId = await clients.publicClient.getChainId();
  return { contracts, safe, owners, threshold, contractNetworks: safeContractNetworks(chainId, contracts) };
}
