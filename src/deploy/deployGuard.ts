import { type Address, encodeFunctionData, getAddress, type Hex, type PublicClient, zeroAddress } from "viem";
import { execSafeAsOwners } from "../guard/execSafeAsOwners.ts";
import { emergencyModuleAbi, SAFE_GUARD_SLOT, SAFE_SENTINEL, safeAdminAbi } from "../guard/guardAbis.ts";
import type { SafeCall } from "../venues/Venue.ts";
import { localArtifact } from "./artifacts.ts";
import type { Clients } from "./Clients.ts";
import { mergeDeploymentSection } from "./Deployment.ts";
import type { SafeDeployment } from "./deploySafe.ts";
import { defaultEmergencyModuleParams, type EmergencyModuleParams } from "./EmergencyModuleParams.ts";
import { deploy } from "./tx.ts";

export type DeployGuardOptions = {
  /** The policy registry (PolicyRegistry) holding the book. */
  registry: Address;
  /** The book the guard enforces; its Safe, venue and market come from the registry. */
  bookId: bigint;
  /** The book's Safe (address, protocol-kit networks, MultiSendCallOnly). */
  safe: Pick<SafeDeployment, "safe"> & { contracts: { multiSendCallOnly: Address } };
  /** Admin of the module's parameters: the DAO's Timelock. */
  admin: Address;
  /** May pause the module (optional). */
  guardian?: Address | undefined;
  /** Get KEEPER_ROLE on the module: act without the grace delay (optional; the admin grants more later). */
  keepers?: readonly Address[] | undefined;
  module?: Partial<EmergencyModuleParams>;
  /** Install on the Safe: `setGuard` and `enableModule`, each a Safe transaction signed by the owners' keys. */
  install?: {
    /** At least the Safe's threshold of owner keys. */
    ownerKeys: readonly Hex[];
    /** Default true. */
    guard?: boolean;
    /** Default true. */
    module?: boolean;
  };
  /** Writes the `guard` section of `<chainId>.json` there when given. */
  deploymentsDir?: string;
};

export type GuardDeployment = {
  bookId: bigint;
  safe: Address;
  guard: Address;
  module: Address;
  params: EmergencyModuleParams;
  guardInstalled: boolean;
  moduleEnabled: boolean;
};

/**
 * Deploys the book's HedgeGuard and the EmergencyModule, and (with `install`) registers them on the Safe through
 * Safe transactions signed by the owners: `setGuard(guard)`, `enableModule(module)`. Run `hardhat build` first (this project's artifacts). Call it from the devnet deployment
 * after governance (the book must exist) and the Safe.
 */
export async function deployGuard(clients: Clients, options: DeployGuardOptions): Promise<GuardDeployment> {
  const params = { ...defaultEmergencyModuleParams(), ...options.module };
  const module = await deploy(clients, localArtifact("contracts/module/EmergencyModule.sol", "EmergencyModule"), [
    options.registry,
    options.admin,
    options.guardian ?? zeroAddress,
    options.keepers ?? [],
    params,
  ]);
  // The guard is also the Safe's module guard; the EmergencyModule's module transactions pass it (own rules).
  const guard = await deploy(clients, localArtifact("contracts/guard/HedgeGuard.sol", "HedgeGuard"), [
    options.registry,
    options.bookId,
    options.safe.contracts.multiSendCallOnly,
    module,
  ]);
  const install = options.install;
  const withGuard = install !== undefined && install.guard !== false;
  const withModule = install !== undefined && install.module !== false;
  if (install) {
    const calls = guardInstallCalls(options.safe.safe, {
      ...(withGuard ? { guard } : {}),
      ...(withModule ? { module, bookId: options.bookId } : {}),
    });
    for (const call of calls) await execSafeAsOwners(clients, options.safe.safe, install.ownerKeys, call);
  }
  const result: GuardDeployment = {
    bookId: options.bookId,
    safe: options.safe.safe,
    guard,
    module,
    params,
    guardInstalled: withGuard,
    moduleEnabled: withModule,
  };
  if (options.deploymentsDir !== undefined) {
    const block = Number(await clients.publicClient.getBlockNumber());
    mergeDeploymentSection(
      options.deploymentsDir,
      await clients.publicClient.getChainId(),
      "guard",
      {
        ...result,
        bookId: result.bookId.toString(),
        params: {
          ...params,
          periodMarginCap: params.periodMarginCap.toString(),
          periodReduceCap: params.periodReduceCap.toString(),
        },
      },
      block,
    );
    mergeDeploymentSection(
      options.deploymentsDir,
      await clients.publicClient.getChainId(),
      "contracts",
      {
        HedgeGuard: { address: guard, block },
        EmergencyModule: { address: module, block },
      },
      block,
    );
  }
  return result;
}

