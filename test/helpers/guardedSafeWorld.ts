import type { Address, Hex } from "viem";
import type { Clients } from "../../src/deploy/Clients.ts";
import { deployDevnet } from "../../src/deploy/deployDevnet.ts";
import { type GuardDeployment, guardInstallCalls } from "../../src/deploy/deployGuard.ts";
import type { PerpDeployment } from "../../src/deploy/deployPerp.ts";
import type { SafeDeployment } from "../../src/deploy/deploySafe.ts";
import { DevRole, devKey } from "../../src/devnet/devAccounts.ts";
import type { SafeKitProvider } from "../../src/devnet/executeSafeCalls.ts";
import { openSafePosition } from "../../src/devnet/openSafePosition.ts";
import { execSafeAsOwners } from "../../src/guard/execSafeAsOwners.ts";
import { PerpV2Venue } from "../../src/venues/perp/PerpV2Venue.ts";
import { createPinnedNetwork } from "./createPinnedNetwork.ts";
import { must } from "./must.ts";
import { signalPolicy } from "./signalPolicy.ts";

const E18 = 10n ** 18n;

/** Two of the Safe's three owners: enough to execute (threshold 2). */
export const guardedOwnerKeys: readonly Hex[] = [devKey(DevRole.owner1).privateKey, devKey(DevRole.owner2).privateKey];

export type GuardedSafeWorld = {
  provider: SafeKitProvider;
  /** Clients per dev role (`wallet(DevRole.keeper)` …), sharing one public client. */
  wallet: (role: number) => Clients;
  deployer: Clients;
  perp: PerpDeployment;
  safe: SafeDeployment;
  registry: Address;
  guard: GuardDeployment;
  venue: PerpV2Venue;
  eth: Address;
};

/**
 * The guard tests' world on a pinned-clock in-process chain: the devnet deployment with the signal-driven
 * policy the caps were written against (the devnet deploys the guard and the module and enables the module),
 * the Safe's 5× ETH long of 10,000 collateral, then the guard installed by the signers.
 */
export async function guardedSafeWorld(): Promise<GuardedSafeWorld> {
  const conn = await createPinnedNetwork();
  const provider: SafeKitProvider = conn.provider;
  const publicClient = await conn.viem.getPublicClient();
  const wallets = await conn.viem.getWalletClients();
  const wallet = (i: number): Clients => ({ publicClient, walletClient: must(wallets[i]) });
  const deployer = wallet(DevRole.deployer);
  const devnet = await deployDevnet(deployer, { policy: signalPolicy() });
  const guard = must(devnet.guard);
  const venue = new PerpV2Venue({ publicClient, perp: devnet.perp, multicall3: devnet.multicall3 });
  await openSafePosition({
    provider,
    publicClient,
    venue,
    target: devnet.safe,
    ownerKeys: guardedOwnerKeys,
    position: { market: "ETH", side: "long", leverage: 5, collateral: 10_000n * E18 },
  });
  for (const call of guardInstallCalls(devnet.safe.safe, { guard: guard.guard }))
    await execSafeAsOwners(deployer, devnet.safe.safe, guardedOwnerKeys, call);
  return {
    provider,
    wallet,
    deployer,
    perp: devnet.perp,
    safe: devnet.safe,
    registry: must(devnet.governance).registry,
    guard,
    venue,
    eth: venue.market("ETH").id,
  };
}