/** Calls (to the Safe itself) that install a guard (as transaction and module guard) and/or enable a module. */
export function guardInstallCalls(
  safe: Address,
  what: { guard?: Address; module?: Address; bookId?: bigint },
): SafeCall[] {
  const calls: SafeCall[] = [];
  if (what.guard) {
    calls.push(selfCall(safe, encodeFunctionData({ abi: safeAdminAbi, functionName: "setGuard", args: [what.guard] })));
    calls.push(
      selfCall(safe, encodeFunctionData({ abi: safeAdminAbi, functionName: "setModuleGuard", args: [what.guard] })),
    );
  }
  if (what.module) {
    calls.push(
      selfCall(safe, encodeFunctionData({ abi: safeAdminAbi, functionName: "enableModule", args: [what.module] })),
    );
    // The Safe's consent: the one book (and its venue) the module may act for.
    if (what.bookId !== undefined) {
      calls.push({
        to: what.module,
        value: 0n,
        data: encodeFunctionData({ abi: emergencyModuleAbi, functionName: "approveBook", args: [what.bookId] }),
        operation: 0,
      });
    }
  }
  return calls;
}

/** Calls (to the Safe itself) that remove the guard and/or disable a module (finds the module's predecessor). */
export async function guardRemovalCalls(
  publicClient: Pick<PublicClient, "readContract">,
  safe: Address,
  what: { guard?: boolean; module?: Address },
): Promise<SafeCall[]> {
  const calls: SafeCall[] = [];
  if (what.guard) {
    calls.push(
      selfCall(safe, encodeFunctionData({ abi: safeAdminAbi, functionName: "setGuard", args: [zeroAddress] })),
    );
    calls.push(
      selfCall(safe, encodeFunctionData({ abi: safeAdminAbi, functionName: "setModuleGuard", args: [zeroAddress] })),
    );
  }
  if (what.module) {
    const [modules] = await publicClient.readContract({
      address: safe,
      abi: safeAdminAbi,
      functionName: "getModulesPaginated",
      args: [SAFE_SENTINEL, 100n],
    });
    const i = modules.findIndex((m) => getAddress(m) === getAddress(what.module as Address));
    if (i >= 0) {
      const prev = i === 0 ? SAFE_SENTINEL : (modules[i - 1] as Address);
      calls.push(
        selfCall(
          safe,
          encodeFunctionData({ abi: safeAdminAbi, functionName: "disableModule", args: [prev, what.module] }),
        ),
      );
    }
  }
  return calls;
}

/** The Safe's current transaction guard (zero address when none), read from its storage slot. */
export async function readSafeGuard(publicClient: Pick<PublicClient, "readContract">, safe: Address): Promise<Address> {
  const word = await publicClient.readContract({
    address: safe,
    abi: safeAdminAbi,
    functionName: "getStorageAt",
    args: [SAFE_GUARD_SLOT, 1n],
  });
  return getAddress(`0x${word.slice(-40)}`);
}

function selfCall(safe: Address, data: Hex): SafeCall {
  return { to: safe, value: 0n, data, operation: 0 };
}
